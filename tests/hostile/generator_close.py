def gen():
    try:
        yield 1
        yield 2
    finally:
        print('gen finally')
g = gen()
a = next(g)
g.close()
print('closed', a)
