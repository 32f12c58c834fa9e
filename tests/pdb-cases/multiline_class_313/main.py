def inventory():
    stock = {"apple": 3, "pear": 0}
    print("checking", len(stock))
    return stock


inventory()
