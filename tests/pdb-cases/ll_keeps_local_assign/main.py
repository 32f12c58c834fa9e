def adjust():
    a = 1
    b = [a]
    print("a is", a)
    return a


adjust()
