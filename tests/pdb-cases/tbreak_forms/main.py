def step(i):
    return i * 2


def run():
    out = []
    for i in range(5):
        out.append(step(i))
    return out


print(run())
