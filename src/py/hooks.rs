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
use super::entry::{c_function, none, varargs, Args};
use super::frame::Frame;
use super::tracer::{caught_up, set_handler, with_active, TraceHandler, BUSY};

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
