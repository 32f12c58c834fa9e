k = 0
g = 1


def scope():
    x = 2
    g = 3
    print("scope", x, g)


scope()
