def work(n):
    acc = []
    for i in range(n):
        acc.append(i * i)
    return acc


def main():
    first = work(3)
    second = work(2)
    return first + second


print(main())
