def f(i):
    return i

for i in range(3):
    f(i)
