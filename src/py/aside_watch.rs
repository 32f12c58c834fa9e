//! rdb's stand-ins for `builtins.exec`, `eval` and `compile`, which tell `aside` what
//! code is about to run or was made, and call the originals' C functions with the same
//! arguments and calling convention. C functions push no Python frame, and the originals
//! are called directly (not through a second call that would count against the
//! recursion limit), so they see the caller's frame (its globals, locals and future
//! flags) and recursion as they would have. Unlike an audit hook (PEP 578), which makes
//! every audited operation (`id()`, `open()`, …) build its event for the rest of the
//! process, they cost nothing elsewhere.

use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::ffi::Py_ssize_t;
use pyo3::prelude::*;

/// The originals, in the order of `NAMES`.
static ORIGINALS: OnceLock<[Py<PyAny>; 3]> = OnceLock::new();
/// rdb's stand-ins, in the same order.
static STAND_INS: OnceLock<Vec<Py<PyAny>>> = OnceLock::new();
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
    let mut made = Vec::new();
    for (which, (name, original)) in NAMES.iter().zip(&originals).enumerate() {
        made.push(stand_in(py, which, name, original, &builtins)?);
    }
    let _ = ORIGINALS.set(originals.map(Bound::unbind));
    for (name, f) in NAMES.iter().zip(&made) {
        builtins.setattr(name.to_str().unwrap_or_default(), f)?;
    }
    let _ = STAND_INS.set(made.into_iter().map(Bound::unbind).collect());
    Ok(())
}

/// The stand-ins are still what `builtins` holds (the program may have put the
/// originals back).
pub(super) fn in_place(py: Python<'_>) -> bool {
    let Some(stand_ins) = STAND_INS.get() else {
        return false;
    };
    let Ok(builtins) = crate::py::helpers::module(py, "builtins") else {
        return false;
    };
    NAMES.iter().zip(stand_ins).all(|(name, f)| {
        builtins
            .getattr(name.to_str().unwrap_or_default())
            .is_ok_and(|b| b.is(f))
    })
}

/// The C function of a builtin: its definition, and what it is bound to.
///
/// # Safety
/// `f` is a `builtin_function_or_method` object, alive while the result is used.
unsafe fn c_function_of(f: &Bound<'_, PyAny>) -> Option<(ffi::PyMethodDef, *mut ffi::PyObject)> {
    // SAFETY: a type check, then the fields of a PyCFunctionObject (guaranteed above).
    unsafe {
        if ffi::PyCFunction_Check(f.as_ptr()) == 0 {
            return None;
        }
        let object = f.as_ptr().cast::<ffi::PyCFunctionObject>();
        let def = (*object).m_ml;
        (!def.is_null()).then(|| (std::ptr::read(def), (*object).m_self))
    }
}

/// A C function named, documented and called as `original` (its signature and calling
/// convention included), bound to the builtins module as the original is.
fn stand_in<'py>(
    py: Python<'py>,
    which: usize,
    name: &'static CStr,
    original: &Bound<'py, PyAny>,
    builtins: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let not_c = || pyo3::exceptions::PyRuntimeError::new_err("not a C builtin");
    // SAFETY: `original` is alive (builtins holds it; ORIGINALS will).
    let (def, _) = unsafe { c_function_of(original) }.ok_or_else(not_c)?;
    let flags = def.ml_flags & (ffi::METH_FASTCALL | ffi::METH_KEYWORDS);
    let meth = match flags {
        f if f == ffi::METH_FASTCALL | ffi::METH_KEYWORDS => ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: STAND_INS_KW[which],
        },
        f if f == ffi::METH_FASTCALL => ffi::PyMethodDefPointer {
            PyCFunctionFast: STAND_INS_FAST[which],
        },
        _ => return Err(not_c()),
    };
    let doc: &'static CStr = if def.ml_doc.is_null() {
        c""
    } else {
        // SAFETY: a builtin's doc is a static NUL-terminated string.
        let doc = unsafe { CStr::from_ptr(def.ml_doc) };
        Box::leak(doc.to_owned().into_boxed_c_str())
    };
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: meth,
        ml_flags: def.ml_flags,
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

/// What a look sees of a call: its positional arguments, and its keywords' names (a
/// tuple, or None) with their values after the positional ones.
struct Call<'a, 'py> {
    py: Python<'py>,
    args: &'a [*mut ffi::PyObject],
    nargs: usize,
    kwnames: Option<Bound<'py, PyAny>>,
}

impl<'py> Call<'_, 'py> {
    /// The argument at `index`, or given as keyword `name`.
    fn arg(&self, index: usize, name: &str) -> Option<Bound<'py, PyAny>> {
        let at = |i: usize| {
            // SAFETY: CPython passes `nargs` + len(kwnames) borrowed references.
            Some(unsafe { Bound::from_borrowed_ptr(self.py, self.args[i]) })
        };
        if index < self.nargs {
            return at(index);
        }
        let names = self.kwnames.as_ref()?.cast::<pyo3::types::PyTuple>().ok()?;
        let position = names
            .iter()
            .position(|n| n.extract::<String>().is_ok_and(|n| n == name))?;
        at(self.nargs + position)
    }
}

/// Calls original `which` (its C function, with the arguments as they came) after
/// `before` and before `after` have seen the call; the looks run no Python code of rdb's,
/// so that nothing of it can be stepped into.
///
/// # Safety
/// The GIL is held; `args` holds `nargs` positional arguments followed by one value per
/// name in `kwnames` (a tuple or NULL), all borrowed for the call.
unsafe fn pass_on(
    which: usize,
    args: *const *mut ffi::PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: guaranteed by the caller.
    let py = unsafe { Python::assume_attached() };
    let Some(original) = ORIGINALS.get().map(|o| o[which].bind(py)) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the original is alive (ORIGINALS holds it).
    let Some((def, module)) = (unsafe { c_function_of(original) }) else {
        return std::ptr::null_mut();
    };
    let keywords = if kwnames.is_null() {
        0
    } else {
        // SAFETY: kwnames is a tuple (guaranteed by the caller).
        usize::try_from(unsafe { ffi::PyTuple_Size(kwnames) }).unwrap_or(0)
    };
    let count = usize::try_from(nargs).unwrap_or(0) + keywords;
    let call = Call {
        py,
        args: if args.is_null() {
            &[]
        } else {
            // SAFETY: `args` holds `count` pointers (guaranteed by the caller).
            unsafe { std::slice::from_raw_parts(args, count) }
        },
        nargs: usize::try_from(nargs).unwrap_or(0),
        // SAFETY: a borrowed tuple or NULL.
        kwnames: unsafe { Bound::from_borrowed_ptr_or_opt(py, kwnames) },
    };
    if which != COMPILE {
        let _ = catch_unwind(AssertUnwindSafe(|| look_at_code(&call)));
    }
    // SAFETY: the original's own C function, called with its own calling convention and
    // self, and the arguments CPython gave the stand-in.
    let result = unsafe {
        if def.ml_flags & ffi::METH_KEYWORDS != 0 {
            (def.ml_meth.PyCFunctionFastWithKeywords)(module, args, nargs, kwnames)
        } else {
            (def.ml_meth.PyCFunctionFast)(module, args.cast_mut(), nargs)
        }
    };
    if which == COMPILE && !result.is_null() {
        // SAFETY: a new reference the caller receives; borrowed here.
        let made = unsafe { Bound::from_borrowed_ptr(py, result) };
        let _ = catch_unwind(AssertUnwindSafe(|| look_at_compiled(&call, &made)));
    }
    result
}

const COMPILE: usize = 2;

/// The code `exec`/`eval` is about to run, if it is a code object.
fn look_at_code(call: &Call<'_, '_>) {
    if let Some(code) = call.arg(0, "source") {
        if code.is_instance_of::<pyo3::types::PyCode>() {
            super::exec_event(code);
        }
    }
}

/// What `compile` made (a code object, unless it was asked for an AST), and from what:
/// the name is the code's own (`co_filename`), so no `__fspath__` runs twice.
fn look_at_compiled(call: &Call<'_, '_>, made: &Bound<'_, PyAny>) {
    if !made.is_instance_of::<pyo3::types::PyCode>() {
        return;
    }
    if let (Some(source), Ok(name)) = (call.arg(0, "source"), made.getattr("co_filename")) {
        super::compile_event(&source, &name);
    }
}

macro_rules! stand_ins {
    ($($which:literal => $fast:ident, $kw:ident;)*) => {
        $(
            unsafe extern "C" fn $fast(
                _module: *mut ffi::PyObject,
                args: *mut *mut ffi::PyObject,
                nargs: Py_ssize_t,
            ) -> *mut ffi::PyObject {
                // SAFETY: CPython calls a METH_FASTCALL function with the GIL held and
                // `nargs` borrowed arguments.
                unsafe { pass_on($which, args, nargs, std::ptr::null_mut()) }
            }

            unsafe extern "C" fn $kw(
                _module: *mut ffi::PyObject,
                args: *const *mut ffi::PyObject,
                nargs: Py_ssize_t,
                kwnames: *mut ffi::PyObject,
            ) -> *mut ffi::PyObject {
                // SAFETY: as above, plus a keyword-name tuple (or NULL) whose values
                // follow the positional arguments.
                unsafe { pass_on($which, args, nargs, kwnames) }
            }
        )*
        const STAND_INS_FAST: [ffi::PyCFunctionFast; 3] = [$($fast),*];
        const STAND_INS_KW: [ffi::PyCFunctionFastWithKeywords; 3] = [$($kw),*];
    };
}

stand_ins! {
    0 => exec_fast, exec_kw;
    1 => eval_fast, eval_kw;
    2 => compile_fast, compile_kw;
}
