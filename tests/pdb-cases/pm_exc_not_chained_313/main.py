def check(level):
    if level > 2:
        raise OverflowError("level %d too high" % level)
    return level


for lvl in range(5):
    check(lvl)
