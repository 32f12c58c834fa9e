def grow(n):
    size = n
    size *= 3
    return size


print(grow(2))
