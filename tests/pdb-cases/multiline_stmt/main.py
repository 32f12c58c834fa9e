def host():
    base = 5
    print("host")
    return base


host()
