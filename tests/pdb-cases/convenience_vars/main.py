def helper():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        pass
    return 7


def outer():
    return helper()


outer()
