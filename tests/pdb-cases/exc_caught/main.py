def risky(v):
    if v == 2:
        raise KeyError(v)
    return v

def safe():
    total = 0
    for v in range(4):
        try:
            total += risky(v)
        except KeyError as e:
            total -= 1
    return total

print(safe())
