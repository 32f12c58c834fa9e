import marshal
import types


def target(x):
    y = x + 1
    return y


blob = marshal.dumps(target.__code__)


def made():
    f = types.FunctionType(marshal.loads(blob), globals())
    return f(1)


def rebound():
    def g(x):
        return x

    g.__code__ = marshal.loads(blob)
    return g(5)


def replaced():
    def h(x):
        return x

    h.__code__ = target.__code__.replace(co_name="target")
    return h(7)


def main():
    return rebound(), made(), replaced(), target(9)


print(main())
