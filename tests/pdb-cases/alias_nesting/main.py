def compute(a, b):
    total = a + b
    doubled = total * 2
    return doubled


compute(3, 4)
