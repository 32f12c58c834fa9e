x = 0
while x < 20:
    x += 1
y = x * 2
z = y + 1
print(z)
