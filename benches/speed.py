#!/usr/bin/env python3
"""rdb's speed benchmark: each scenario timed for plain python, `python -m pdb` and
`rdb --batch` on the same workload in one run, reported as ratios to plain python.

    python3 benches/speed.py                                   # 3.11, target/release/rdb
    python3.12 benches/speed.py --rdb target/py312/release/rdb # another Python

The Python running this script is the one measured; rdb must be built for it (checked).
pdb is 20-150x slower on scenarios 1-4, so it runs them on 1/--pdb-scale of the work and
its ratio is taken against plain python on that same smaller workload.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HEAVY = '''
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def churn(rounds):
    total = 0
    for i in range(rounds):
        total += fib(16) + sum(j * j for j in range(40))
    return total
'''


def scenario_files(rounds):
    """name -> (files, main, commands for pdb/rdb)."""
    same = HEAVY + f"\n\nresult = churn({rounds})\nprint('done', result)\n"
    other = f"import heavylib\n\nresult = heavylib.churn({rounds})\nprint('done', result)\n"
    in_function = (
        HEAVY
        + "\n\ndef report(result):\n    return result\n"
        + f"\n\nreport(churn({rounds}))\nprint('done')\n"
    )
    called_inside = (
        HEAVY
        + "\n\ndef report(result):\n    return result\n"
        + "\n\ndef work(rounds):\n    return report(churn(rounds))\n"
        + f"\n\nwork({rounds})\nprint('done')\n"
    )
    nxt = f"import heavylib\nx = 1\nresult = heavylib.churn({rounds})\nprint('done', result)\n"
    loop_n = rounds * 2000
    until = (
        "def main(n):\n"
        "    total = 0\n"
        "    for i in range(n):\n"
        "        total += (i * i) % 7\n"
        "    return total\n\n\n"
        f"print(main({loop_n}))\n"
    )
    return {
        "1 continue to a breakpoint, heavy work in its file": (
            {"main.py": same},
            f"b {same.count(chr(10))}\nc\nq\n",
        ),
        "1b continue to a breakpoint in a function, same file": (
            {"main.py": in_function},
            f"b {in_function.splitlines().index('    return result') + 1}\nc\nq\n",
        ),
        "1c continue to a breakpoint in a function the work calls": (
            {"main.py": called_inside},
            f"b {called_inside.splitlines().index('    return result') + 1}\nc\nq\n",
        ),
        "2 continue to a breakpoint, heavy work in another file": (
            {"main.py": other, "heavylib.py": HEAVY},
            f"b {other.count(chr(10))}\nc\nq\n",
        ),
        "3 next over a line calling heavy work": (
            {"main.py": nxt, "heavylib.py": HEAVY},
            "n\nn\nn\nq\n",
        ),
        "4 until out of a hot loop": ({"main.py": until}, "tbreak 4\nc\nuntil\nq\n"),
    }


def write(directory, files):
    for name, text in files.items():
        with open(os.path.join(directory, name), "w") as f:
            f.write(text)


# A child's peak RSS as wait4 reports it starts at its parent's (this script's) size, so
# it is read through GNU time, a small parent, when that is installed.
TIME = shutil.which("time") if os.path.exists("/usr/bin/time") else None


def run(cmd, cwd, stdin_text=None):
    """(seconds, peak RSS in KB) of one run; fails loudly on a non-zero exit."""
    if TIME:
        cmd = [TIME, "-f", "@@rss %M", *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    rss = usage.ru_maxrss
    for line in err.splitlines():
        if line.startswith("@@rss "):
            rss = int(line.split()[1])
    return elapsed, rss


def median_run(cmd, cwd, stdin_text, repeat):
    runs = [run(cmd, cwd, stdin_text) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def interleaved(jobs, cwd, repeat, fastest=None):
    """Median (seconds, peak RSS) of each (cmd, stdin) job, the jobs taking turns so that
    a change in the machine's load touches all of them alike. `fastest`, a list, receives
    each job's fastest run (noise only ever adds time)."""
    runs = [[] for _ in jobs]
    for _ in range(repeat):
        for i, (cmd, stdin_text) in enumerate(jobs):
            runs[i].append(run(cmd, cwd, stdin_text))
    if fastest is not None:
        fastest.extend(min(t for t, _ in r) for r in runs)
    return [(statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs]


def calibrate(python, seconds):
    """Rounds of `churn` that take plain python about `seconds`."""
    with tempfile.TemporaryDirectory() as d:
        write(d, {"a.py": HEAVY + "\nchurn(20)\n", "b.py": HEAVY + "\nchurn(220)\n"})
        small, large = (min(run([python, f], d)[0] for _ in range(3)) for f in ("a.py", "b.py"))
    per_round = max((large - small) / 200, 1e-6)
    return max(1, int(seconds / per_round))


def check_same_python(python, rdb):
    with tempfile.TemporaryDirectory() as d:
        write(d, {"v.py": "import sys\nprint('@@', sys.version_info[:2])\n"})
        want = subprocess.run([python, "v.py"], cwd=d, capture_output=True, text=True).stdout
        got = subprocess.run(
            [rdb, "--batch", "v.py"], cwd=d, input="c\nq\n", capture_output=True, text=True
        ).stdout
    want_line = want.strip()
    if want_line not in got:
        sys.exit(f"{rdb} is not built for {python} ({want_line} not in its output)")


def tui_first_paint(rdb, directory):
    """Milliseconds from launch to the first painted stop, read from RDB_TIMING in tmux."""
    if not shutil.which("tmux"):
        return None
    log = os.path.join(directory, "timing.log")
    session = f"rdb-speed-{os.getpid()}"
    # A tmux server ending its last session just then (tests running beside this) makes
    # the start fail: try again.
    for attempt in range(5):
        started = subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", directory,
             f"RDB_TIMING={log} {rdb} main.py; sleep 2"],
        )
        if started.returncode == 0:
            break
        time.sleep(0.2)
    else:
        return None
    try:
        for _ in range(2500):
            if os.path.exists(log):
                for line in open(log):
                    # only a whole line: the interface may be writing this one now
                    if line.startswith("first_paint_ms") and line.endswith("\n"):
                        subprocess.run(["tmux", "send-keys", "-t", session, "q"])
                        return float(line.split()[1])
            time.sleep(0.002)
        return None
    finally:
        time.sleep(0.2)
        subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rdb", default=os.path.join(here, "..", "target", "release", "rdb"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.5, help="plain python time per scenario")
    ap.add_argument("--pdb-scale", type=int, default=10)
    ap.add_argument("--no-pdb", action="store_true")
    a = ap.parse_args()
    python = sys.executable
    rdb = os.path.abspath(a.rdb)
    check_same_python(python, rdb)
    version = sys.version.split()[0]
    rounds = calibrate(python, a.seconds)
    small = max(1, rounds // a.pdb_scale)
    print(f"rdb speed benchmark: Python {version} ({python}), rdb {rdb}")
    print(f"median of {a.repeat} runs; pdb on 1/{a.pdb_scale} of the work (ratio to python on it)")
    print()
    print(f"{'scenario':56} {'python':>9} {'pdb':>9} {'rdb':>9} {'rdb/python':>10} {'(fastest)':>9}")
    memory = None
    for name, (files, commands) in scenario_files(rounds).items():
        with tempfile.TemporaryDirectory() as d:
            write(d, files)
            fastest = []
            (t_py, rss_py), (t_rdb, rss_rdb) = interleaved(
                [([python, "main.py"], None), ([rdb, "--batch", "main.py"], commands)],
                d,
                a.repeat,
                fastest,
            )
        pdb_ratio = "-"
        if not a.no_pdb:
            small_files, small_commands = scenario_files(small)[name]
            with tempfile.TemporaryDirectory() as d:
                write(d, small_files)
                t_small, _ = median_run([python, "main.py"], d, None, a.repeat)
                t_pdb, _ = median_run([python, "-m", "pdb", "main.py"], d, small_commands, max(1, a.repeat // 2))
            pdb_ratio = f"{t_pdb / t_small:.1f}x"
        print(
            f"{name:56} {t_py:8.3f}s {pdb_ratio:>9} {t_rdb:8.3f}s {t_rdb / t_py:9.2f}x"
            f" {fastest[1] / fastest[0]:8.2f}x"
        )
        if memory is None:
            memory = (rss_py, rss_rdb)

    with tempfile.TemporaryDirectory() as d:
        write(d, {"main.py": "x = 1\n"})
        (t_py, _), (t_rdb, _), (t_pdb, _) = interleaved(
            [
                ([python, "main.py"], None),
                ([rdb, "--batch", "main.py"], "q\n"),
                ([python, "-m", "pdb", "main.py"], "q\n"),
            ],
            d,
            a.repeat * 4,
        )
        paints = [tui_first_paint(rdb, d) for _ in range(3)]
    paints = [p for p in paints if p is not None]
    print(
        f"{'5 start-up to the first stop (batch)':56} {t_py * 1e3:7.1f}ms {t_pdb * 1e3:7.1f}ms"
        f" {t_rdb * 1e3:7.1f}ms   +{(t_rdb - t_py) * 1e3:.1f} ms"
    )
    if paints:
        paint = statistics.median(paints)
        print(f"{'5 start-up to the first paint (TUI, tmux)':56} {'':9} {'':9} {paint:7.1f}ms"
              f"   +{paint - t_py * 1e3:.1f} ms")

    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "main.py"), "w") as f:
            f.write("def work(i):\n    return i * 2\n\n")
            for i in range(19_997):
                f.write(f"x{i % 50} = work({i})\n")
        # 1000 steps rather than 200: a pdb step is well under a millisecond, and the
        # difference of two runs must stand out of their noise.
        steps = 1000
        (t0, _), (t1, _), (p0, _), (p1, _) = interleaved(
            [
                ([rdb, "--batch", "main.py"], "q\n"),
                ([rdb, "--batch", "main.py"], "n\n" * steps + "q\n"),
                ([python, "-m", "pdb", "main.py"], "q\n"),
                ([python, "-m", "pdb", "main.py"], "n\n" * steps + "q\n"),
            ],
            d,
            a.repeat,
        )
    print(
        f"{'6 one n step in a 20,000-line file (of 1000)':56} {'':9} {(p1 - p0) / steps * 1e3:7.2f}ms"
        f" {(t1 - t0) / steps * 1e3:7.2f}ms"
    )

    # A real program: CPython's own difflib tests, with a breakpoint in a file they
    # never run (so nothing stops: the cost of being ready to).
    with tempfile.TemporaryDirectory() as d:
        write(d, {"never.py": "x = 1\n"})
        commands = "b never.py:1\nc\nq\n"
        module = ["-m", "unittest", "test.test_difflib"]
        (t_py, _), (t_pdb, _), (t_rdb, _) = interleaved(
            [
                ([python, *module], None),
                ([python, "-m", "pdb", *module], commands),
                ([rdb, "--batch", *module], commands),
            ],
            d,
            a.repeat,
        )
    print(
        f"{'7 test.test_difflib, a breakpoint in a file never run':56} {t_py:8.3f}s"
        f" {t_pdb / t_py:8.2f}x {t_rdb:8.3f}s {t_rdb / t_py:9.2f}x"
    )
    rss_py, rss_rdb = memory
    print()
    print(f"peak RSS on scenario 1: python {rss_py / 1024:.1f} MB, rdb {rss_rdb / 1024:.1f} MB"
          f" (+{(rss_rdb - rss_py) / 1024:.1f} MB)")


if __name__ == "__main__":
    main()
