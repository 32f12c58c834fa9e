def visit(i):
    marker = i * 100
    return marker


for i in range(7):
    visit(i)
print("all visited")
