def f():
    x = 1
    y = x + 1
    return y

print(f())
