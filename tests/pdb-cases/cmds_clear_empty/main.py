def record(log, n):
    log.append(n)
    return len(log)


def checkpoint(log):
    return sum(log)


history = []
for k in range(3):
    record(history, k)
checkpoint(history)
for k in range(10, 12):
    record(history, k)
print(history)
