import os


def leaf_name(path):
    name = os.path.basename(path)
    return name.upper()


print(leaf_name("/tmp/data/report.txt"))
