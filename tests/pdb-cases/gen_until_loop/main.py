def evens(limit):
    k = 0
    while k < limit:
        if k % 2 == 0:
            yield k
        k += 1

acc = []
for v in evens(6):
    acc.append(v * 10)
print(acc)
