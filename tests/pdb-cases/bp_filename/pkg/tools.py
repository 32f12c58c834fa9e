def double(x):
    y = x * 2
    return y


def triple(x):
    y = x * 3
    return y
