import tools


def run():
    first = tools.add(1, 2)
    second = tools.mul(first, 4)
    return second


print(run())
