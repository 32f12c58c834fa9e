def apply(fn, value):
    doubled = value * 2
    return fn(doubled)
