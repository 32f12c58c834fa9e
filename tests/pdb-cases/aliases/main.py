class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx):
        result = Point(self.x + dx, self.y)
        return result


obj = Point(1, 2)
x = obj.moved(3).x
print(x)
