class Odd:
    def __new__(cls):
        made = object.__new__(cls)
        return made

    def __init__(self):
        self.ready = False
        self.value = 1

    def __repr__(self):
        return self.value


Odd()
