def square(v):
    result = v * v
    return result


def finish(total):
    return total


total = 0
for v in (3, 4):
    total += square(v)
finish(total)
