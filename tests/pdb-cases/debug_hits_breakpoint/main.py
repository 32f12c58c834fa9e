def helper(count):
    items = list(range(count))
    return sum(items)


def main():
    first = helper(3)
    second = helper(4)
    return first + second


print(main())
