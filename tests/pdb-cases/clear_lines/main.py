for i in range(3):
    x = i
    y = i * 2
print(x, y)
