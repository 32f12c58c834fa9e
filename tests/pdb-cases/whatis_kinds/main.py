pair = (1, 2)


def plain():
    pass


class Thing:
    def method(self):
        pass

    @classmethod
    def build(cls):
        return cls()


gen = (x for x in range(3))
print("ready")
