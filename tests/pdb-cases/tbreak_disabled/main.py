def charge(amount):
    fee = amount // 10
    return amount + fee


for amt in (100, 200, 300):
    print(charge(amt))
