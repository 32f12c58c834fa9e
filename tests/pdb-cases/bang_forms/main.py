def keep(items):
    count = len(items)
    return count


print(keep(["a", "b"]))
