def tweak():
    a = 1
    b = 2
    print("before", a, b)
    return a + b


print(tweak())
