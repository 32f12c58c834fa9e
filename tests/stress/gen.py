#!/usr/bin/env python3
"""Generates small Python programs and random pdb command sequences, as cases for
tests/pdbdiff/pdbdiff.py (a folder per case with main.py and commands).

usage: gen.py SEED COUNT OUTDIR
"""
import os
import random
import sys

BLOCKS = [
    # (source lines, names the block defines)
    ("""def add(a, b):
    total = a + b
    return total
""", "add"),
    ("""def loop(n):
    acc = 0
    for i in range(n):
        acc += i
    return acc
""", "loop"),
    ("""def gen(n):
    for i in range(n):
        yield i * 2
""", "gen"),
    ("""def risky(x):
    if x % 2:
        raise ValueError(x)
    return x
""", "risky"),
    ("""def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
""", "fact"),
    ("""class Box:
    def __init__(self, v):
        self.v = v

    def grow(self, k):
        self.v += k
        return self.v
""", "Box"),
    ("""def outer(x):
    def inner(y):
        return x + y
    return inner(x)
""", "outer"),
]

CALLS = {
    "add": ["r = add({a}, {b})"],
    "loop": ["r = loop({n})"],
    "gen": ["r = list(gen({n}))", "r = sum(v for v in gen({n}))"],
    "risky": ["try:\n    r = risky({a})\nexcept ValueError:\n    r = -1"],
    "fact": ["r = fact({n})"],
    "Box": ["b = Box({a})\nr = b.grow({b})"],
    "outer": ["r = outer({a})"],
}


def program(rng):
    chosen = rng.sample(BLOCKS, rng.randint(2, 4))
    lines = []
    for src, _ in chosen:
        lines.extend(src.rstrip("\n").split("\n"))
        lines.append("")
    for _ in range(rng.randint(2, 5)):
        _, name = rng.choice(chosen)
        call = rng.choice(CALLS[name]).format(a=rng.randint(0, 5), b=rng.randint(0, 5), n=rng.randint(1, 4))
        lines.extend(call.split("\n"))
    lines.append("print('end')")
    return "\n".join(lines) + "\n", [name for _, name in chosen]


def commands(rng, source, names):
    n_lines = source.count("\n")
    out = []
    for _ in range(rng.randint(8, 30)):
        r = rng.random()
        if r < 0.35:
            out.append("s")
        elif r < 0.6:
            out.append("n")
        elif r < 0.68:
            out.append("r")
        elif r < 0.74:
            out.append("until")
        elif r < 0.8:
            out.append("c")
        elif r < 0.88:
            line = rng.randint(1, n_lines)
            out.append(("tbreak " if rng.random() < 0.3 else "b ") + str(line))
        elif r < 0.93:
            out.append("b " + rng.choice(names))
        else:
            out.append("p ('@@', sorted(k for k in locals() if not k.startswith('__')))")
    return "\n".join(out) + "\n"


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    for i in range(count):
        src, names = program(rng)
        d = os.path.join(outdir, "case%04d" % i)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "main.py"), "w") as f:
            f.write(src)
        with open(os.path.join(d, "commands"), "w") as f:
            f.write(commands(rng, src, names))


if __name__ == "__main__":
    main()
