def inner(n):
    n = n + 1
    n = n + 1
    return n


def outer():
    m = 10
    m = inner(m)
    m = m * 2
    return m


outer()
