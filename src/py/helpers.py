"""Python-side helpers for rdb's commands. They run only while the program is paused
(inside rdb's trace function), so they never produce trace events of their own."""

import sys

# What plain python had imported before rdb's own imports (see forget_shadowed).
_BEFORE_RDB = set(sys.modules)

import linecache
import os
import pprint
import re
import reprlib
import traceback


def preload_pdb_modules():
    """Import what `python -m pdb` has imported when the program starts, so that the
    program's own `import` of one of them runs no code, as under pdb; but from the
    standard library, and forgotten where the program's folder has its own module of
    that name. 3.13's pdb also imports readline (through rlcompleter), which sets up the
    terminal: it is kept out. Run at the first stop, before any command."""
    folder = sys.path.pop(0)
    try:
        _import_pdb_modules()
    finally:
        sys.path.insert(0, folder)
    forget_shadowed(folder)


def _import_pdb_modules():
    import runpy  # noqa: F401  (python -m)

    if sys.version_info < (3, 13):
        import getopt  # noqa: F401  (pdb.main)
        import pdb  # noqa: F401
        return
    import argparse  # noqa: F401  (3.13's pdb.main, whose parser imports these)
    import locale  # noqa: F401
    import shutil  # noqa: F401

    blocked = "readline" not in sys.modules
    if blocked:
        sys.modules["readline"] = None
    try:
        import pdb  # noqa: F401
    finally:
        if blocked:
            del sys.modules["readline"]
            sys.modules.pop("rlcompleter", None)


def forget_shadowed(folder):
    """Forget the modules rdb imported that a file in the program's folder would shadow,
    so the program's `import string` finds its own string.py, as under plain python
    (pdb's, which imported it first, would not)."""
    for name in set(sys.modules) - _BEFORE_RDB - {__name__}:
        top = os.path.join(folder, name.partition(".")[0])
        if os.path.isfile(top + ".py") or os.path.isfile(os.path.join(top, "__init__.py")):
            del sys.modules[name]


_KEPT = []


def share_stdin():
    """The program's sys.stdin reads a byte at a time (as rdb reads its commands), so
    that neither takes the other's lines from a shared pipe: what pdb and a program get
    from their one shared sys.stdin, without sharing an object the program may close."""
    import io

    old = sys.stdin
    try:
        fd = old.fileno()
        raw = io.FileIO(fd, "r", closefd=old.buffer.raw.closefd)
    except Exception:
        return
    new = io.TextIOWrapper(
        io.BufferedReader(raw, buffer_size=1),
        encoding=old.encoding,
        errors=old.errors,
        line_buffering=old.line_buffering,
    )
    new._CHUNK_SIZE = 1
    # Kept, so it never closes descriptor 0 when it goes.
    _KEPT.append(old)
    if sys.__stdin__ is old:
        sys.__stdin__ = new
    sys.stdin = new


def tap_std_streams(write):
    """rdb record: sys.stdout and sys.stderr as text streams over `write(stream, fd,
    data)` (rdb's tap), written through at each write so that each piece is kept at the
    step that wrote it. Only C callables on the new streams: no frame of rdb's own runs
    when the program writes."""
    import functools
    import io

    for stream, name in ((1, "stdout"), (2, "stderr")):
        old = getattr(sys, name)
        try:
            fd = old.fileno()
            old.flush()
        except Exception:
            continue
        raw = io.RawIOBase()
        raw.write = functools.partial(write, stream, fd)
        raw.fileno = fd.__index__
        raw.isatty = functools.partial(os.isatty, fd)
        raw.writable = True.__bool__
        raw.name = getattr(old, "name", fd)
        raw.mode = "wb"
        new = io.TextIOWrapper(
            raw,
            encoding=old.encoding,
            errors=old.errors,
            line_buffering=old.line_buffering,
            write_through=True,
        )
        # Kept, so it never closes its descriptor when it goes.
        _KEPT.append(old)
        if getattr(sys, "__%s__" % name) is old:
            setattr(sys, "__%s__" % name, new)
        setattr(sys, name, new)


def quit_class():
    """rdb.Quit: what rdb raises in the program when the user quits. A bdb.BdbQuit (the
    standard library's, whatever the program's folder holds), so that a program or pytest
    catching pdb's quit catches rdb's."""
    folder = sys.path.pop(0) if sys.path else None
    try:
        saved = sys.modules.get("bdb")
        if saved is None or not hasattr(saved, "BdbQuit"):
            sys.modules.pop("bdb", None)
        import bdb
    finally:
        if folder is not None:
            sys.path.insert(0, folder)
    return type("Quit", (bdb.BdbQuit,), {"__module__": "rdb", "__doc__": "The user quit rdb."})


def quiet_thread_quit(quit):
    """Threads that end because the user quit print no traceback for it."""
    import threading

    previous = threading.excepthook
    if getattr(previous, "_rdb_quiet", False):
        return

    def excepthook(args):
        if not (isinstance(args.exc_type, type) and issubclass(args.exc_type, quit)):
            previous(args)

    excepthook._rdb_quiet = True
    threading.excepthook = excepthook


def exc_only(exc):
    """The last line of the exception, as pdb prints errors."""
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def interact(globals, locals):
    """pdb's `interact`: Python's interactive console over the frame's names (a copy:
    what it assigns stays in it), reading with `input()` as the program would; 3.13 with
    its pdb's own console and words. `exit()` leaves the console (3.11's and 3.12's pdb
    would end the program, then fail on the standard input it closed)."""
    import code

    ns = {**globals, **locals}
    if sys.version_info >= (3, 13):
        import pdb

        def message(msg, end="\n"):
            print(msg, end=end, file=sys.stdout)

        console = pdb._PdbInteractiveConsole(ns, message=message)
        console.interact(
            banner="*pdb interact start*", exitmsg="*exit from pdb interact command*"
        )
        return
    try:
        code.interact("*interactive*", local=ns)
    except SystemExit:
        pass


def chained_exceptions(exc):
    """3.13's pdb's chain of `exc` for `exceptions`: oldest first (causes, else contexts
    not suppressed; a cycle ends it), and its message when the chain is cut."""
    import pdb

    found = []
    current = exc
    limit = pdb.Pdb.MAX_CHAINED_EXCEPTION_DEPTH
    note = ""
    while current is not None:
        if current in found:
            break
        found.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
        if len(found) >= limit:
            note = (
                f"More than {limit} chained exceptions found, not all exceptions"
                "will be browsable with `exceptions`."
            )
            break
    return list(reversed(found)), note


def exception_rows(chain, index):
    """3.13's `exceptions` listing: `>` at the current one, its number (or `-` when it
    has no traceback) and its repr, cut at 80 characters."""
    rows = []
    for ix, exc in enumerate(chain):
        mark = ">" if ix == index else " "
        rep = repr(exc)
        if len(rep) > 80:
            rep = rep[:77] + "..."
        number = "  -" if exc.__traceback__ is None else f"{ix:>3}"
        rows.append(f"{mark} {number} {rep}")
    return rows


def compile_error(expr):
    """3.12's pdb refuses a condition or display that does not compile: the error's
    line, or "" when it compiles."""
    try:
        compile(expr, "<stdin>", "eval")
    except SyntaxError as exc:
        return exc_only(exc)
    return ""


def exc_full(exc):
    """The whole traceback text of an exception, as the interpreter prints it."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def statement_incomplete(source):
    """3.13's pdb reads more lines ("...   ") while `codeop` says the statement goes on;
    a statement that cannot compile is not incomplete (its error shows when it runs)."""
    import codeop

    try:
        return codeop.compile_command(source, "<stdin>", "single") is None
    except (SyntaxError, ValueError, OverflowError):
        return False


def _closure_exec(source, globals, locals):
    """3.13's pdb runs a statement that makes functions (a lambda, a generator
    expression) inside a closure over the frame's locals, so that they see them; the
    locals it assigns are written back. False when the statement is not of that kind or
    that way fails (pdb then runs it plainly)."""
    import textwrap
    import types

    code = compile(source, "<string>", "exec")
    if not any(isinstance(const, types.CodeType) for const in code.co_consts):
        return False
    names = dict(locals)
    names["__rdb_eval__"] = {"result": None, "write_back": {}}
    try:
        compile(source, "<string>", "eval")
    except SyntaxError:
        pass
    else:
        source = "__rdb_eval__['result'] = " + source
    source = (
        "try:\n" + textwrap.indent(source, "  ") + "\n"
        "finally:\n  __rdb_eval__['write_back'] = locals()"
    )
    outer = (
        "def __rdb_outer():\n"
        + "".join(f"  {var} = None\n" for var in names)
        + "  def __rdb_scope():\n"
        + "".join(f"    nonlocal {var}\n" for var in names)
        + textwrap.indent(source, "    ")
        + "\n  return __rdb_scope.__code__"
    )
    made = {}
    try:
        exec(outer, {}, made)
    except Exception:
        return False
    scope = made["__rdb_outer"]()
    cells = tuple(types.CellType(names.get(var)) for var in scope.co_freevars)
    try:
        exec(scope, globals, names, closure=cells)
    except Exception:
        return False
    evaluated = names["__rdb_eval__"]
    evaluated["write_back"].pop("__rdb_eval__", None)
    locals.update(evaluated["write_back"])
    if evaluated["result"] is not None:
        print(repr(evaluated["result"]))
    return True


def exec_line(line, globals, locals):
    """pdb's `default()`: run a statement with sys.stdout and sys.displayhook the
    session's (pdb swaps in its own while the statement runs, whatever the program made
    of them). Returns what the statement wrote, values it showed included, in order, and
    the exception it raised (or None). On 3.13 as its pdb: `codeop` compiles it (a
    comment alone is `pass`; `line` may be several lines), and functions it makes see
    the frame's locals."""
    import io

    if sys.version_info >= (3, 13):
        import codeop

        source = line if "\n" in line else line + "\n"
        code = codeop.compile_command(source, "<stdin>", "single")
        if code is None:
            code = compile(source, "<stdin>", "single")
    else:
        code = compile(line + "\n", "<stdin>", "single")
    out = io.StringIO()
    saved = sys.stdout, sys.displayhook

    def hook(obj):
        if obj is not None:
            out.write(repr(obj) + "\n")

    sys.stdout, sys.displayhook = out, hook
    try:
        if sys.version_info < (3, 13) or not _closure_exec(line, globals, locals):
            exec(code, globals, locals)
    except BaseException as e:
        return out.getvalue(), e
    finally:
        sys.stdout, sys.displayhook = saved
    return out.getvalue(), None


def eval_from_helpers(expr, globals, locals):
    """eval from a frame of its own (3.9: what pdb's eval gets, see value.rs)."""
    return eval(expr, globals, locals)


def safe_repr(obj, expr):
    try:
        return repr(obj)
    except Exception as e:
        return "*** repr(%s) failed: %s ***" % (expr, exc_only(e))


def short_repr(obj):
    return reprlib.repr(obj)


def pformat(obj):
    return pprint.pformat(obj)


def whatis(value):
    code = None
    try:
        code = value.__func__.__code__
    except Exception:
        pass
    if code:
        return "Method %s" % code.co_name
    try:
        code = value.__code__
    except Exception:
        pass
    if code:
        return "Function %s" % code.co_name
    if value.__class__ is type:
        return "Class %s.%s" % (value.__module__, value.__qualname__)
    return str(type(value))


def getsourcelines(obj):
    import inspect

    lines, lineno = inspect.getsourcelines(obj)
    return lines, max(1, lineno)


def listing_source(filename, globals):
    """The file `list` reads and its lines: 3.10+ lists a frozen stdlib module from
    its `__file__` (gh-93696)."""
    if sys.version_info >= (3, 10) and filename.startswith("<frozen"):
        tmp = globals.get("__file__")
        if isinstance(tmp, str):
            filename = tmp
    return filename, linecache.getlines(filename, globals)


def getline(filename, lineno, globals):
    return linecache.getline(filename, lineno, globals)


def checkcache():
    linecache.checkcache()


def canonic(filename):
    if filename == "<" + filename[1:-1] + ">":
        return filename
    return os.path.normcase(os.path.abspath(filename))


def lookupmodule(filename, mainpyfile):
    """pdb's lookupmodule: find a file named in `break file:line`."""
    if sys.version_info >= (3, 13):
        # 3.13 also takes a module's dotted name, and only searches sys.path
        if not filename.endswith(".py"):
            filename = filename.replace(".", os.sep) + ".py"
        if os.path.isabs(filename):
            return filename if os.path.exists(filename) else None
        return _along_sys_path(filename)
    if os.path.isabs(filename) and os.path.exists(filename):
        return filename
    f = os.path.join(sys.path[0], filename)
    if os.path.exists(f) and canonic(f) == mainpyfile:
        return f
    root, ext = os.path.splitext(filename)
    if ext == "":
        filename = filename + ".py"
    if os.path.isabs(filename):
        return filename
    return _along_sys_path(filename)


def _along_sys_path(filename):
    for dirname in sys.path:
        while os.path.islink(dirname):
            dirname = os.readlink(dirname)
        fullname = os.path.join(dirname, filename)
        if os.path.exists(fullname):
            return fullname
    return None


def function_location(arg, globals, locals):
    """`break function`: (co_name, co_firstlineno, co_filename) of the named function."""
    try:
        func = eval(arg, globals, locals)
    except:  # noqa: E722 (as pdb: anything that fails to evaluate is a name to look up)
        func = arg
    try:
        if hasattr(func, "__func__"):
            func = func.__func__
        code = func.__code__
        return code.co_name, _function_line(code), code.co_filename
    except Exception:
        return None


def _function_line(code):
    """Where pdb puts a breakpoint set on a function: its `def` line, or from 3.13 the
    line of the first instruction after RESUME (pdb's find_first_executable_line)."""
    if sys.version_info < (3, 13):
        return code.co_firstlineno
    import dis

    prev = None
    for instr in dis.get_instructions(code):
        if prev is not None and prev.opname == "RESUME":
            return instr.positions.lineno or code.co_firstlineno
        prev = instr
    return code.co_firstlineno


def find_function(funcname, filename):
    """pdb's find_function: the line of `def funcname(` in a file."""
    cre = re.compile(r"def\s+%s\s*[(]" % re.escape(funcname))
    try:
        fp = open(filename, "rb")
    except OSError:
        return None
    import io

    with fp:
        fp = io.TextIOWrapper(fp, encoding=_detect_encoding(filename))
        funcstart, funcdef = None, ""
        for lineno, line in enumerate(fp, start=1):
            if cre.match(line):
                if sys.version_info < (3, 13):
                    return funcname, filename, lineno
                funcstart, funcdef = lineno, line
            elif funcdef:
                funcdef += line
            if funcdef:
                # 3.13: the function's first executable line, as for a function object.
                try:
                    funccode = compile(funcdef, filename, "exec").co_consts[0]
                except SyntaxError:
                    continue
                return funcname, filename, funcstart + _function_line(funccode) - 1
    return None


def _detect_encoding(filename):
    import tokenize

    with open(filename, "rb") as f:
        return tokenize.detect_encoding(f.readline)[0]


def _pdb_for_help(out, prompt):
    """A pdb.Pdb that only answers `help`: its class's docstrings and formatting, and
    none of its set-up (no readline, rc files or audit event)."""
    import pdb

    p = pdb.Pdb.__new__(pdb.Pdb)
    p.stdout = out
    p.prompt = prompt
    return p


def pdb_help(arg, prompt):
    """What `help arg` prints under this Python's pdb (its own texts and layout); `help
    pdb` shows pdb's documentation as its pager does when output is not a terminal."""
    import io
    import pydoc

    out = io.StringIO()
    p = _pdb_for_help(out, prompt)
    if arg == "pdb":
        saved = sys.stdout
        sys.stdout = out
        try:
            pydoc.pager(sys.modules["pdb"].__doc__ or "")
        finally:
            sys.stdout = saved
    else:
        p.do_help(arg)
    return out.getvalue()


def pdb_usage(command):
    """The usage lines of pdb's help for `command` (3.13's `_print_invalid_arg`)."""
    import inspect
    import io

    p = _pdb_for_help(io.StringIO(), "(Pdb) ")
    doc = inspect.getdoc(getattr(p, "do_" + command))
    return p._help_message_from_doc(doc, usage_only=True) if doc else ""


CONVENIENCE = "__pdb_convenience_variables"


def set_convenience_variable(frame, name, value):
    """3.12's pdb keeps `$name` in the frame's module globals."""
    frame.f_globals.setdefault(CONVENIENCE, {})[name] = value


def forget_convenience_variables(frame):
    """At the end of each stop, 3.12's pdb drops the selected frame's module's `$`
    variables."""
    frame.f_globals.pop(CONVENIENCE, None)


def replace_convenience_variables(line):
    """`$name` in a command line read as the module's variable: 3.12 everywhere in the
    line; 3.13 outside string literals (its pdb's own method)."""
    if "$" not in line:
        return line
    if sys.version_info >= (3, 13):
        import pdb

        return pdb.Pdb._replace_convenience_variables(None, line)
    return re.sub(r"\$([a-zA-Z_][a-zA-Z0-9_]*)", r'%s["\1"]' % CONVENIENCE, line)


def tb_entries(tb):
    """(frame, tb_lineno) for each traceback entry, outermost first."""
    out = []
    while tb is not None:
        out.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return out


def display_changed(new, old):
    return new is not old and new != old


_NESTED_CODES = {}


def nested_codes(filename, since_ns):
    """The code objects nested in a file's module code, compiled from the file as it is
    on disk (kept while its size and times stay), or None when it cannot be read or
    compiled, or was written after `since_ns` (the program may run older code of it; the
    inode's change time counts too, as a copy that keeps the old mtime changes it)."""
    try:
        st = os.stat(filename)
    except (OSError, ValueError):
        return None
    if max(st.st_mtime_ns, st.st_ctime_ns) > since_ns:
        return None
    key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    known = _NESTED_CODES.get(filename)
    if known is not None and known[0] == key:
        return known[1]
    try:
        with open(filename, "rb") as f:
            source = f.read()
        import warnings

        # Its compile-time warnings were the program's to see, once. (The filter goes
        # in and out in place: catch_warnings would reset every warning registry.)
        ignore = ("ignore", None, Warning, None, 0)
        warnings.filters.insert(0, ignore)
        try:
            top = compile(source, filename, "exec", dont_inherit=True)
        finally:
            warnings.filters.remove(ignore)
    except (OSError, SyntaxError, ValueError):
        return None
    codes, todo = [], [top]
    while todo:
        for const in todo.pop().co_consts:
            if isinstance(const, type(top)):
                codes.append(const)
                todo.append(const)
    _NESTED_CODES[filename] = (key, codes)
    return codes


def read_source(path):
    import io

    with io.open_code(path) as f:
        return f.read()


class ReprTimeout(Exception):
    """Raised by rdb's watchdog in code rdb runs at a stop (a variable's __repr__, an
    expression typed at the prompt) that runs past its time limit."""

    def __str__(self):
        return "it ran past rdb's time limit and was interrupted"


ReprTimeout.__module__ = "rdb"
ReprTimeout.__qualname__ = ReprTimeout.__name__ = "Timeout"

REPR_LIMIT_MS = 250


def absorb_timeout():
    """Run a few instructions, so a timeout that fired late is raised (and dropped) here."""
    for _ in range(2):
        pass


def _arm(ms):
    """Replaced by rdb's watchdog when the helpers load."""


def _disarm():
    """Replaced by rdb's watchdog when the helpers load."""


class _Bounded(reprlib.Repr):
    """reprlib's bounds, but a __repr__ that raises is reported, not papered over."""

    def repr_instance(self, x, level):
        s = repr(x)
        if len(s) > self.maxother:
            i = max(0, (self.maxother - 3) // 2)
            j = max(0, self.maxother - 3 - i)
            s = s[:i] + "..." + s[len(s) - j:]
        return s


_short = _Bounded()
_short.maxstring = 120
_short.maxother = 120
_short.maxlong = 60


def reprlib_types():
    """The type names `_short` has a method of its own for (repr_list…)."""
    return [name[5:] for name in dir(_short) if name.startswith("repr_") and name != "repr_instance"]


def bounded_repr(value):
    """The repr rdb shows: reprlib's bounds (from the configuration)."""
    return _short.repr(value)


def set_repr_limits(limits):
    """reprlib attributes (maxstring=…) of the reprs rdb shows, from the configuration."""
    for name, value in limits:
        setattr(_short, name, value)


PAGE = 100
_LEAVES = (str, bytes, bytearray, int, float, complex, bool, type(None), range)


def _children(value):
    """(label, child) pairs of a container or object, or None if it has none to show."""
    import types

    if isinstance(value, _LEAVES):
        return None
    if isinstance(value, dict):
        return (("%s" % _short.repr(k), v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return (("[%d]" % i, v) for i, v in enumerate(value))
    if isinstance(value, (set, frozenset)):
        return (("{%d}" % i, v) for i, v in enumerate(value))
    if isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
        return None
    attrs = getattr(value, "__dict__", None)
    if isinstance(attrs, dict):
        return ((".%s" % k, v) for k, v in attrs.items())
    return None


def _expandable(value):
    try:
        kids = _children(value)
        return kids is not None and next(iter(kids), _children) is not _children
    except Exception:
        return False


def _row(depth, path, name, value):
    _arm(REPR_LIMIT_MS)
    try:
        text = _short.repr(value)
    except ReprTimeout:
        text = "<repr timed out>"
    except Exception as e:
        text = "<repr failed: %s>" % _short.repr(e)
    finally:
        _disarm()
    return (depth, path, str(name), type(value).__name__, text.replace("\n", "\\n"), _expandable(value), _identity(value))


_UNTAGGED = (type(None), bool, int, float, complex)


def _identity(value):
    """The object's identity, for the tags of shared objects; 0 for the values a class
    would only be confused by (None, booleans, numbers, short strings), which CPython
    shares freely."""
    if isinstance(value, _UNTAGGED) or (isinstance(value, (str, bytes)) and len(value) <= 20):
        return 0
    return id(value)


def _arguments(frame, f_locals):
    """(name, bounded repr, identity) of each argument of the frame's function."""
    co = frame.f_code
    n = co.co_argcount + co.co_kwonlyargcount
    if co.co_flags & 0x04:
        n += 1
    if co.co_flags & 0x08:
        n += 1
    names = co.co_varnames[:n]
    if not names:
        return []
    out = []
    for name in names:
        if name not in f_locals:
            continue
        row = _row(0, name, name, f_locals[name])
        out.append((name, row[4], row[6]))
    return out


def frames_snapshot(frames, selected, selected_locals, with_vars, expanded, pages):
    """For each frame (outermost first): its arguments, and for the newest `with_vars`
    frames all its variables (as variables_snapshot), else None. The selected frame's
    locals are the session's (pdb's curframe_locals: what `!x = 1` assigned there)."""
    out = []
    first_with_vars = len(frames) - with_vars
    for i, frame in enumerate(frames):
        f_locals = selected_locals if i == selected else frame.f_locals
        try:
            args = _arguments(frame, f_locals)
        except Exception:
            args = []
        rows = None
        if i >= first_with_vars:
            rows = variables_snapshot(f_locals, expanded, f_locals is frame.f_globals, pages)
        out.append((args, rows))
    return out


_NORMAL_EXITS = {
    "RETURN_VALUE", "RETURN_CONST", "YIELD_VALUE",
    "INSTRUMENTED_RETURN_VALUE", "INSTRUMENTED_RETURN_CONST", "INSTRUMENTED_YIELD_VALUE",
}


def is_unwinding(frame):
    """Whether the frame's return event is an exception unwinding it: its last
    instruction is the one that raised, not a return or a yield."""
    import dis

    code = frame.f_code.co_code
    i = frame.f_lasti
    if not 0 <= i < len(code):
        return False
    return dis.opname[code[i]] not in _NORMAL_EXITS


def thread_name():
    """The current thread's name, when it is not the main thread."""
    import threading

    current = threading.current_thread()
    return None if current is threading.main_thread() else current.name


def _add(out, depth, path, name, value, expanded, pages):
    out.append(_row(depth, path, name, value))
    if path not in expanded:
        return
    try:
        kids = _children(value)
        if kids is None:
            return
        limit = pages.get(path, PAGE)
        shown = 0
        for i, (label, child) in enumerate(kids):
            if shown == limit:
                rest = len(value) - limit if hasattr(value, "__len__") else None
                more = "%d more" % rest if rest is not None else "more"
                out.append((depth + 1, path + "/…", "…", "", more, False, 0))
                break
            _add(out, depth + 1, "%s/%d" % (path, i), label, child, expanded, pages)
            shown += 1
    except Exception as e:
        out.append((depth + 1, path + "/!", "!", "", "<cannot list: %s>" % exc_only(e), False, 0))


def variables_snapshot(mapping, expanded, is_globals, pages=()):
    """Rows (depth, path, name, type, bounded repr, expandable) of the variables worth
    showing, with the elements of the expanded ones (the first PAGE of each, or as many
    as `pages` says for that path)."""
    import types

    expanded = set(expanded)
    pages = dict(pages)
    out = []
    for name, value in list(mapping.items()):
        if not isinstance(name, str):
            # Python allows any key in a namespace dict (globals()[1] = ...): shown by repr.
            name = _short.repr(name)
        elif name.startswith("__") and name.endswith("__") and name not in ("__return__", "__exception__"):
            continue
        elif name == CONVENIENCE:
            # pdb's (3.12+) own store of $-variables, kept in the frame's globals
            continue
        if is_globals and isinstance(value, types.ModuleType):
            continue
        _add(out, 0, str(name), name, value, expanded, pages)
    return out


def narrate(frame, event, arg):
    """A line or exception event's line of the event narrative (rdb tells calls and
    returns itself)."""
    co = frame.f_code
    if event == "line":
        text = linecache.getline(co.co_filename, frame.f_lineno, frame.f_globals).strip()
        return "line %d  %s" % (frame.f_lineno, text)
    return "exception %s" % _short.repr(arg[1])


def inspect_frame(frame):
    """What the tracing talk teaches about a frame and its code object, and the bytecode
    of the current line with the instruction at f_lasti marked."""
    import dis

    co = frame.f_code
    back = frame.f_back
    flags = [name for bit, name in sorted(dis.COMPILER_FLAG_NAMES.items()) if co.co_flags & bit]
    rows = [
        ("f_back", "%s() at %s:%d" % (back.f_code.co_name, os.path.basename(back.f_code.co_filename), back.f_lineno) if back else "None"),
        ("f_code", "<code object %s>" % co.co_name),
        ("f_lineno", str(frame.f_lineno)),
        ("f_lasti", str(frame.f_lasti)),
        ("f_trace", "set" if frame.f_trace is not None else "None"),
        ("co_name", co.co_name),
        ("co_filename", co.co_filename),
        ("co_firstlineno", str(co.co_firstlineno)),
        ("co_argcount", str(co.co_argcount)),
        ("co_kwonlyargcount", str(co.co_kwonlyargcount)),
        ("co_nlocals", str(co.co_nlocals)),
        ("co_varnames", repr(co.co_varnames)),
        ("co_names", repr(co.co_names)),
        ("co_flags", "0x%x %s" % (co.co_flags, " | ".join(flags))),
    ]
    code_lines = []
    line = None
    for ins in dis.get_instructions(co):
        number = getattr(ins, "line_number", None)
        if number is None and not isinstance(ins.starts_line, bool) and ins.starts_line is not None:
            number = ins.starts_line
        if number is not None:
            line = number
        if line == frame.f_lineno:
            text = "%4d %-24s %s" % (ins.offset, ins.opname, ins.argrepr)
            code_lines.append((ins.offset == frame.f_lasti, text.rstrip()))
    return rows, code_lines
