//! rdb's hooks in the program's interpreter, all C functions so that no rdb frame ever
//! appears in the program's stack: `sys.breakpointhook` (whatever PYTHONBREAKPOINT
//! says), the SIGINT handler (Ctrl-C pauses), and the fork hook (a child runs
//! undebugged).

use std::cell::Cell;
use std::sync::atomic::Ordering;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use super::backend;
use super::entry::{c_function, none, varargs, with_keywords, Args};
use super::frame::Frame;
use super::tracer::{caught_up, set_handler, with_active, TraceHandler, BUSY};
use super::value::Value;

thread_local! {
    static LAST_SIGINT: Cell<Option<std::time::Instant>> = const { Cell::new(None) };
}

/// This process is a child the program forked: it runs undebugged and, when its run
/// ends, exits as python would instead of going back to rdb's loop.
static FORKED_CHILD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether this process is a child the program forked.
pub fn in_forked_child() -> bool {
    FORKED_CHILD.load(Ordering::SeqCst)
}

/// rdb's SIGINT handler object, to tell whether the program replaced it.
static SIGINT_HANDLER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Whether SIGINT is still handled by rdb (not by a handler the program installed).
pub(crate) fn sigint_is_rdbs(py: Python<'_>) -> bool {
    let Some(ours) = SIGINT_HANDLER.get(py) else {
        return false;
    };
    super::helpers::module(py, "signal")
        .and_then(|s| s.call_method1("getsignal", (s.getattr("SIGINT")?,)))
        .is_ok_and(|h| h.is(ours.bind(py)))
}

/// Runs `f` on the handler with the frame the program is executing (the caller of a C
/// function such as `breakpoint()`), then makes sure tracing is on. False when no handler
/// could take it (none, or one already busy at a prompt).
fn pause_running_frame(py: Python<'_>, f: impl FnOnce(&mut dyn TraceHandler, &Frame)) -> bool {
    // SAFETY: GIL held; a borrowed reference to the running Python frame, or NULL.
    let cur = unsafe { ffi::PyEval_GetFrame() };
    if cur.is_null() {
        return false;
    }
    // SAFETY: `cur` is a valid frame (borrowed), the GIL is held.
    let frame = unsafe { Frame::from_borrowed(py, cur) };
    pause_frame(&frame, f)
}

/// Stops the program in `frame` at its next event, as `breakpoint()` there would; false
/// when no handler could take it.
pub fn stop_at(frame: &Frame) -> bool {
    pause_frame(frame, |h, f| h.set_trace(f))
}

/// Runs `f` on the handler with `frame`, then makes sure tracing is on.
fn pause_frame(frame: &Frame, f: impl FnOnce(&mut dyn TraceHandler, &Frame)) -> bool {
    let frame = frame.clone();
    let state = with_active(|h| {
        f(h, &frame);
        (h.generation(), h.trace_opcodes())
    });
    if let Some((generation, opcodes)) = state {
        backend::install();
        caught_up(&frame, generation);
        if opcodes {
            backend::trace_opcodes(&frame);
        }
    }
    state.is_some()
}

/// `sys.breakpointhook` while rdb runs the program: stop at the caller's next event.
unsafe extern "C" fn breakpoint_hook(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple. Any arguments
    // and keywords are taken, as `breakpoint(*args, **kws)` passes them to the hook.
    unsafe {
        varargs(
            "breakpointhook",
            (0, usize::MAX),
            args,
            std::ptr::null_mut(),
            breakpoint_hook_body,
        )
    }
}

fn breakpoint_hook_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    pause_running_frame(py, |h, frame| h.set_trace(frame));
    none(py)
}

/// The program's `pdb.set_trace(*, header=None)` while rdb runs it: the header said,
/// then a stop at the caller's next event, as `breakpoint()`.
unsafe extern "C" fn pdb_set_trace(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe {
        with_keywords(
            "set_trace",
            (0, 0),
            &["header"],
            args,
            kwargs,
            pdb_set_trace_body,
        )
    }
}

fn pdb_set_trace_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(header) = args.keyword("header").filter(|h| !h.is_none()) {
        let text = header.str()?.to_string();
        with_active(|h| h.message(&text));
    }
    pause_running_frame(py, |h, frame| h.set_trace(frame));
    none(py)
}

/// The program's `pdb.post_mortem(t=None)`: rdb's post-mortem prompt over the traceback
/// (or exception) `t`, by default the exception being handled.
unsafe extern "C" fn pdb_post_mortem(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe {
        with_keywords(
            "post_mortem",
            (0, 1),
            &["t"],
            args,
            kwargs,
            pdb_post_mortem_body,
        )
    }
}

fn pdb_post_mortem_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let t = if args.len() == 1 {
        Some(args.get(0))
    } else {
        args.keyword("t")
    };
    post_mortem_over(py, t.filter(|t| !t.is_none()))
}

/// The program's `pdb.pm()`: post-mortem over the last uncaught exception.
unsafe extern "C" fn pdb_pm(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("pm", (0, 0), args, kwargs, pdb_pm_body) }
}

fn pdb_pm_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let sys = super::helpers::module(py, "sys")?;
    let last = sys
        .getattr("last_exc")
        .ok()
        .filter(|e| !e.is_none())
        .map_or_else(|| sys.getattr("last_traceback"), Ok)?;
    post_mortem_over(py, Some(last))
}

/// The session's post-mortem prompt over `t` (a traceback or an exception; `None`: the
/// exception being handled), as pdb's `post_mortem`.
fn post_mortem_over<'py>(
    py: Python<'py>,
    t: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let sys = super::helpers::module(py, "sys")?;
    let t = match t {
        Some(t) => t,
        None => sys.call_method0("exc_info")?.get_item(1)?,
    };
    let (tb, exc) = if t.is_instance_of::<pyo3::exceptions::PyBaseException>() {
        (t.getattr("__traceback__")?, Some(t))
    } else {
        (t, None)
    };
    if tb.is_none() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "A valid traceback must be passed if no exception is being handled",
        ));
    }
    let entries = super::value::traceback_entries(&Value::from_object(tb.unbind()));
    let exc = exc.map(|e| Value::from_object(e.unbind()));
    let summary = exc
        .as_ref()
        .map(Value::format_exception_only)
        .unwrap_or_default();
    let state = with_active(|h| {
        h.post_mortem(entries, &summary, exc);
        h.generation()
    });
    if let Some(generation) = state {
        // The prompt may have changed what stops (a breakpoint set, `q`).
        backend::install();
        // SAFETY: GIL held; a borrowed reference to the running frame, or NULL.
        let cur = unsafe { ffi::PyEval_GetFrame() };
        if !cur.is_null() {
            // SAFETY: `cur` is a valid frame (borrowed), the GIL is held.
            caught_up(&unsafe { Frame::from_borrowed(py, cur) }, generation);
        }
    }
    none(py)
}

/// `pdb.set_trace`, `pdb.post_mortem` and `pdb.pm` of the program's pdb stop in rdb, as
/// `breakpoint()` does; those someone else put there (pytest's) are left alone, and a
/// `pdb.Pdb` the program makes itself is pdb's own.
pub(crate) fn patch_pdb(py: Python<'_>) -> PyResult<()> {
    let Ok(pdb) = super::helpers::module(py, "pdb") else {
        return Ok(());
    };
    let functions: [(&std::ffi::CStr, &std::ffi::CStr, super::entry::CFunc); 3] = [
        (
            c"set_trace",
            c"rdb: stop here, as breakpoint().",
            pdb_set_trace,
        ),
        (
            c"post_mortem",
            c"rdb: the post-mortem prompt over a traceback.",
            pdb_post_mortem,
        ),
        (
            c"pm",
            c"rdb: the post-mortem prompt over the last exception.",
            pdb_pm,
        ),
    ];
    for (name, doc, meth) in functions {
        let name_str = name.to_str().unwrap_or_default();
        let pdbs_own = pdb
            .getattr(name_str)
            .and_then(|f| f.getattr("__module__"))
            .and_then(|m| m.extract::<String>())
            .is_ok_and(|m| m == "pdb");
        if pdbs_own {
            pdb.setattr(name_str, c_function(py, name, doc, meth)?)?;
        }
    }
    Ok(())
}

/// The SIGINT handler `(signum, frame)`: pause a running program (pdb's
/// `sigint_handler`); at a prompt, where the handler is busy, interrupt what is waiting
/// (raise KeyboardInterrupt); after `q` in a program thread, end the main thread.
unsafe extern "C" fn sigint_handler(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("sigint_handler", (0, 2), args, kwargs, sigint_handler_body) }
}

fn sigint_handler_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    if super::quit::quitting() {
        super::quit::raise_quit(py);
        return Err(PyErr::fetch(py));
    }
    // A second Ctrl-C soon after the first: the program did not get to pause
    // (stuck in C code, such as a long sleep), so interrupt it for real, as
    // plain Python would.
    let now = std::time::Instant::now();
    let repeated = LAST_SIGINT
        .with(|t| t.replace(Some(now)))
        .is_some_and(|t| now.duration_since(t) < std::time::Duration::from_secs(1));
    if !repeated && pause_running_frame(py, |h, frame| h.interrupted(frame)) {
        none(py)
    } else {
        Err(pyo3::exceptions::PyKeyboardInterrupt::new_err(()))
    }
}

/// In a child made by `fork()` (multiprocessing's workers too): no tracing, no debugger,
/// and nothing that touches the parent's terminal; the child runs undebugged.
unsafe extern "C" fn after_fork_in_child(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe {
        varargs(
            "after_fork_in_child",
            (0, 0),
            args,
            kwargs,
            after_fork_in_child_body,
        )
    }
}

fn after_fork_in_child_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    FORKED_CHILD.store(true, Ordering::SeqCst);
    backend::uninstall();
    // The child's copy of the parent's handler must never run.
    let _ = set_handler(None);
    BUSY.store(false, Ordering::SeqCst);
    super::io_hooks::forget_in_child();
    none(py)
}

/// Installs rdb's `sys.breakpointhook`, its SIGINT handler and its fork hook.
pub(crate) fn install_hooks(py: Python<'_>) -> PyResult<()> {
    let hook = c_function(
        py,
        c"breakpointhook",
        c"rdb's breakpoint(): stop in the debugger.",
        breakpoint_hook,
    )?;
    super::helpers::module(py, "sys")?.setattr("breakpointhook", hook)?;
    let handler = c_function(
        py,
        c"sigint_handler",
        c"rdb: Ctrl-C pauses the program.",
        sigint_handler,
    )?;
    let signal = super::helpers::module(py, "signal")?;
    signal.call_method1("signal", (signal.getattr("SIGINT")?, &handler))?;
    let _ = SIGINT_HANDLER.set(py, handler.unbind());
    let after_fork = c_function(
        py,
        c"after_fork_in_child",
        c"rdb: a forked child runs undebugged.",
        after_fork_in_child,
    )?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("after_in_child", after_fork)?;
    super::helpers::module(py, "os")?.call_method("register_at_fork", (), Some(&kwargs))?;
    Ok(())
}

/// rdb started inside a running python (`rdb.set_trace()`): its hooks go in as when rdb
/// starts a program, once.
pub fn install_hooks_in_running_python() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        Python::attach(|py| {
            if let Err(e) = install_hooks(py) {
                eprintln!("rdb: cannot install its hooks: {e}");
            }
        });
    });
}

/// Tracing on again (a breakpoint was set while the program runs).
pub fn resume_tracing() {
    backend::install();
}

/// What `at_exit` runs, once.
static AT_EXIT: std::sync::Mutex<Vec<fn()>> = std::sync::Mutex::new(Vec::new());

fn run_at_exit_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let hooks = std::mem::take(&mut *AT_EXIT.lock().unwrap_or_else(|e| e.into_inner()));
    for hook in hooks {
        hook();
    }
    none(py)
}

unsafe extern "C" fn run_at_exit(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("rdb_at_exit", (0, 0), args, kwargs, run_at_exit_body) }
}

/// `f` runs when the program ends (python's `atexit`, before the interpreter goes).
pub fn at_exit(f: fn()) {
    let first = {
        let mut hooks = AT_EXIT.lock().unwrap_or_else(|e| e.into_inner());
        hooks.push(f);
        hooks.len() == 1
    };
    if first {
        Python::attach(|py| {
            let registered = c_function(py, c"rdb_at_exit", c"rdb's end", run_at_exit)
                .and_then(|f| py.import("atexit")?.call_method1("register", (f,)));
            if let Err(e) = registered {
                eprintln!("rdb: cannot register its end with atexit: {e}");
            }
        });
    }
}
