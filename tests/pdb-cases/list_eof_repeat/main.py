def tiny(x):
    return x + 1


print(tiny(1))
