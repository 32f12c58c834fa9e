import shapes

sq = shapes.Square(3)
print(sq.area())
print(shapes.describe(sq))
