import pdb


def first():
    value = 1
    pdb.set_trace()
    value += 1
    return value


def second():
    total = 0
    for i in range(2):
        breakpoint()
        total += i
    return total


print(first())
print(second())
