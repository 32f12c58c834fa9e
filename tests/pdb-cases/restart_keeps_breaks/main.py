def visit(n):
    return n + 1


total = 0
for n in range(2):
    total += visit(n)
print(total)
