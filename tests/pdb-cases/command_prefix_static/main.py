def work():
    a = [10, 20]
    l = [1, 2, 3]
    b = {"k": 1}
    h = "text"
    ll = (4, 5)
    print("in work")
    return a


work()
