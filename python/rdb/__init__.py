"""rdb, the terminal debugger, inside your own Python.

``rdb script.py`` (or ``python -m rdb script.py``) debugs a program as pdb's command
line does; ``import rdb; rdb.set_trace()`` (or ``PYTHONBREAKPOINT=rdb.set_trace`` and
``breakpoint()``) stops a running program where it is called; ``rdb.post_mortem()`` and
``rdb.pm()`` open pdb's post-mortem prompt; ``pytest --pdb --pdbcls=rdb:Rdb`` (and
``--trace``) use rdb as pytest's debugger. In a terminal rdb takes the full screen; with
standard input or output piped it speaks pdb's line interface on them.
"""

import sys

from . import _rdb

__all__ = ["Rdb", "main", "pm", "post_mortem", "runcall", "set_trace"]


def main(argv=None):
    """The ``rdb`` command: ``rdb [options] script.py [args]`` (``rdb --help``)."""
    if argv is None:
        argv = sys.argv[1:]
    sys.exit(_rdb.main(list(argv)))


def _exception_of(t):
    """(traceback, exception) of pdb's ``post_mortem(t)`` argument."""
    if t is None:
        t = sys.exc_info()[1]
    if isinstance(t, BaseException):
        return t.__traceback__, t
    exc = sys.exc_info()[1]
    return t, (exc if exc is not None and exc.__traceback__ is t else None)


class Rdb:
    """rdb as a pdb-like class, for code that makes its own debugger: pytest's
    ``--pdbcls=rdb:Rdb`` subclasses it and calls ``set_trace``, ``reset``,
    ``interaction`` and ``runcall``, and reads ``quitting``. There is one rdb session per
    process; each instance drives it. The commands that resume the program call
    ``do_continue`` and ``do_quit`` (and a stop calls ``setup``) so that subclasses can
    add to them, as pytest's does to resume and end its output capture."""

    def __init__(self, *args, **kwargs):
        self.quitting = False

    def reset(self):
        self.quitting = False

    def setup(self, f, tb):
        """Called at each stop, before the prompt; a true result is not used."""
        return None

    def message(self, msg):
        print(msg, file=sys.stdout)

    def set_trace(self, frame=None, *, header=None):
        """Stop at the next event of ``frame`` (the caller's, by default)."""
        if header is not None:
            self.message(header)
        if frame is None:
            frame = sys._getframe().f_back
        _rdb.set_trace(frame, self)

    def interaction(self, frame, tb_or_exc):
        """pdb's ``interaction``: with a traceback or exception, the post-mortem prompt
        over it, until ``c`` or ``q``; with only a frame, a stop at its next event."""
        if tb_or_exc is None:
            if frame is not None:
                _rdb.set_trace(frame, self)
            return
        tb, exc = _exception_of(tb_or_exc)
        if tb is None:
            raise ValueError(
                "A valid traceback must be passed if no exception is being handled"
            )
        _rdb.post_mortem(tb, exc, self)

    def runcall(self, func, /, *args, **kwds):
        """Calls ``func(*args, **kwds)``, stopping at its first line; returns its result."""
        self.reset()
        _rdb.stop_at_next_line(self)
        try:
            return func(*args, **kwds)
        finally:
            self.quitting = True

    def do_continue(self, arg):
        """``c``: the program runs on (rdb resumes it; subclasses add to this)."""
        return 1

    do_c = do_cont = do_continue

    def do_quit(self, arg):
        """``q``: the program ends (rdb raises pdb's quit in it)."""
        self.quitting = True
        return 1

    do_q = do_exit = do_quit


def _under_pytest(method, **kwargs):
    """Inside a pytest run, the debugger pytest would make for ``pdb.set_trace`` (output
    capture suspended, its plugins told), of class Rdb; None outside pytest."""
    debugging = sys.modules.get("_pytest.debugging")
    pytest_pdb = getattr(debugging, "pytestPDB", None)
    if pytest_pdb is None or getattr(pytest_pdb, "_config", None) is None:
        return None
    try:
        original = pytest_pdb.__dict__["_import_pdb_cls"]
        wrap = pytest_pdb._get_pdb_wrapper_class
    except (KeyError, AttributeError):
        return None
    pytest_pdb._import_pdb_cls = classmethod(lambda cls, capman: wrap(Rdb, capman))
    try:
        return pytest_pdb._init_pdb(method, **kwargs)
    finally:
        pytest_pdb._import_pdb_cls = original


def set_trace(*, header=None):
    """Stop the program at the line that called this, as ``pdb.set_trace()`` does."""
    frame = sys._getframe().f_back
    debugger = _under_pytest("set_trace", header=header)
    if debugger is None:
        debugger = Rdb()
        if header is not None:
            debugger.message(header)
    debugger.set_trace(frame)


def post_mortem(t=None):
    """pdb's post-mortem prompt over traceback or exception ``t`` (by default, the
    exception being handled)."""
    tb, exc = _exception_of(t)
    if tb is None:
        raise ValueError("A valid traceback must be passed if no exception is being handled")
    debugger = _under_pytest("post_mortem") or Rdb()
    debugger.reset()
    debugger.interaction(None, exc if exc is not None else tb)


def pm():
    """Post-mortem over the last uncaught exception (``sys.last_exc``)."""
    last = getattr(sys, "last_exc", None)
    post_mortem(last if last is not None else sys.last_traceback)


def runcall(func, /, *args, **kwds):
    """Calls ``func(*args, **kwds)`` under rdb, stopping at its first line."""
    return Rdb().runcall(func, *args, **kwds)
