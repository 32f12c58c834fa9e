import sys

sys.setrecursionlimit(10000)


def f(n):
    if n % 100 == 0:
        mark = n
    return d(n)


def d(n):
    return f(n - 1) if n > 0 else peak()


def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmPeak"):
            print(line.strip())
    return 0


print("bottom", f(3000))
