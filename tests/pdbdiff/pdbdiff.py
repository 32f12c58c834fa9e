#!/usr/bin/env python3
"""rdb's differential check against CPython's pdb.

    python3 tests/pdbdiff/pdbdiff.py --rdb "target/release/rdb --batch" tests/pdb-cases [CASE ...]

A case is a folder holding `main.py` (with any modules it imports) and `commands`, the
debugger commands one a line. Both debuggers are started in the case folder on
`main.py` (`--pdb`, by default this Python's `-m pdb`, and `--rdb`), with the commands
and a final `q` on standard input and standard error sent to the same pipe as standard
output. The two transcripts are normalised and compared; on a difference the harness
prints the case and a unified diff of the normalised transcripts (pdb's `---`, rdb's
`+++`). The last line counts the cases:

    50 passed, 0 failed (49 whole transcript, 1 stops only)

Two ways to compare:

* **whole transcript** (the default): every line either debugger prints -- the
  program's own output, pdb's messages, `p` values, `where`, `help`, tracebacks --
  after normalising only what is not rdb's to match:
    - the prompt's spelling: `(rdb) ` is read as `(Pdb) ` (`((rdb)) ` as `((Pdb)) `);
      each prompt, and each `(com) ` prompt of a command list and `...   ` of a
      statement that goes on (3.13), becomes a line of its own, so that a prompt and the output after it compare apart
      (also one right after pdb's question "Clear all breaks? " answered no);
    - object addresses (`0x7f3a...` becomes `0xADDR`);
    - the case folder's absolute path (becomes `CASE`);
    - pdb's own frames around the script, which rdb leaves out on purpose:
        - `where` entries in bdb.py, pdb.py or `<string>` (with their `-> ` line),
          and those of rdb's package launcher (`bin/rdb`, `rdb/__init__.py`,
          `rdb/__main__.py`), which a program's own `pdb.Pdb` shows;
        - `File "..."` entries of printed tracebacks in pdb.py, bdb.py, runpy.py,
          `<frozen runpy>` or `<string>` (with their source and caret lines);
        - a stop in `<string>`, bdb.py or pdb.py (stepping off the end of the script)
          and the `--Return--`/`--Call--` line before it: from there to the next
          "The program finished...", "The program exited...", "Post mortem
          debugger finished..." or "Restarting..." line everything is cut (and a
          "Post mortem debugger finished" there, pdb's BdbQuit in its own frames, is
          read as "The program finished and will be restarted").
      The commands pdb read at the prompts inside such a cut have no counterpart in
      rdb, which ends the script with the command that led pdb there. pdb runs first;
      rdb is then given the commands without those, when each of them only moves on
      (`s`, `n`, `r`, `c`, `until`...), so that the rest of the transcripts line up.
      When one of them does something else (`b 2`, `p x`), or pdb's transcript ends
      inside the cut, the comparison ends where the cut began (rdb's transcript after
      as many prompts). Prompts are counted, so this assumes the program itself reads
      nothing from standard input before then.
* **stops only**: only what decides stepping -- location lines (`> file(line)func()`),
  `--Call--`/`--Return--`, an exception line printed just before a location line,
  and value lines printed by `p ("@@", ...)` -- from the same normalised transcript,
  up to the end of the first run of the script (its first "The program finished...",
  "The program exited..." or "Post mortem debugger finished..." line).

A case is compared by whole transcript unless its folder has a file `stops-only`,
which says why the whole transcript differs today (so these files are the to-do list
of pdb compatibility). Each of its lines is

    [VERSIONS:] reason

where VERSIONS is `all`, or a comma-separated list of Python versions `3.12` (that
version) or `3.12+` (that version and later); a line without one applies to every
version. The case is compared by stops only under a Python that one of the lines
names; under any other Python it is compared by whole transcript. Blank lines and lines
starting with `#` are ignored; a file with no reason in it is an error. A stops-only
case whose whole transcript matches is reported with a note (its marker can go).
The Python version is the one of the `--pdb` interpreter (`PY -m pdb ...`), else
this one's; `--python-version` says it instead.

Two things pdb does are left out of a stops-only comparison, as pdb's own failures:

* pdb's own crash: a traceback that runs through pdb's command loop (cmd.py's
  `onecmd`) and after which pdb debugs its own failure post mortem ("Uncaught
  exception. Entering post mortem debugging") ends the comparison there, rdb's
  transcript after as many prompts (a pdb command raised where a later pdb does not).
* A line of a stops-only file whose reason starts with `[stale-lines]` says that this
  pdb reports stale line numbers for a module's frame (3.9: a frame pdb stopped in and
  then let run untraced, `c` with no breakpoint, keeps reporting the line of that stop).
  A location line of pdb's in a `<module>` frame at a line where pdb stopped before in
  that file's `<module>` then matches rdb's same location at any line.

`--mode whole` compares every case by whole transcript, whatever its marker says (to
see the whole to-do list's differences); `--mode stops` compares every case by stops
only. `-v` prints each case that passes, and the reason of each stops-only case.
Exit status: 0 when every case passes, 1 otherwise, 2 for a bad command line.
"""

import argparse
import collections
import difflib
import os
import re
import shlex
import subprocess
import sys

PROMPT = "(Pdb) "
# A prompt of either spelling, nested (`((Pdb)) ` in `debug`), or a command list's.
PROMPT_AT_START = re.compile(r"(\(+)(?:Pdb|rdb)(\)+) |\(com\) |\.\.\.   ")
PROMPT_TOKEN = re.compile(r"^(?:\(+Pdb\)+ |\(com\) |\.\.\.   )$")


def is_prompt(line):
    """Whether a token is a prompt (each reads one command)."""
    return PROMPT_TOKEN.match(line) is not None


# pdb's one question, after which the next prompt follows on the same line when the
# answer deletes nothing ("Clear all breaks? (Pdb) ").
QUESTION_BEFORE_PROMPT = re.compile(r"^Clear all breaks\? (?=\((?:Pdb|rdb)\) )")
# An address, also as reprlib shortens one ("<__main__.Poi...x7ff5b8294750>").
ADDRESS = re.compile(r"(0x|\.\.\.x)[0-9a-fA-F]{4,}")
LOCATION = re.compile(r"^> (.+?)\((\d+)\)(.*)$")
WHERE_ENTRY = re.compile(r"^(?:  |> )(.+?)\((\d+)\)(.*)$")
TRACEBACK_FILE = re.compile(r'^  File "(.+?)", line \d+')
EXCEPTION = re.compile(
    r"^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Exit|Iteration|Interrupt|Warning)(?::.*)?$"
)
RUN_ENDS = (
    "The program finished",
    "The program exited",
    "Post mortem debugger finished",
    "Restarting",
)
MARKER = "stops-only"
MARKER_LINE = re.compile(r"^\s*(all|3\.\d+\+?(?:\s*,\s*3\.\d+\+?)*)\s*:\s*(.*)$")


def pdbs_own_file(name):
    """Whether a frame's file is the debugger's own machinery around the script: pdb's,
    or the launcher of rdb's Python package (the `rdb` console script, `python -m rdb`),
    which a program's own `pdb.Pdb` sees above the script."""
    base = name.rsplit("/", 1)[-1]
    return (
        name in ("<string>", "<frozen runpy>")
        or base in ("bdb.py", "pdb.py", "runpy.py")
        or name.endswith(("/rdb/__init__.py", "/rdb/__main__.py", "/bin/rdb"))
    )


def tokens(text):
    """The transcript as lines, each prompt (of either spelling) a line of its own."""
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        while True:
            m = PROMPT_AT_START.match(line)
            if not m:
                break
            out.append(m.group(0) if m.group(1) is None else "%sPdb%s " % (m.group(1), m.group(2)))
            line = line[m.end():]
            q = QUESTION_BEFORE_PROMPT.match(line)
            if q:
                out.append(q.group(0))
                line = line[q.end():]
        # The piece after the last newline is a line only if something is in it.
        if line or i + 1 < len(lines):
            out.append(line)
    return out


class Cut(collections.namedtuple("Cut", "first count at to_end")):
    """A cut of pdb's own frames after the script's end: pdb had read `first` commands
    when it began, read `count` more inside it, and it began at line `at` of the
    normalised transcript; `to_end` if no end of the run follows."""


# The commands that only move on, which rdb may go without where pdb reads them in its
# own frames after the end of the script.
MOVING = {"s", "step", "n", "next", "r", "return", "c", "cont", "continue", "unt", "until"}


def realign(want, cuts, commands):
    """pdb's normalised transcript and the commands for rdb, such that the commands pdb
    read in its own frames are left out for rdb; and the number of prompts after which
    rdb's transcript is to be cut, when pdb ran a command there that is not in MOVING
    (its effect has no counterpart in rdb: the comparison ends where that cut began)."""
    rdb_commands = list(commands)
    removed = 0
    for cut in cuts:
        spent = commands[cut.first:cut.first + cut.count]
        exact = (not cut.to_end and cut.first + cut.count < len(commands)
                 and all(c.split(" ", 1)[0] in MOVING for c in spent))
        if not exact:
            return want[:cut.at], rdb_commands, cut.first - removed
        del rdb_commands[cut.first - removed:cut.first - removed + cut.count]
        removed += cut.count
    return want, rdb_commands, None


def normalise(text, case_dir):
    """The transcript's lines with the prompt, addresses, the case folder and pdb's own
    frames normalised, and the cuts made in it."""
    folders = sorted({os.path.realpath(case_dir), os.path.abspath(case_dir)}, key=len, reverse=True)
    lines = []
    for line in tokens(text):
        line = ADDRESS.sub(r"\1ADDR", line)
        for folder in folders:
            line = line.replace(folder, "CASE")
        lines.append(line)

    out = []
    cuts = []
    prompts = 0  # commands read so far (pdb prompts once for each line it reads)
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_prompt(line):
            prompts += 1
            out.append(line)
            i += 1
            continue
        loc = LOCATION.match(line)
        if loc and pdbs_own_file(loc.group(1)) and (
                loc.group(1) != "<string>" or out and out[-1] in ("--Return--", "--Call--")):
            # A stop in pdb's own frames after the script's end (not `up` from the
            # module into <string>, which is left to compare). Cut it (and the
            # --Return--/--Call-- before it) up to the end of this run.
            while out and out[-1] in ("--Return--", "--Call--"):
                out.pop()
            # The command that led here is the one rdb ends the script with; those pdb
            # reads at the prompts inside the cut are pdb's alone.
            first = prompts
            while i < len(lines) and not lines[i].startswith(RUN_ENDS):
                if is_prompt(lines[i]):
                    prompts += 1
                i += 1
            if i < len(lines) and lines[i].startswith("Post mortem debugger finished"):
                # pdb stepped on in its own frames until its BdbQuit went uncaught and
                # it debugged that post mortem: for the script, the run just finished.
                lines[i] = "The program finished and will be restarted"
            cuts.append(Cut(first, prompts - first, len(out), i == len(lines)))
            continue
        where = WHERE_ENTRY.match(line)
        if where and not loc and pdbs_own_file(where.group(1)):
            i += 1
            if i < len(lines) and lines[i].startswith("-> "):
                i += 1
            continue
        tb = TRACEBACK_FILE.match(line)
        if tb and pdbs_own_file(tb.group(1)):
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        out.append(line)
        i += 1
    return out, cuts


def alignment(commands, rdb_commands, cut_at):
    """What realign did, for the report."""
    said = []
    if len(rdb_commands) < len(commands):
        said.append("rdb without the %d commands pdb read in its own frames" % (len(commands) - len(rdb_commands)))
    if cut_at is not None:
        said.append("compared up to command %d of %d, where pdb ran on in its own frames" % (cut_at, len(commands)))
    return " (%s)" % "; ".join(said) if said else ""


def until_prompt(lines, count):
    """The lines up to the `count`th prompt (included; before the first for 0)."""
    for k, line in enumerate(lines):
        if is_prompt(line):
            if count == 0:
                return lines[:k]
            count -= 1
            if count == 0:
                return lines[:k + 1]
    return lines


def stops(lines):
    """The stops-only reduction of normalised lines, up to the end of the first run."""
    out = []
    for k, line in enumerate(lines):
        if line.startswith(RUN_ENDS):
            break
        if LOCATION.match(line) or line in ("--Call--", "--Return--") or line.startswith("('@@',"):
            out.append(line)
        elif EXCEPTION.match(line):
            # An exception line counts when a location line follows it.
            following = next((l for l in lines[k + 1:] if not is_prompt(l)), "")
            if LOCATION.match(following):
                out.append(line)
    return out


# A frame of pdb's command loop in a traceback: what raised is a command of pdb's.
COMMAND_LOOP_FRAME = re.compile(r'^  File ".*[/\\]cmd\.py", line \d+, in onecmd$')
PDB_DEBUGS_ITSELF = "Uncaught exception. Entering post mortem debugging"
STALE_LINES = "[stale-lines]"


def pdbs_own_crash(lines):
    """The index of the first traceback through pdb's command loop after which pdb
    debugs its own failure post mortem, or None."""
    start = None
    through_loop = False
    for k, line in enumerate(lines):
        if line == "Traceback (most recent call last):" and start is None:
            start = k
        elif COMMAND_LOOP_FRAME.match(line):
            through_loop = True
        elif line == PDB_DEBUGS_ITSELF and start is not None and through_loop:
            return start
        elif is_prompt(line):
            start, through_loop = None, False
    return None


def unstale(want, got):
    """pdb's stops with each `<module>` location at a line where pdb stopped before in
    that file's `<module>` taken as rdb's same location (see `[stale-lines]`)."""
    out = list(want)
    earlier = collections.defaultdict(set)
    for k, line in enumerate(want):
        loc = LOCATION.match(line)
        if not loc or not loc.group(3).startswith("<module>()"):
            continue
        other = LOCATION.match(got[k]) if k < len(got) else None
        if (other and (other.group(1), other.group(3)) == (loc.group(1), loc.group(3))
                and loc.group(2) in earlier[loc.group(1)]):
            out[k] = got[k]
        earlier[loc.group(1)].add(loc.group(2))
    return out


def absolute(argv):
    """A command line whose program path is relative is made absolute: cases run in their
    own folder."""
    if argv and os.sep in argv[0] and not os.path.isabs(argv[0]):
        argv = [os.path.abspath(argv[0])] + argv[1:]
    return argv


def run(argv, case_dir, commands, timeout):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", TERM="dumb", PYTHON_COLORS="0")
    for name in ("PYTHONBREAKPOINT", "PYTHONSTARTUP", "PYTHONINSPECT"):
        env.pop(name, None)
    data = "".join(c + "\n" for c in commands).encode()
    try:
        p = subprocess.run(
            argv + ["main.py"], cwd=case_dir, input=data, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=timeout, env=env,
        )
        return p.stdout.decode("utf-8", "replace"), None
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode("utf-8", "replace"), "timed out after %gs" % timeout


def read_commands(case_dir):
    with open(os.path.join(case_dir, "commands"), encoding="utf-8") as f:
        text = f.read()
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def version_of(pdb_argv):
    if len(pdb_argv) >= 3 and pdb_argv[1:3] == ["-m", "pdb"]:
        try:
            out = subprocess.run(
                [pdb_argv[0], "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                stdout=subprocess.PIPE, check=True, timeout=60,
            )
            return out.stdout.decode().strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return "%d.%d" % sys.version_info[:2]


def applies(versions, version):
    if versions == "all":
        return True
    minor = int(version.split(".")[1])
    for v in re.split(r"\s*,\s*", versions):
        if v.endswith("+") and minor >= int(v[:-1].split(".")[1]):
            return True
        if v == version:
            return True
    return False


def marker(case_dir, version):
    """(None, None) when the case is compared by whole transcript under `version`, else
    (reason, None); (None, error) for a marker without a reason."""
    path = os.path.join(case_dir, MARKER)
    if not os.path.exists(path):
        return None, None
    with open(path, encoding="utf-8") as f:
        entries = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    if not entries:
        return None, "%s gives no reason" % MARKER
    reasons = []
    for entry in entries:
        m = MARKER_LINE.match(entry)
        versions, reason = (m.group(1), m.group(2).strip()) if m else ("all", entry)
        if not reason:
            return None, "%s: %r gives no reason" % (MARKER, entry)
        if applies(versions, version):
            reasons.append(reason)
    return ("; ".join(reasons) if reasons else None), None


def main():
    ap = argparse.ArgumentParser(description="Compare rdb's transcripts with pdb's.")
    ap.add_argument("--rdb", required=True, help='the debugger under test, e.g. "target/release/rdb --batch"')
    ap.add_argument("--pdb", default=sys.executable + " -m pdb", help="the reference (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=30, help="seconds for one run (default %(default)s)")
    ap.add_argument("--mode", choices=("marker", "whole", "stops"), default="marker",
                    help="marker: as each case's stops-only file says (default); whole / stops: every case so")
    ap.add_argument("--python-version", help="the X.Y that stops-only lines are matched with")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each case that passes")
    ap.add_argument("cases", help="the folder of cases")
    ap.add_argument("only", nargs="*", help="case names (default: every folder with a commands file)")
    a = ap.parse_args()
    rdb_argv, pdb_argv = absolute(shlex.split(a.rdb)), absolute(shlex.split(a.pdb))
    version = a.python_version or version_of(pdb_argv)
    names = a.only or sorted(
        d for d in os.listdir(a.cases) if os.path.isfile(os.path.join(a.cases, d, "commands"))
    )
    passed = failed = whole_count = stops_count = 0
    stale = []
    for name in names:
        case_dir = os.path.join(a.cases, name)
        if not os.path.isfile(os.path.join(case_dir, "commands")):
            print("FAIL %s: no such case (%s has no commands file)" % (name, case_dir))
            failed += 1
            continue
        reason, error = marker(case_dir, version)
        if error:
            print("FAIL %s: %s" % (name, error))
            failed += 1
            continue
        whole = a.mode == "whole" or (a.mode == "marker" and reason is None)
        commands = read_commands(case_dir) + ["q"]
        want_text, want_error = run(pdb_argv, case_dir, commands, a.timeout)
        want, cuts = normalise(want_text, case_dir)
        want, rdb_commands, cut_at = realign(want, cuts, commands)
        got_text, got_error = run(rdb_argv, case_dir, rdb_commands, a.timeout)
        got, _ = normalise(got_text, case_dir)
        if cut_at is not None:
            got = until_prompt(got, cut_at)
        how = "whole transcript" if whole else "stops only"
        crash = None if whole else pdbs_own_crash(want)
        want_before, got_before = want, got
        if crash is not None:
            crash_prompt = sum(1 for l in want[:crash] if is_prompt(l))
            want_before, got_before = want[:crash], until_prompt(got, crash_prompt)
        left, right = (want, got) if whole else (stops(want_before), stops(got_before))
        if not whole and reason and STALE_LINES in reason:
            left = unstale(left, right)
        if left == right and not got_error and not want_error:
            passed += 1
            if whole:
                whole_count += 1
            else:
                stops_count += 1
                if reason and want == got:
                    stale.append(name)
            if a.verbose:
                print("PASS %s (%s%s)%s%s" % (name, how, ": " + reason if reason and not whole else "",
                                              alignment(commands, rdb_commands, cut_at),
                                              "" if crash is None else " (compared up to command %d, where pdb's own command failed)" % crash_prompt))
            continue
        failed += 1
        problem = "; ".join(filter(None, [want_error and "pdb " + want_error, got_error and "rdb " + got_error]))
        print("FAIL %s (%s)%s" % (name, how, ": " + problem if problem else ""))
        if alignment(commands, rdb_commands, cut_at):
            print("  " + alignment(commands, rdb_commands, cut_at))
        for line in difflib.unified_diff(left, right, "pdb " + name, "rdb " + name, lineterm="", n=4):
            print("   " + line)
    for name in stale:
        print("NOTE %s: its whole transcript matches pdb's under %s; its %s marker can go" % (name, version, MARKER))
    print("%d passed, %d failed (%d whole transcript, %d stops only)" % (passed, failed, whole_count, stops_count))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
