def small():
    x = 1
    x = 2


def caller():
    small()
    small()
    small()
    last = 1


caller()
