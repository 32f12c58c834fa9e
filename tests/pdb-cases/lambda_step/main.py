square = lambda v: v * v
pick = lambda seq, key=lambda x: -x: sorted(seq, key=key)


def main():
    a = square(3)
    b = pick([1, 3, 2])
    return a, b


print(main())
