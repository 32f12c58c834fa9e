def step(i):
    x = i * 3
    return x

vals = [step(i) for i in range(6)]
print(vals)
