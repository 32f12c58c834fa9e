def weight(item):
    return len(item)


def main():
    words = ["ccc", "a", "bb"]
    ordered = sorted(words, key=weight)
    return ordered


print(main())
