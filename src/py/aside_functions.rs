//! Functions given a code object other than by the code they are nested in running
//! (3.11): `types.FunctionType(code, globals)` and `f.__code__ = code`, the ways a code
//! made by `marshal.loads`, `code.replace` or `types.CodeType` comes to be called. Each
//! is told to `aside` (`function_event`), which wires only codes it has seen.
//!
//! rdb replaces the function type's `tp_new` slot and its `__code__` setter with C
//! functions that call CPython's own and then look at the code: `FunctionType`,
//! `FunctionType.__new__` and the `__code__` descriptor stay the objects they were.

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::prelude::*;

static NEW: OnceLock<ffi::newfunc> = OnceLock::new();
static SET_CODE: OnceLock<ffi::setter> = OnceLock::new();

/// Puts the two in place (once, with the GIL held).
pub(super) fn install() {
    if NEW.get().is_some() {
        return;
    }
    // SAFETY: the GIL is held; `PyFunction_Type` is a ready static type whose slots and
    // getset table (a static array, ended by a NULL name) CPython reads at each use.
    unsafe {
        let t = std::ptr::addr_of_mut!(ffi::PyFunction_Type);
        let mut getset = (*t).tp_getset;
        while !getset.is_null() && !(*getset).name.is_null() {
            if CStr::from_ptr((*getset).name) == c"__code__" {
                break;
            }
            getset = getset.add(1);
        }
        let (Some(new), false) = ((*t).tp_new, getset.is_null() || (*getset).name.is_null()) else {
            return;
        };
        let Some(set) = (*getset).set else {
            return;
        };
        let _ = NEW.set(new);
        let _ = SET_CODE.set(set);
        (*t).tp_new = Some(function_new);
        (*getset).set = Some(set_code);
    }
}

unsafe extern "C" fn function_new(
    subtype: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwds: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(new) = NEW.get() else {
        return std::ptr::null_mut();
    };
    // SAFETY: CPython's own slot, called as CPython called this one (GIL held).
    let made = unsafe { new(subtype, args, kwds) };
    if !made.is_null() {
        // SAFETY: a function object (the type's own constructor made it), GIL held;
        // PyFunction_GetCode returns a borrowed reference.
        noted(unsafe { ffi::PyFunction_GetCode(made) });
    }
    made
}

unsafe extern "C" fn set_code(
    function: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    closure: *mut c_void,
) -> c_int {
    let Some(set) = SET_CODE.get() else {
        return -1;
    };
    // SAFETY: CPython's own setter, called as CPython called this one (GIL held).
    let result = unsafe { set(function, value, closure) };
    if result == 0 {
        noted(value);
    }
    result
}

/// Tells `aside` of `code` (borrowed, may be NULL), keeping any exception it raises from
/// the program.
fn noted(code: *mut ffi::PyObject) {
    if code.is_null() {
        return;
    }
    // SAFETY: the GIL is held by both callers.
    let py = unsafe { Python::assume_attached() };
    // SAFETY: a live object, borrowed for the call.
    let code = unsafe { Bound::from_borrowed_ptr(py, code) };
    if !code.is_instance_of::<pyo3::types::PyCode>() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| super::function_event(code)));
    if PyErr::occurred(py) {
        // SAFETY: the GIL is held; what rdb's look raised is not the program's.
        unsafe { ffi::PyErr_Clear() };
    }
}
