import collections


def values():
    number = 42
    text = "quote ' and \" both"
    nested = {"alpha": [1, 2, 3], "beta": {"x": (1, 2), "y": None}, "gamma": "g" * 30}
    long_list = list(range(40))
    od = collections.OrderedDict(b=1, a=2)
    s = {3, 1, 2}
    by = b"bytes\x00"
    fl = 1 / 3
    print("values ready")
    return number


values()
