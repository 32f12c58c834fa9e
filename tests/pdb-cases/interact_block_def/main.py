def compute(limit):
    evens = [n for n in range(limit) if n % 2 == 0]
    total = sum(evens)
    return total


print(compute(9))
