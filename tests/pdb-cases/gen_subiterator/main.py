def inner():
    yield "from inner"
    return "inner done"


def outer():
    got = yield from inner()
    return got


def loop():
    for item in outer():
        print("item", item)
    done = True
    return done


loop()
