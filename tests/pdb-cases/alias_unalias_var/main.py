def summary(rows):
    total = sum(rows)
    count = len(rows)
    return total / count


print(summary([2, 4, 9]))
