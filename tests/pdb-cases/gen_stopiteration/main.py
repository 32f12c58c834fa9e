def produce():
    yield "first"
    return "value"
    yield "never"


def consume():
    it = produce()
    try:
        if next(it) != "first":
            raise AssertionError
        next(it)
    except StopIteration as stop:
        if stop.value != "value":
            raise AssertionError
    print("consumed")


consume()
