def nothing():
    pass


def something():
    print(42)
