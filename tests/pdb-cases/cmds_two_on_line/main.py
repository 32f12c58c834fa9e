def tick(t):
    t = t + 1
    return t


for t in range(3):
    tick(t)
