//! Hooks a drawing front end puts between the program and the terminal: `input()`
//! answered through the UI, and `os._exit` that first gives the terminal back. Both are
//! C functions, so they add no frame to the program's stack.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::tracer::c_function;

/// Answers `input(prompt)`: the line typed, or `None` at end of input.
pub type InputProvider = Box<dyn FnMut(&str) -> Option<String> + Send>;

thread_local! {
    static INPUT: RefCell<Option<InputProvider>> = const { RefCell::new(None) };
    static BEFORE_EXIT: Cell<Option<fn()>> = const { Cell::new(None) };
}

fn first_arg(args: *mut ffi::PyObject) -> Option<Bound<'static, PyAny>> {
    // SAFETY: called from C functions CPython invokes with the GIL held; `args` is the
    // positional-argument tuple CPython passes (METH_VARARGS).
    let py = unsafe { Python::assume_attached() };
    // SAFETY: as above: a valid tuple, borrowed for the call.
    let tuple = unsafe { Bound::from_borrowed_ptr(py, args) };
    tuple.cast_into::<PyTuple>().ok()?.get_item(0).ok()
}

unsafe extern "C" fn rdb_input(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let answer = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: CPython calls this with the GIL held.
        let py = unsafe { Python::assume_attached() };
        let prompt = first_arg(args)
            .and_then(|p| p.str().ok().map(|s| s.to_string()))
            .unwrap_or_default();
        super::value::flush_std_streams();
        INPUT.with(|cell| {
            let mut provider = cell.borrow_mut();
            let provider = provider.as_mut()?;
            py.detach(|| provider(&prompt))
        })
    }));
    // SAFETY: GIL held; we return a new reference or NULL with an exception set.
    unsafe {
        match answer {
            Ok(Some(line)) => {
                let py = Python::assume_attached();
                line.into_pyobject(py)
                    .map_or(std::ptr::null_mut(), |s| s.into_ptr())
            }
            _ => {
                ffi::PyErr_SetNone(ffi::PyExc_EOFError);
                std::ptr::null_mut()
            }
        }
    }
}

unsafe extern "C" fn rdb_os_exit(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let code = first_arg(args)
        .and_then(|c| c.extract::<i32>().ok())
        .unwrap_or(0);
    if let Some(hook) = BEFORE_EXIT.with(|h| h.get()) {
        let _ = catch_unwind(hook);
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
    f: super::tracer::CFunc,
) -> Result<(), String> {
    Python::attach(|py| -> PyResult<()> {
        let func = c_function(py, name, doc, f)?;
        py.import(module)?.setattr(attr, func)
    })
    .map_err(|e| e.to_string())
}

/// In a forked child: `os._exit` no longer touches the parent's terminal, and `input()`
/// reads the child's stdin again.
pub(crate) fn forget_in_child() {
    BEFORE_EXIT.with(|h| h.set(None));
    INPUT.with(|cell| {
        if let Ok(mut p) = cell.try_borrow_mut() {
            *p = None;
        }
    });
}

/// Routes the program's `input()` to `provider`.
pub fn set_input_provider(provider: InputProvider) -> Result<(), String> {
    INPUT.with(|cell| *cell.borrow_mut() = Some(provider));
    replace(
        "builtins",
        "input",
        c"input",
        c"input(prompt='') answered by rdb's interface",
        rdb_input,
    )
}

/// Runs `hook` (e.g. restore the terminal) before the program's `os._exit` ends rdb.
pub fn set_before_exit(hook: fn()) -> Result<(), String> {
    BEFORE_EXIT.with(|h| h.set(Some(hook)));
    replace(
        "os",
        "_exit",
        c"_exit",
        c"os._exit(n), after rdb restores the terminal",
        rdb_os_exit,
    )
}
