def bump(counter):
    counter["n"] += 1
    return counter["n"]


state = {"n": 0}
bump(state)
bump(state)
print(state)
