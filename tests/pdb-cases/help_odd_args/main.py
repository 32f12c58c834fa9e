value = 41
value += 1
print(value)
