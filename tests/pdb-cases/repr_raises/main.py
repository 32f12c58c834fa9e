class Broken:
    def __repr__(self):
        raise ValueError("repr exploded")


def use(obj):
    bad = obj
    return bad


use(Broken())
