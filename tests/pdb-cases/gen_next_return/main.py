def squares(n):
    for i in range(n):
        yield i * i

def consume():
    out = []
    for s in squares(4):
        out.append(s)
    return out

print(consume())
