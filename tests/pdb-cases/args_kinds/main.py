def f(a, b=2, *rest, c, d=4, **kw):
    del b
    return a


def g():
    return 0


f(1, 2, 3, c=5, e=6)
g()
