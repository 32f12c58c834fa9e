print("helper_mod imported")


def compute(x):
    return x * 3
