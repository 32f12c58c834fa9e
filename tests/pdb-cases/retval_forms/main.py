def gives():
    x = [1, 2]
    return x


def nothing():
    pass


gives()
nothing()
