def walk(steps):
    pos = 0
    for s in range(steps):
        pos += s
    pos *= 2
    return pos


print(walk(3))
