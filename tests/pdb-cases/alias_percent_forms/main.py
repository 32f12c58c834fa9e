def pack(a, b, c):
    bundle = [a, b, c]
    return bundle


print(pack(1, 2, 3))
