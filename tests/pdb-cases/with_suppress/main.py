class Quiet:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, kind, value, tb):
        print("exit with", kind.__name__ if kind else None)
        return True


def main():
    with Quiet() as q:
        x = 1
        raise KeyError("swallowed")
    print("after with", x)
    return q


main()
