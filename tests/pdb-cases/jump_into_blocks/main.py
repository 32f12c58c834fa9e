def process(rows):
    seen = 0
    for r in rows:
        seen += r
    try:
        seen *= 2
    except TypeError:
        seen = -1
    with open(__file__) as fh:
        first = fh.readline()
    try:
        seen += 1
    finally:
        seen += 100
    return seen


print(process([1, 2]))
