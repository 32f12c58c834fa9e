def sample(i):
    reading = i * 3
    return reading


readings = []
for i in range(6):
    readings.append(sample(i))
print(readings)
