def a(v):
    return b(v + 1)

def b(v):
    return c(v * 2)

def c(v):
    result = v - 3
    return result

print(a(1))
