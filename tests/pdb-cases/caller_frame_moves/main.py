def leaf(n):
    a = n + 1
    b = a * 2
    return b


def middle(n):
    first = leaf(n)
    second = leaf(first)
    third = leaf(second)
    return third


def top():
    v = middle(1)
    w = middle(v)
    return w


print(top())
