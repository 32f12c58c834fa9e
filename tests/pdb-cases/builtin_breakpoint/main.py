def compute(v):
    w = v + 1
    breakpoint()
    w = w * 2
    return w

print(compute(4))
print(compute(5))
