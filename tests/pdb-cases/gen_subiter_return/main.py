def inner_gen():
    yield 1
    yield 2
    return "inner done"


def outer_gen():
    got = yield from inner_gen()
    yield got


for value in outer_gen():
    print("value", value)
