def tally(values):
    total = 0
    for v in values:
        total += v
    print("total", total)
    return total


tally([1, 2, 3])
tally([10])
tally([4, 4])
