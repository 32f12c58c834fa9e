def f(i):
    y = i * 2
    return y
