def work():
    n = lambda x: x * 10
    c = {"a": 1}
    j = 0
    r = "raw"
    print("in work")
    return c


def later():
    return "later"


work()
later()
print("end")
