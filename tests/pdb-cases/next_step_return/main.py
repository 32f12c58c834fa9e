def scale(values, factor):
    out = []
    for v in values:
        out.append(v * factor)
    return out

def pipeline():
    first = scale([1, 2], 3)
    second = scale(range(50), 2)
    return sum(first) + sum(second)

print(pipeline())
