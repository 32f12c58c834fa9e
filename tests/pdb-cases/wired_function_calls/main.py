def report(value):
    label = "value"
    return label, value


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Shape:
    def area(self, side):
        return side * side


def churn(rounds):
    total = 0
    for i in range(rounds):
        total += fib(8)
    first = report(total)
    ordered = sorted([3, 1, 2], key=report)
    square = Shape().area(rounds)

    def inner(x):
        return x + rounds

    class Local:
        size = rounds * 2

    squares = [k * k for k in range(3)]
    return first, ordered, square, inner(1), Local.size, squares


def deep(n):
    return report(n) if n == 0 else deep(n - 1)


print(churn(5))
print(deep(3))
