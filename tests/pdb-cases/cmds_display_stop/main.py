def accumulate(items):
    acc = 0
    for it in items:
        acc += it
    return acc


print(accumulate([4, 5, 6]))
