//! Hooks a drawing front end puts between the program and the terminal: `input()`
//! answered through the UI, and `os._exit` that first gives the terminal back. Both are
//! C functions, so they add no frame to the program's stack, and both are process-wide:
//! they serve every thread of the program.

use std::sync::Mutex;

use pyo3::ffi;
use pyo3::prelude::*;

use super::entry::{c_function, varargs, wrong_type, Args, CFunc};

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
