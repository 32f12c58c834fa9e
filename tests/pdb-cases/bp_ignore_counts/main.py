def visit(k):
    value = k * 10
    return value


results = []
for k in range(6):
    results.append(visit(k))
print(results)
