import pdb


def blend(a, b):
    mixed = (a + b) / 2
    return mixed


value = pdb.runcall(blend, 4, 8)
print("runcall gave", value)
