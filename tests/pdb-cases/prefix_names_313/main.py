class Node:
    def __init__(self, attr):
        self.attr = attr


def inspect_nodes():
    n = Node("north")
    s = "south"
    u = [1, 2]
    w = {"k": "west"}
    d = 4
    print("nodes ready")
    return s, u, w, d


inspect_nodes()
