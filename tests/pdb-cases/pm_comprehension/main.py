PRICES = {"tea": 3, "cake": 5}

def price(item):
    return PRICES[item]

def bill(order):
    return {item: price(item) for item in order}

print(bill(["tea", "scone", "cake"]))
