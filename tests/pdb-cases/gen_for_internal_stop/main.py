def single():
    yield "only"
    return "result"


def loop():
    for item in single():
        print("got", item)
    after = 123
    return after


loop()
