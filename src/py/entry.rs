//! The one shape of every C function CPython calls into rdb (the tracer object, the
//! hooks rdb installs, the helpers' watchdog switches): the GIL is taken as held, the
//! arguments are checked (a wrong call raises `TypeError` in the program, as a builtin
//! does), and no panic unwinds into CPython.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The positional arguments of a `METH_VARARGS` call, checked against a count, and
/// its keywords, checked against the names allowed.
pub(crate) struct Args<'py> {
    tuple: Bound<'py, PyTuple>,
    keywords: Option<Bound<'py, pyo3::types::PyDict>>,
}

impl<'py> Args<'py> {
    /// The `index`th argument (the count was checked by `varargs`).
    pub(crate) fn get(&self, index: usize) -> Bound<'py, PyAny> {
        self.tuple
            .get_item(index)
            .unwrap_or_else(|_| self.tuple.py().None().into_bound(self.tuple.py()))
    }

    pub(crate) fn len(&self) -> usize {
        self.tuple.len()
    }

    /// The keyword argument `name`, if given.
    pub(crate) fn keyword(&self, name: &str) -> Option<Bound<'py, PyAny>> {
        self.keywords.as_ref()?.get_item(name).ok().flatten()
    }
}

/// What rdb's C functions say when a panic was caught but the process goes on (only
/// without rdb's panic hook, which ends the process first: see `panic_report`).
fn caught_panic() -> *mut ffi::PyObject {
    // SAFETY: the GIL is held by every caller.
    let py = unsafe { Python::assume_attached() };
    PyRuntimeError::new_err("rdb: internal error").restore(py);
    std::ptr::null_mut()
}

/// Runs the body of a `METH_VARARGS | METH_KEYWORDS` C function named `name` that takes
/// between `min` and `max` positional arguments and no keywords; the body's value is
/// returned to CPython (a new reference), its error raised.
///
/// # Safety
/// Called by CPython with the GIL held, `args` a tuple and `kwargs` NULL or a dict.
pub(crate) unsafe fn varargs(
    name: &str,
    counts: (usize, usize),
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    body: impl for<'py> FnOnce(Python<'py>, Args<'py>) -> PyResult<Bound<'py, PyAny>>,
) -> *mut ffi::PyObject {
    // SAFETY: guaranteed by the caller.
    unsafe { with_keywords(name, counts, &[], args, kwargs, body) }
}

/// `varargs` for a function that also takes the keywords `allowed`.
///
/// # Safety
/// As `varargs`.
pub(crate) unsafe fn with_keywords(
    name: &str,
    (min, max): (usize, usize),
    allowed: &[&str],
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    body: impl for<'py> FnOnce(Python<'py>, Args<'py>) -> PyResult<Bound<'py, PyAny>>,
) -> *mut ffi::PyObject {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: guaranteed by the caller.
        let py = unsafe { Python::assume_attached() };
        let result = (|| {
            let keywords = if kwargs.is_null() {
                None
            } else {
                // SAFETY: CPython passes a valid kwargs dict (or NULL), borrowed.
                let dict = unsafe { Bound::from_borrowed_ptr(py, kwargs) }
                    .cast_into::<pyo3::types::PyDict>()
                    .map_err(|_| {
                        PyTypeError::new_err(format!("{name}() keywords are not a dict"))
                    })?;
                for key in dict.keys() {
                    let known = key
                        .extract::<String>()
                        .is_ok_and(|k| allowed.contains(&k.as_str()));
                    if !known {
                        return Err(PyTypeError::new_err(if allowed.is_empty() {
                            format!("{name}() takes no keyword arguments")
                        } else {
                            format!("{name}() got an unexpected keyword argument {key}")
                        }));
                    }
                }
                Some(dict)
            };
            // SAFETY: CPython passes the argument tuple, borrowed for the call.
            let tuple = unsafe { Bound::from_borrowed_ptr(py, args) }
                .cast_into::<PyTuple>()
                .map_err(|_| PyTypeError::new_err(format!("{name}() arguments are not a tuple")))?;
            let n = tuple.len();
            if n < min || n > max {
                let expected = if min == max {
                    format!("exactly {min}")
                } else {
                    format!("from {min} to {max}")
                };
                return Err(PyTypeError::new_err(format!(
                    "{name}() takes {expected} positional arguments ({n} given)"
                )));
            }
            body(py, Args { tuple, keywords })
        })();
        match result {
            Ok(value) => value.into_ptr(),
            Err(e) => {
                e.restore(py);
                std::ptr::null_mut()
            }
        }
    }))
    .unwrap_or_else(|_| caught_panic())
}

/// A `TypeError` naming the function, the argument and what it must be.
pub(crate) fn wrong_type(function: &str, argument: &str, expected: &str) -> PyErr {
    PyTypeError::new_err(format!("{function}(): {argument} must be {expected}"))
}

/// `None`, for bodies with nothing to return.
pub(crate) fn none(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    Ok(py.None().into_bound(py))
}

/// Runs `f` on the way out of a scope, also when the scope unwinds: global state a body
/// sets is put back by one of these.
pub(crate) struct OnExit<F: FnMut()>(pub(crate) F);

impl<F: FnMut()> Drop for OnExit<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

pub(crate) type CFunc = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *mut ffi::PyObject,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;

/// A Python callable for a C function taking `(*args, **kwargs)`.
pub(crate) fn c_function<'py>(
    py: Python<'py>,
    name: &'static std::ffi::CStr,
    doc: &'static std::ffi::CStr,
    meth: CFunc,
) -> PyResult<Bound<'py, PyAny>> {
    let meth = ffi::PyMethodDefPointer {
        PyCFunctionWithKeywords: meth,
    };
    builtin(py, name, doc, meth, ffi::METH_VARARGS | ffi::METH_KEYWORDS)
}

/// A Python callable for a C function with the given calling convention. The definition
/// is leaked: CPython requires a PyMethodDef to outlive every function made from it, and
/// rdb makes each once.
pub(crate) fn builtin<'py>(
    py: Python<'py>,
    name: &'static std::ffi::CStr,
    doc: &'static std::ffi::CStr,
    meth: ffi::PyMethodDefPointer,
    flags: std::os::raw::c_int,
) -> PyResult<Bound<'py, PyAny>> {
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: meth,
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }));
    // SAFETY: `def` lives for the rest of the process; the GIL is held.
    unsafe {
        let f = ffi::PyCFunction_NewEx(def, std::ptr::null_mut(), std::ptr::null_mut());
        Bound::from_owned_ptr_or_err(py, f)
    }
}
