"""Calls rdb's C entry points (the tracer object before 3.12, every sys.monitoring
callback from 3.12) with arbitrary Python values, reproducibly from a seed: whatever
they are given, each call returns or raises an ordinary exception, and rdb goes on."""
import random, sys

seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)


class Nasty:
    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        raise RuntimeError("hash")

    def __index__(self):
        raise RuntimeError("index")

    def __str__(self):
        raise RuntimeError("str")


class StrLike(str):
    pass


def finished():
    return sys._getframe()


here = sys._getframe()
pool = [
    None, True, 0, 1, -1, 2 ** 31, 2 ** 63, -(2 ** 70), 3.5, float("nan"), "", "line",
    "call", "return", "exception", "opcode", "bogus", StrLike("line"), b"line",
    here, finished(), here.f_code, finished.__code__, (), (1,), (ValueError,),
    (ValueError, ValueError("x"), None), (1, 2, 3), [], {}, Nasty(), object(), print,
    ValueError("v"), ValueError, sys, lambda: 0,
]


def value():
    v = rng.choice(pool)
    if rng.random() < 0.1:
        return tuple(rng.choice(pool) for _ in range(rng.randrange(5)))
    return v


if sys.version_info >= (3, 12):
    m = sys.monitoring
    targets = []
    for name in dir(m.events):
        ev = getattr(m.events, name)
        if name.isupper() and isinstance(ev, int) and ev and ev & (ev - 1) == 0:
            cb = m.register_callback(0, ev, None)
            if cb is not None:
                m.register_callback(0, ev, cb)
                targets.append(cb)
else:
    targets = [sys.gettrace()]
rdbs = all(getattr(t, "__name__", "").startswith(("rdb", "on_")) for t in targets)

raised = {}
for _ in range(count):
    target = rng.choice(targets)
    args = [value() for _ in range(rng.randrange(6))]
    kwargs = {"k": value()} if rng.random() < 0.05 else {}
    try:
        target(*args, **kwargs)
    except Exception as e:
        raised[type(e).__name__] = raised.get(type(e).__name__, 0) + 1
print("calls", count, "targets", len(targets) > 0 and rdbs, "raised", sorted(raised))
after = "still stepping"
print(after)
