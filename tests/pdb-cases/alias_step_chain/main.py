def produce(k):
    item = k * 7
    return item


def consume():
    got = produce(2)
    got += 1
    return got


print(consume())
