def divide(a, b):
    quotient = a / b
    return quotient


def run():
    return divide(9, 3)


print(run())
