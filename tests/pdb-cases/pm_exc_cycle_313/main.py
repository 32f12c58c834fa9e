def captured(kind, text):
    try:
        raise kind(text)
    except Exception as caught:
        return caught


def tangled():
    first = captured(ValueError, "first")
    second = captured(KeyError, "second")
    third = captured(IndexError, "third")
    first.__cause__ = second
    second.__cause__ = third
    raise third from first


tangled()
