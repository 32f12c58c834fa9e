def lookup(table, key):
    found = None
    print("looking up", key)
    return found


lookup({"a": 1}, "b")
