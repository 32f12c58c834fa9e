def level3():
    here = "deep"
    return here


def level2():
    return level3()


def level1():
    return level2()


def level0():
    return level1()


level0()
