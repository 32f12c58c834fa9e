def make(kind, text):
    try:
        raise kind(text)
    except Exception as out:
        return out


def main():
    try:
        raise KeyError("hidden context")
    except KeyError:
        raise ValueError("with cause") from make(TypeError, "the cause")


main()
