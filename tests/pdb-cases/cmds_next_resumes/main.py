def scale(x, factor):
    product = x * factor
    shifted = product + 1
    return shifted


results = []
for value in (2, 5):
    results.append(scale(value, 3))
print(results)
