def gen():
    try:
        yield 1
    except ValueError as e:
        yield "caught " + str(e)
def gen2():
    try:
        yield 1
    finally:
        print("fin")
