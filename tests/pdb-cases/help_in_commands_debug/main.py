def target(a):
    b = a + 1
    return b


def caller():
    return target(1)


print(caller())
