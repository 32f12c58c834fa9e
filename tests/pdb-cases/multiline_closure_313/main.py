def factory():
    base = 10
    offsets = [1, 2, 3]
    print("built")
    return base


factory()
