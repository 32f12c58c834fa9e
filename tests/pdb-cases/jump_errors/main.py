def work():
    total = 0
    for i in range(2):
        total += i
    try:
        total += 10
    finally:
        total += 100
    return total


def outer():
    return work()


print(outer())
