def inner(n):
    s = 0
    for i in range(n):
        s += i
    return s

def outer():
    v = inner(10)
    w = inner(5)
    return v - w

print(outer())
