import pdb


def work(n):
    out = n + 100
    return out


def other():
    return "other"


pdb.run("work(1)")
pdb.run("work(2); other()")
print("sessions over")
