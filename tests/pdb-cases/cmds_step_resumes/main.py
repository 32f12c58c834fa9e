def inner(n):
    return n - 1


def outer(n):
    m = n * 10
    return inner(m)


print(outer(4))
print(outer(6))
