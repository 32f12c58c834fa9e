//! Hooks a drawing front end puts between the program and the terminal: `input()`
//! answered through the UI, and `os._exit` that first gives the terminal back. Both are
//! C functions, so they add no frame to the program's stack, and both are process-wide:
//! they serve every thread of the program.

use std::sync::Mutex;

use pyo3::ffi;
use pyo3::prelude::*;

use super::entry::{c_function, none, varargs, wrong_type, Args, CFunc};

/// Answers `input(prompt)`: the line typed, or `None` at end of input.
pub type InputProvider = Box<dyn FnMut(&str) -> Option<String> + Send>;

/// The provider, shared by the program's threads: one question at a time.
static INPUT: Mutex<Option<InputProvider>> = Mutex::new(None);
/// What runs before the program's `os._exit` ends the process.
static BEFORE_EXIT: Mutex<Option<fn()>> = Mutex::new(None);

unsafe extern "C" fn rdb_input(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("input", (0, 1), args, kwargs, rdb_input_body) }
}

fn rdb_input_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let prompt = if args.len() == 0 {
        String::new()
    } else {
        args.get(0).str()?.to_string()
    };
    super::value::flush_std_streams();
    // Without the GIL while waiting: the program's other threads run on, and
    // one of them asking too waits for this answer first.
    let answer = py.detach(|| {
        let mut provider = INPUT.lock().unwrap_or_else(|e| e.into_inner());
        provider.as_mut().and_then(|p| p(&prompt))
    });
    match answer {
        Some(line) => Ok(line.into_pyobject(py)?.into_any()),
        None => Err(pyo3::exceptions::PyEOFError::new_err(())),
    }
}

unsafe extern "C" fn rdb_os_exit(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("_exit", (1, 1), args, kwargs, rdb_os_exit_body) }
}

fn rdb_os_exit_body<'py>(_py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let code = args
        .get(0)
        .extract::<i32>()
        .map_err(|_| wrong_type("_exit", "status", "an int"))?;
    let hook = *BEFORE_EXIT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hook) = hook {
        let _ = std::panic::catch_unwind(hook);
    }
    // SAFETY: what os._exit does: end the process at once, without cleanup.
    unsafe { libc::_exit(code) }
}

/// Replaces `module.attr` with a C function.
fn replace(
    module: &str,
    attr: &str,
    name: &'static std::ffi::CStr,
    doc: &'static std::ffi::CStr,
    f: CFunc,
) -> Result<(), String> {
    Python::attach(|py| -> PyResult<()> {
        let func = c_function(py, name, doc, f)?;
        py.import(module)?.setattr(attr, func)
    })
    .map_err(|e| e.to_string())
}

/// In a forked child: `os._exit` no longer touches the parent's terminal, and `input()`
/// reads the child's stdin again. (Only tried: a lock held by a thread that did not
/// survive the fork stays held, and the hooks are then left as they are.)
pub(crate) fn forget_in_child() {
    if let Ok(mut hook) = BEFORE_EXIT.try_lock() {
        *hook = None;
    }
    if let Ok(mut provider) = INPUT.try_lock() {
        *provider = None;
    }
}

/// Routes the program's `input()`, from any thread, to `provider`.
pub fn set_input_provider(provider: InputProvider) -> Result<(), String> {
    *INPUT.lock().unwrap_or_else(|e| e.into_inner()) = Some(provider);
    replace(
        "builtins",
        "input",
        c"input",
        c"input(prompt='') answered by rdb's interface",
        rdb_input,
    )
}

/// Runs `hook` (e.g. restore the terminal) before the program's `os._exit`, from any
/// thread, ends rdb.
pub fn set_before_exit(hook: fn()) -> Result<(), String> {
    *BEFORE_EXIT.lock().unwrap_or_else(|e| e.into_inner()) = Some(hook);
    replace(
        "os",
        "_exit",
        c"_exit",
        c"os._exit(n), after rdb restores the terminal",
        rdb_os_exit,
    )
}

fn rdb_close_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let fd = args
        .get(0)
        .extract::<i32>()
        .map_err(|_| wrong_type("close", "fd", "an int"))?;
    if crate::fds::is_own(fd) {
        // rdb's, not the program's: as if it were closed.
        return none(py);
    }
    original(py, "close")?.call1((fd,))
}

unsafe extern "C" fn rdb_close(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("close", (1, 1), args, kwargs, rdb_close_body) }
}

fn rdb_closerange_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let bound = |i| {
        args.get(i)
            .extract::<i32>()
            .map_err(|_| wrong_type("closerange", "fd", "an int"))
    };
    let (low, high) = (bound(0)?, bound(1)?);
    let closerange = original(py, "closerange")?;
    let mut from = low;
    for fd in crate::fds::own_in(low, high) {
        closerange.call1((from, fd))?;
        from = fd + 1;
    }
    closerange.call1((from, high.max(from)))
}

unsafe extern "C" fn rdb_closerange(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("closerange", (2, 2), args, kwargs, rdb_closerange_body) }
}

/// `os`'s own function `name`, as rdb found it (kept by `protect_own_fds`).
fn original<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    super::helpers::module(py, "_rdb_os_originals")?.getattr(name)
}

/// Before the program's first line: the descriptors rdb opened are noted as rdb's, and
/// the program's `os.close`/`os.closerange` leave them alone (once per process).
pub fn protect_own_fds() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        crate::fds::note_own();
        let _ = Python::attach(|py| -> PyResult<()> {
            let os = super::helpers::module(py, "os")?;
            let kept = pyo3::types::PyModule::new(py, "_rdb_os_originals")?;
            kept.setattr("close", os.getattr("close")?)?;
            kept.setattr("closerange", os.getattr("closerange")?)?;
            super::helpers::module(py, "sys")?
                .getattr("modules")?
                .set_item("_rdb_os_originals", kept)?;
            let close = c_function(py, c"close", c"os.close(fd), but not rdb's own", rdb_close)?;
            os.setattr("close", close)?;
            let closerange = c_function(
                py,
                c"closerange",
                c"os.closerange(fd_low, fd_high), but not rdb's own descriptors",
                rdb_closerange,
            )?;
            os.setattr("closerange", closerange)
        });
    });
}
