class Meter:
    def __init__(self, base):
        self.base = base

    def reading(self, extra):
        value = self.base + extra
        value *= 2
        return value


m = Meter(10)
print(m.reading(1))
