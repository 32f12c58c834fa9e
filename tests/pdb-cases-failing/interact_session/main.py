counter = 0
shared = {}


def work():
    x = 1
    items = []
    print("working")
    return x, items


work()
print(shared)
