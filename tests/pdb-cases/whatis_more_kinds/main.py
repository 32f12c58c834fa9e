import functools
import os


class Gadget:
    @staticmethod
    def build():
        return Gadget()

    def __call__(self):
        return 1


def count_up():
    yield 1


async def fetch():
    return 2


tripler = functools.partial(lambda a, b: a * b, 3)
gen = count_up()
print("ready")
