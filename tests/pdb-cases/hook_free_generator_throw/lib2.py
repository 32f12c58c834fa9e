def gen():
    try:
        yield 1
    except ValueError as e:
        yield "caught " + str(e)
