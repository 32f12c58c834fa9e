def square(v):
    r = v * v
    return r


def main():
    return square(3)


main()
