import pdb


def refill(tank, amount):
    level = tank + amount
    pdb.Pdb().set_trace()
    level = min(level, 100)
    return level


print(refill(70, 50))
print(refill(10, 5))
