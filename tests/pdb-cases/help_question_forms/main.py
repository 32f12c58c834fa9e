def halve(n):
    return n // 2


print(halve(10))
