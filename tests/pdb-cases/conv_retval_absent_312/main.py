def compute(a, b):
    total = a * b
    return total + 1


def wrapper():
    return compute(3, 4)


print(wrapper())
