import marshal


def work(n):
    k = helper(n)
    return k + 1


def helper(n):
    return n * 2


def run():
    return work(1)


print(run())
