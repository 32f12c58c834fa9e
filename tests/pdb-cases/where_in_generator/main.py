def numbers(limit):
    n = 0
    while n < limit:
        yield n
        n += 1


def consume():
    seen = []
    for value in numbers(3):
        seen.append(value)
    return seen


print(consume())
