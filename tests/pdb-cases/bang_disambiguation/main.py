n = -1
s = "unchanged"
print(f"n is {n}")
print(f"s is {s}")
