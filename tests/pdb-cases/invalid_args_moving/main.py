def target(a, b):
    total = a + b
    return total


def later():
    return "later"


target(1, 2)
later()
