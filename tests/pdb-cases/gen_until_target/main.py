def counter():
    yield 10
    yield 20
    yield 30


def run():
    for v in counter():
        print(v)
    print("finished")


run()
