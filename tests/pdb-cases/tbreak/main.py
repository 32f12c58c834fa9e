def tick(i):
    return i + 1

n = 0
for _ in range(3):
    n = tick(n)
print(n)
