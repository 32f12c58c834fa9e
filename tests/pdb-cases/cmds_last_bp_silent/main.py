def load(name):
    size = len(name)
    return size * 2


def save(name, size):
    label = f"{name}:{size}"
    print("saved", label)
    return label


for item in ["alpha", "be"]:
    save(item, load(item))
print("done")
