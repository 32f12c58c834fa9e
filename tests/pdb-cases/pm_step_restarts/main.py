value = 3
result = value / 0
