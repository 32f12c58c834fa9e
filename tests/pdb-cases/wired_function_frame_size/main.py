import sys


def outer(flag):
    if flag:
        print("flagged")
    return inner()


def inner():
    return sys.getsizeof(sys._getframe(1)) < 1000


print(outer(False))
