def rank(scores):
    weights = {"x": 2, "y": 1}
    bonus = 5
    names = sorted(scores)
    print("ranking", names)
    return names


rank({"x": 3, "y": 9})
