def f(k):
    return k * 2

def g(k):
    return k + 100

out = []
for k in range(4):
    out.append(f(k))
    out.append(g(k))
print(out)
