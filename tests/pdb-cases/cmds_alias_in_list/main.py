class Box:
    def __init__(self, width, height):
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height


for w in (2, 3):
    print(Box(w, 7).area())
