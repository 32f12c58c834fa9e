def d(n):
    marker = "bottom"
    return marker * n


def c(n):
    return d(n + 1)


def b(n):
    return c(n + 1)


def a(n):
    return b(n + 1)


print(a(0))
