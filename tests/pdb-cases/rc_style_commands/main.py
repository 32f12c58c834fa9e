class Holder:
    def __init__(self):
        self.attr = 1


a = Holder()
b = 2
print(a.attr + b)
