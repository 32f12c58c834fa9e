def inner(x):
    return x + 1


def middle(x):
    y = inner(x) * 3
    return y


print(middle(2))
