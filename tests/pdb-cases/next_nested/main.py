def leaf(x):
    return x + 1

def middle(x):
    a = leaf(x)
    b = leaf(a)
    return a + b

r = middle(3)
r2 = middle(r)
print(r, r2)
