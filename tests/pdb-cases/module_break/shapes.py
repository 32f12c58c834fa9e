class Square:
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


def describe(shape):
    kind = type(shape).__name__
    return "%s with area %d" % (kind, shape.area())
