import math


def area(radius):
    """The area of a circle."""
    squared = radius * radius
    return math.pi * squared


def table(radii):
    rows = {}
    for r in radii:
        rows[r] = round(area(r), 2)
    return rows


shapes = {"small": [1, 2], "large": [10, 20, 30]}
print(table(shapes["small"]))
print(table(shapes["large"]))
