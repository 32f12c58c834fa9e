def report(items):
    total = 0
    for item in items:
        total += item
    print("total", total)
    print("count", len(items))
    print("mean", total / len(items))
    return total


def never_called():
    return "unreached"


report([3, 4, 5])
