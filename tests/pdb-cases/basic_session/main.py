def shout(word, suffix="!"):
    print(word)
    for k in range(3):
        print(k)
    print(suffix)
    for k in range(4):
        skipped_entirely
    print("after loops")
    return word.upper() + suffix


def options(first=None, *, flag=None):
    pass


def positional(a, b, /, c):
    pass


def main():
    result = shout("hey")
    options(flag=True)
    positional(1, 2, c=3)
    print(result)


main()
