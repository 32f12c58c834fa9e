def leaf(x):
    y = x * 2
    return y

def middle(x):
    a = leaf(x)
    b = leaf(a)
    return a + b

def top():
    total = middle(1)
    return total

print(top())
