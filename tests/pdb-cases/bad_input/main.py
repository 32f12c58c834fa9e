def f(a):
    b = a * 2
    return b

value = f(21)
print(value)
