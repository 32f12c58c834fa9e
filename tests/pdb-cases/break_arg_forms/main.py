def price(qty):
    cost = qty * 4
    return cost


print(price(3))
