def accumulate(values):
    total = 0
    for v in values:
        total += v
    return total


result = accumulate([1, 2])
print(result)
