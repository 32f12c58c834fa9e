def acc(n):
    total = 0
    for i in range(n):
        total += i
    return total

r = acc(4)
print(r)
