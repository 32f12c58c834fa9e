def gen2():
    try:
        yield 1
    finally:
        print("fin")
