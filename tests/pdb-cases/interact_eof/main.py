limit = 5


def work():
    x = 1
    items = []
    print("working")
    return x, items


work()
