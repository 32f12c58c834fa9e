"""A small program to walk through with rdb: a parent calls a child in a loop.

    cargo run --release -- --batch examples/parent_child.py
"""


def child(n):
    label = "child %d" % n
    print(" " * 8, label)
    return n * n


def parent(rounds):
    results = []
    for i in range(rounds):
        print(" " * 4, "in parent loop", i)
        results.append(child(i))
    return "parent done"


if __name__ == "__main__":
    print(parent(3))
