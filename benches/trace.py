#!/usr/bin/env python3
"""`rdb trace` against the other ways to record every call of a program, on the same
workload in one run, as ratios to plain python:

    python3 benches/trace.py                                   # 3.11, target/release/rdb
    python3.12 benches/trace.py --rdb target/py312/release/rdb # another Python
    python3 benches/trace.py --large                           # also the 10^7-event run

- `python -m trace --trace` (the standard library's tracer, pure Python);
- `viztracer` writing Chrome JSON, when it imports or installs from PyPI (into a folder
  of its own, not the Python's site-packages);
- `rdb trace --chrome FILE` (narrative to /dev/null) and `rdb trace --zipkin FILE`.

`--large` then runs rdb trace on 10^7 events (5 million calls, each a call and a return
event) and reports its time, peak RSS and the sizes of what it wrote.
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from speed import check_same_python, interleaved, run, write  # noqa: E402

WORK = '''import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm(self):
        return (self.x * self.x + self.y * self.y) ** 0.5


def main(n):
    total = 0.0
    for i in range(n):
        total += Point(i, i + 1).norm()
    return fib(15) + total


main(int(sys.argv[1]))
'''

# Calls of the workload beyond 2 per iteration: main and fib(15).
FIXED_CALLS = 1 + 1973


def viztracer(python, folder):
    """A command prefix running viztracer with `python`, or None (and why)."""
    probe = [python, "-c", "import viztracer"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return [python, "-m", "viztracer"], None
    target = os.path.join(folder, "viztracer-pkg")
    pip = [python, "-m", "pip", "install", "--quiet", "--target", target, "viztracer"]
    if subprocess.run(pip, capture_output=True).returncode != 0:
        return None, "viztracer does not install here (pip failed)"
    os.environ["PYTHONPATH"] = target
    return [python, "-m", "viztracer"], None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rdb", default="target/release/rdb")
    ap.add_argument("--calls", type=int, default=200_000, help="calls in the workload")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--large", action="store_true", help="also run 10^7 events")
    args = ap.parse_args()
    python = sys.executable
    rdb = os.path.abspath(args.rdb)
    check_same_python(python, rdb)
    iterations = max(1, (args.calls - FIXED_CALLS) // 2)
    calls = iterations * 2 + FIXED_CALLS
    with tempfile.TemporaryDirectory() as d:
        write(d, {"work.py": WORK})
        viz, why_not = viztracer(python, d)
        jobs = [
            ("python", [python, "work.py", str(iterations)]),
            ("python -m trace --trace", [python, "-m", "trace", "--trace", "work.py", str(iterations)]),
        ]
        if viz:
            # viztracer keeps the newest 1,000,000 entries by default: make room for all.
            entries = str(max(1_000_000, 2 * calls))
            jobs.append(("viztracer (Chrome JSON)", [*viz, "--quiet", "--tracer_entries", entries,
                                                    "-o", "viz.json", "work.py", str(iterations)]))
        jobs += [
            ("rdb trace --chrome", [rdb, "trace", "-o", "/dev/null", "--chrome", "c.json",
                                    "work.py", str(iterations)]),
            ("rdb trace --zipkin", [rdb, "trace", "-o", "/dev/null", "--zipkin", "z.json",
                                    "work.py", str(iterations)]),
            ("rdb trace (narrative only)", [rdb, "trace", "-o", "/dev/null", "work.py",
                                            str(iterations)]),
        ]
        fastest = []
        results = interleaved([(cmd, None) for _, cmd in jobs], d, args.repeat, fastest)
        print(f"rdb trace benchmark: Python {sys.version.split()[0]} ({python}), rdb {rdb}")
        print(f"{calls:,} calls; median of {args.repeat} interleaved runs "
              "(ratio of the fastest runs in brackets)\n")
        base, base_fast = results[0][0], fastest[0]
        print(f"{'':34} {'time':>8} {'/python':>9} {'(fastest)':>10} {'peak RSS':>10}")
        for (name, _), (secs, rss), fast in zip(jobs, results, fastest):
            print(f"{name:34} {secs:7.2f}s {secs / base:8.1f}x {f'({fast / base_fast:.1f}x)':>10}"
                  f" {rss / 1024:8.1f} MB")
        times = {name: secs for (name, _), (secs, _) in zip(jobs, results)}
        fast = dict(zip((name for name, _ in jobs), fastest))
        print()
        for other in ("python -m trace --trace", "viztracer (Chrome JSON)"):
            if other in times:
                print(f"rdb trace --chrome / {other}: {times['rdb trace --chrome'] / times[other]:.2f}x"
                      f" (fastest runs {fast['rdb trace --chrome'] / fast[other]:.2f}x)")
        if why_not:
            print(why_not)
        if args.large:
            large(python, rdb, d)


def large(python, rdb, d):
    iterations = (5_000_000 - FIXED_CALLS) // 2
    secs, rss = run([rdb, "trace", "-o", "n.txt", "--chrome", "c.json", "--zipkin", "z.json",
                     "work.py", str(iterations)], d)
    events = 2 * (iterations * 2 + FIXED_CALLS)
    size = {f: os.path.getsize(os.path.join(d, f)) / 2**20 for f in ("n.txt", "c.json", "z.json")}
    print(f"\n10^7 events: {events:,} events in {secs:.1f}s, peak RSS {rss / 1024:.1f} MB; wrote "
          + ", ".join(f"{f} {mb:,.0f} MB" for f, mb in size.items()))


if __name__ == "__main__":
    main()
