def inner(k):
    squared = k * k
    squared += 1
    return squared


def outer():
    acc = inner(3)
    return acc


outer()
