def visit(items):
    seen = 0
    for item in items:
        seen += item
    return seen

print(visit(range(10)))
