//! rdb's stand-ins for `builtins.exec`, `eval` and `compile`, which tell `aside` what
//! code is about to run or was made, then call the originals with the same arguments.
//! C functions push no Python frame, so the originals see the caller's frame (its
//! globals, locals and future flags) as they would have. Unlike an audit hook (PEP 578),
//! which makes every audited operation (`id()`, `open()`, …) build its event for the rest
//! of the process, they cost nothing elsewhere.

use std::ffi::{CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The originals, in the order of `NAMES`.
static ORIGINALS: OnceLock<[Py<PyAny>; 3]> = OnceLock::new();
const NAMES: [&CStr; 3] = [c"exec", c"eval", c"compile"];

/// Puts the stand-ins into `builtins` (once).
pub(super) fn install(py: Python<'_>) -> PyResult<()> {
    if ORIGINALS.get().is_some() {
        return Ok(());
    }
    let builtins = crate::py::helpers::module(py, "builtins")?;
    let originals = NAMES.map(|n| builtins.getattr(n.to_str().unwrap_or_default()));
    let [Ok(exec), Ok(eval), Ok(compile)] = originals else {
        return Err(pyo3::exceptions::PyRuntimeError::new_err(
            "builtins lack exec",
        ));
    };
    let originals = [exec, eval, compile];
    let stand_ins: [ffi::PyCFunctionWithKeywords; 3] =
        [exec_stand_in, eval_stand_in, compile_stand_in];
    let mut made = Vec::new();
    for ((name, original), meth) in NAMES.iter().zip(&originals).zip(stand_ins) {
        made.push(stand_in(py, name, original, &builtins, meth)?);
    }
    let _ = ORIGINALS.set(originals.map(Bound::unbind));
    for (name, f) in NAMES.iter().zip(made) {
        builtins.setattr(name.to_str().unwrap_or_default(), f)?;
    }
    Ok(())
}

/// A C function named and documented as `original` (its signature included), bound to
/// the builtins module as the original is.
fn stand_in<'py>(
    py: Python<'py>,
    name: &'static CStr,
    original: &Bound<'py, PyAny>,
    builtins: &Bound<'py, PyAny>,
    meth: ffi::PyCFunctionWithKeywords,
) -> PyResult<Bound<'py, PyAny>> {
    let text = |attr: &str| {
        original
            .getattr(attr)
            .ok()
            .and_then(|v| v.extract::<String>().ok())
            .unwrap_or_default()
    };
    let (signature, doc) = (text("__text_signature__"), text("__doc__"));
    let doc = if signature.is_empty() {
        doc
    } else {
        format!("{}{signature}\n--\n\n{doc}", name.to_string_lossy())
    };
    let doc: &'static CStr = Box::leak(
        CString::new(doc.replace('\0', ""))
            .unwrap_or_default()
            .into_boxed_c_str(),
    );
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionWithKeywords: meth,
        },
        ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    }));
    let module = original.getattr("__module__")?;
    // SAFETY: `def` lives for the rest of the process; the GIL is held; the function takes
    // its own references to `builtins` (its `__self__`, as the original's) and `module`.
    unsafe {
        let f = ffi::PyCFunction_NewEx(def, builtins.as_ptr(), module.as_ptr());
        Bound::from_owned_ptr_or_err(py, f)
    }
}

/// Calls original `which` with `args`/`kwargs` after `look` has seen them (`look` runs
/// no Python code of rdb's, so that nothing of it can be stepped into).
///
/// # Safety
/// The GIL is held; `args` is a tuple and `kwargs` a dict or NULL, both borrowed.
unsafe fn pass_on(
    which: usize,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    look: fn(&Bound<'_, PyTuple>, Option<&Bound<'_, PyAny>>),
) -> *mut ffi::PyObject {
    let Some(original) = ORIGINALS.get().map(|o| &o[which]) else {
        return std::ptr::null_mut();
    };
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: guaranteed by the caller.
        let py = unsafe { Python::assume_attached() };
        // SAFETY: borrowed references CPython passes for the call's duration.
        let (args, kwargs) = unsafe {
            (
                Bound::from_borrowed_ptr(py, args),
                (!kwargs.is_null()).then(|| Bound::from_borrowed_ptr(py, kwargs)),
            )
        };
        if let Ok(args) = args.cast_into::<PyTuple>() {
            look(&args, kwargs.as_ref());
        }
    }));
    // SAFETY: guaranteed by the caller; the original is a live callable we own.
    unsafe { ffi::PyObject_Call(original.as_ptr(), args, kwargs) }
}

/// The code `exec`/`eval` is about to run, if it is a code object.
fn look_at_code(args: &Bound<'_, PyTuple>, kwargs: Option<&Bound<'_, PyAny>>) {
    let code = args
        .get_item(0)
        .ok()
        .or_else(|| kwargs.and_then(|k| k.get_item("source").ok()));
    if let Some(code) = code.filter(|c| c.is_instance_of::<pyo3::types::PyCode>()) {
        super::exec_event(code);
    }
}

/// What `compile` is about to compile, and under which name.
fn look_at_source(args: &Bound<'_, PyTuple>, kwargs: Option<&Bound<'_, PyAny>>) {
    let arg = |index: usize, name: &str| {
        args.get_item(index)
            .ok()
            .or_else(|| kwargs.and_then(|k| k.get_item(name).ok()))
    };
    if let (Some(source), Some(name)) = (arg(0, "source"), arg(1, "filename")) {
        super::compile_event(&source, &name);
    }
}

unsafe extern "C" fn exec_stand_in(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a METH_VARARGS | METH_KEYWORDS function with the GIL held, an
    // argument tuple and a keyword dict or NULL.
    unsafe { pass_on(0, args, kwargs, look_at_code) }
}

unsafe extern "C" fn eval_stand_in(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: as `exec_stand_in`'s.
    unsafe { pass_on(1, args, kwargs, look_at_code) }
}

unsafe extern "C" fn compile_stand_in(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: as `exec_stand_in`'s.
    unsafe { pass_on(2, args, kwargs, look_at_source) }
}
