class Sample:
    def __init__(self):
        self.attr1 = 10
        self.attr2 = "str"

    def method(self):
        return self.attr1


def run():
    s = Sample()
    s.method()


run()
