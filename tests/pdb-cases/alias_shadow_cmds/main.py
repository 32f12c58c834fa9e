def walk(path):
    parts = path.split("/")
    depth = len(parts)
    return depth


print(walk("a/b/c"))
