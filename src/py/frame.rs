//! `Frame`: an owned handle on a live Python frame, implementing the engine's `FrameView`,
//! plus the stop-time accessors the session needs (globals, locals, code, jump).

use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use pyo3::ffi;
use pyo3::prelude::*;

use super::value::{canonic, PyFailure, Value};
use crate::engine::{CodeView, ConditionFailed, FrameId, FrameView};

const CO_GENERATOR: u32 = 0x20;
const CO_COROUTINE: u32 = 0x80;
const CO_ASYNC_GENERATOR: u32 = 0x200;

/// What rdb keeps of a code object, attached to the code object itself (PEP 523's
/// "code extra" slot) so it is computed once and freed with the code.
pub struct CodeInfo {
    /// The code object's address (it lives as long as this info, which it owns).
    pub id: usize,
    pub filename: String,
    pub name: String,
    /// `co_qualname` (3.11+), else `co_name`.
    pub qualname: String,
    pub firstlineno: u32,
    pub flags: u32,
    lastlineno: OnceLock<u32>,
    /// The names of the arguments (`*args` and `**kwargs` included), for the narrative.
    arg_names: OnceLock<Vec<String>>,
    /// sys.monitoring's local events are on for this code (some frame of it is traced).
    #[cfg_attr(not(Py_3_12), allow(dead_code))]
    pub(crate) local_events: AtomicBool,
    /// The frame-evaluation hook's verdict (before 3.12): `(generation + 1) << 1 | dead`,
    /// 0 unknown.
    #[cfg_attr(Py_3_12, allow(dead_code))]
    pub(crate) call_verdict: std::sync::atomic::AtomicU64,
}

const CO_VARARGS: u32 = 0x04;
const CO_VARKEYWORDS: u32 = 0x08;

impl CodeInfo {
    pub fn is_generator(&self) -> bool {
        self.flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0
    }

    /// The argument names of this info's code object (which `code` gives), read once.
    pub(crate) fn arg_names<'py>(&self, code: impl FnOnce() -> Bound<'py, PyAny>) -> &[String] {
        self.arg_names.get_or_init(|| {
            let code = code();
            let count = |name: &str| {
                code.getattr(name)
                    .and_then(|v| v.extract::<usize>())
                    .unwrap_or(0)
            };
            let n = count("co_argcount")
                + count("co_kwonlyargcount")
                + usize::from(self.flags & CO_VARARGS != 0)
                + usize::from(self.flags & CO_VARKEYWORDS != 0);
            code.getattr("co_varnames")
                .and_then(|v| v.extract::<Vec<String>>())
                .map(|mut names| {
                    names.truncate(n);
                    names
                })
                .unwrap_or_default()
        })
    }
}

unsafe extern "C" fn free_code_info(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: the slot only ever holds pointers made by Box::into_raw in code_info.
        drop(unsafe { Box::from_raw(p.cast::<Arc<CodeInfo>>()) });
    }
}

fn extra_index() -> ffi::Py_ssize_t {
    static INDEX: OnceLock<ffi::Py_ssize_t> = OnceLock::new();
    // SAFETY: called with the GIL held; the free function matches what we store.
    *INDEX.get_or_init(|| unsafe { ffi::PyUnstable_Eval_RequestCodeExtraIndex(free_code_info) })
}

/// The info already attached to a code object, if any, without touching its refcount.
///
/// # Safety
/// `code` is a live code object, the GIL is held, and the reference is not kept past the
/// code object's life.
pub(crate) unsafe fn cached_code_info<'a>(code: *mut ffi::PyObject) -> Option<&'a CodeInfo> {
    let mut slot: *mut c_void = std::ptr::null_mut();
    // SAFETY: guaranteed by the caller.
    let found = unsafe { ffi::PyUnstable_Code_GetExtra(code, extra_index(), &mut slot) };
    // SAFETY: a non-null slot holds the Box<Arc<CodeInfo>> stored by `code_info`, freed
    // only with the code object.
    (found == 0 && !slot.is_null()).then(|| unsafe { &**slot.cast::<Arc<CodeInfo>>() })
}

pub(crate) fn code_info(code: &Bound<'_, PyAny>) -> Arc<CodeInfo> {
    let index = extra_index();
    let mut slot: *mut c_void = std::ptr::null_mut();
    // SAFETY: `code` is a code object (from PyFrame_GetCode) and the GIL is held.
    let found = unsafe { ffi::PyUnstable_Code_GetExtra(code.as_ptr(), index, &mut slot) };
    if found == 0 && !slot.is_null() {
        // SAFETY: a non-null slot holds the Box<Arc<CodeInfo>> stored below.
        return unsafe { &*slot.cast::<Arc<CodeInfo>>() }.clone();
    }
    let get = |name: &str| code.getattr(name).ok();
    let raw: String = get("co_filename")
        .and_then(|v| v.extract().ok())
        .unwrap_or_default();
    let info = Arc::new(CodeInfo {
        id: code.as_ptr() as usize,
        filename: canonic(&raw),
        name: get("co_name")
            .and_then(|v| v.extract().ok())
            .unwrap_or_default(),
        qualname: get("co_qualname")
            .or_else(|| get("co_name"))
            .and_then(|v| v.extract().ok())
            .unwrap_or_default(),
        firstlineno: get("co_firstlineno")
            .and_then(|v| v.extract().ok())
            .unwrap_or(0),
        flags: get("co_flags").and_then(|v| v.extract().ok()).unwrap_or(0),
        lastlineno: OnceLock::new(),
        arg_names: OnceLock::new(),
        local_events: AtomicBool::new(false),
        call_verdict: std::sync::atomic::AtomicU64::new(0),
    });
    let boxed = Box::into_raw(Box::new(info.clone()));
    // SAFETY: as above; on failure we still own `boxed` and free it.
    if unsafe { ffi::PyUnstable_Code_SetExtra(code.as_ptr(), index, boxed.cast()) } != 0 {
        // SAFETY: not stored, so still ours.
        drop(unsafe { Box::from_raw(boxed) });
        // SAFETY: clear the error SetExtra raised; the GIL is held.
        unsafe { ffi::PyErr_Clear() };
    }
    info
}

/// A code object (borrowed for the length of a callback) with its cached info.
pub struct CodeRef<'py> {
    pub(crate) code: Bound<'py, PyAny>,
    pub(crate) info: Arc<CodeInfo>,
}

impl<'py> CodeRef<'py> {
    pub(crate) fn new(code: Bound<'py, PyAny>) -> Self {
        let info = code_info(&code);
        CodeRef { code, info }
    }
}

impl CodeView for CodeRef<'_> {
    fn code_id(&self) -> usize {
        self.info.id
    }

    fn filename(&self) -> &str {
        &self.info.filename
    }

    fn firstlineno(&self) -> u32 {
        self.info.firstlineno
    }

    /// The last line of `co_lines()` (3.9: of `co_lnotab`), computed once per code object.
    fn lastlineno(&self) -> u32 {
        *self.info.lastlineno.get_or_init(|| {
            let mut last = self.info.firstlineno;
            #[cfg(not(Py_3_10))]
            if let Ok(table) = self.code.getattr("co_lnotab") {
                if let Ok(table) = table.cast::<pyo3::types::PyBytes>() {
                    // (offset increment, signed line increment) pairs, from the first line
                    let mut line = i64::from(last);
                    for pair in table.as_bytes().chunks_exact(2) {
                        line += i64::from(pair[1] as i8);
                        last = last.max(u32::try_from(line).unwrap_or(0));
                    }
                }
                return last;
            }
            let lines = self.code.call_method0("co_lines");
            if let Ok(iter) = lines.and_then(|l| l.try_iter()) {
                for item in iter.flatten() {
                    if let Ok((_, _, Some(line))) = item.extract::<(i64, i64, Option<u32>)>() {
                        last = last.max(line);
                    }
                }
            }
            last
        })
    }
}

/// A strong reference to a frame object.
pub struct Frame {
    ptr: NonNull<ffi::PyObject>,
    code: Arc<CodeInfo>,
}

impl Frame {
    /// # Safety
    /// `ptr` is a valid frame object and the calling thread holds the GIL.
    pub(crate) unsafe fn from_borrowed(py: Python<'_>, ptr: *mut ffi::PyFrameObject) -> Frame {
        // SAFETY: the caller guarantees a valid frame and the GIL; PyFrame_GetCode returns
        // a new reference, which `from_owned_ptr` takes over.
        let code = unsafe {
            let c = ffi::PyFrame_GetCode(ptr);
            Bound::from_owned_ptr(py, c.cast())
        };
        let info = code_info(&code);
        // SAFETY: as above; we take our own reference for the handle's lifetime.
        unsafe { ffi::Py_IncRef(ptr.cast()) };
        Frame {
            ptr: NonNull::new(ptr.cast()).expect("frame pointer is not null"),
            code: info,
        }
    }

    /// The frame a value is, if it is one.
    pub fn from_value(value: &Value) -> Option<Frame> {
        Python::attach(|py| {
            let obj = value.0.bind(py);
            // SAFETY: a type check of a live object.
            (unsafe { ffi::PyFrame_Check(obj.as_ptr()) } != 0).then(|| Frame::from_bound(obj))
        })
    }

    pub(crate) fn from_bound(obj: &Bound<'_, PyAny>) -> Frame {
        // SAFETY: `obj` is a frame object (callers pass tb_frame / f_back values) and
        // holding a Bound proves the GIL is held.
        unsafe { Frame::from_borrowed(obj.py(), obj.as_ptr().cast()) }
    }

    fn bound<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        // SAFETY: self.ptr is a strong reference we own; borrowing it under the GIL is sound.
        unsafe { Bound::from_borrowed_ptr(py, self.ptr.as_ptr()) }
    }

    pub fn code(&self) -> &CodeInfo {
        &self.code
    }

    /// The names of the function's arguments (`*args` and `**kwargs` included), as pdb's
    /// `args` lists them; read from the code object once.
    pub fn arg_names(&self) -> &[String] {
        Python::attach(|py| self.code.arg_names(|| self.code_ref(py).code))
    }

    /// The frame's code object, as the borrowed-for-a-callback view the backend uses.
    pub(crate) fn code_ref<'py>(&self, py: Python<'py>) -> CodeRef<'py> {
        // SAFETY: self.ptr is a live frame and the GIL is held; PyFrame_GetCode returns a
        // new reference, which `from_owned_ptr` takes over.
        let code = unsafe {
            Bound::from_owned_ptr(py, ffi::PyFrame_GetCode(self.ptr.as_ptr().cast()).cast())
        };
        CodeRef {
            code,
            info: self.code.clone(),
        }
    }

    fn attr(&self, name: &str) -> Value {
        Python::attach(|py| {
            Value(
                self.bound(py)
                    .getattr(name)
                    .map(|v| v.unbind())
                    .unwrap_or_else(|_| py.None()),
            )
        })
    }

    pub fn globals(&self) -> Value {
        self.attr("f_globals")
    }

    /// `f_locals` (on 3.11 and earlier this copies fast locals into the dict first).
    pub fn locals(&self) -> Value {
        self.attr("f_locals")
    }

    /// Write changes made to `f_locals` back into the fast locals (before 3.13, where
    /// `f_locals` is not yet a write-through proxy).
    pub fn locals_to_fast(&self) {
        #[cfg(not(Py_3_13))]
        Python::attach(|_py| {
            // SAFETY: self.ptr is a live frame object and the GIL is held.
            unsafe { ffi::PyFrame_LocalsToFast(self.ptr.as_ptr().cast(), 1) };
        });
    }

    /// `name in f_locals`, reading from a cached locals mapping.
    pub fn local(locals: &Value, name: &str) -> Option<Value> {
        Python::attach(|py| {
            let l = locals.0.bind(py);
            match l.contains(name) {
                Ok(true) => l.get_item(name).ok().map(|v| Value(v.unbind())),
                _ => None,
            }
        })
    }

    pub fn set_local(locals: &Value, name: &str, value: Value) {
        Python::attach(|py| {
            let _ = locals.0.bind(py).set_item(name, value.0.bind(py));
        });
    }

    /// `frame.f_lineno = lineno` (pdb's `jump`).
    pub fn jump(&self, lineno: i64) -> Result<(), PyFailure> {
        Python::attach(|py| {
            self.bound(py)
                .setattr("f_lineno", lineno)
                .map_err(|e| match e.value(py).str() {
                    Ok(s) => PyFailure(s.to_string()),
                    Err(_) => PyFailure::from_err(py, e),
                })
        })
    }

    pub fn same(&self, other: &Frame) -> bool {
        self.ptr == other.ptr
    }
}

impl Clone for Frame {
    fn clone(&self) -> Self {
        // SAFETY: we hold a strong reference, so the object is alive; Frame values live
        // only on the thread that holds the GIL.
        unsafe { ffi::Py_IncRef(self.ptr.as_ptr()) };
        Frame {
            ptr: self.ptr,
            code: self.code.clone(),
        }
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // SAFETY: releases the reference taken at construction; frames are created and
        // dropped on the Python thread while it holds the GIL.
        unsafe { ffi::Py_DecRef(self.ptr.as_ptr()) };
    }
}

impl FrameView for Frame {
    fn id(&self) -> FrameId {
        self.ptr.as_ptr() as usize
    }

    fn code_id(&self) -> usize {
        self.code.id
    }

    fn back(&self) -> Option<Self> {
        // SAFETY: self.ptr is a live frame; the GIL is held on this thread. GetBack returns
        // a new reference (or NULL), which we adopt and release.
        unsafe {
            let py = Python::assume_attached();
            let b = ffi::PyFrame_GetBack(self.ptr.as_ptr().cast());
            if b.is_null() {
                return None;
            }
            if super::host::is_callers_frame(b.cast()) {
                ffi::Py_DecRef(b.cast());
                return None;
            }
            let frame = Frame::from_borrowed(py, b);
            ffi::Py_DecRef(b.cast());
            Some(frame)
        }
    }

    fn filename(&self) -> &str {
        &self.code.filename
    }

    fn lineno(&self) -> u32 {
        // SAFETY: self.ptr is a live frame and the GIL is held.
        let n = unsafe { ffi::PyFrame_GetLineNumber(self.ptr.as_ptr().cast()) };
        n.max(0) as u32
    }

    fn firstlineno(&self) -> u32 {
        self.code.firstlineno
    }

    fn function(&self) -> &str {
        &self.code.name
    }

    fn is_generator(&self) -> bool {
        self.code.is_generator()
    }

    fn module_name(&self) -> Option<String> {
        Python::attach(|py| {
            self.bound(py)
                .getattr("f_globals")
                .and_then(|g| g.get_item("__name__"))
                .and_then(|n| n.extract::<String>())
                .ok()
        })
    }

    fn traced(&self) -> bool {
        // SAFETY: GIL held on this thread (trace callback or paused program).
        let py = unsafe { Python::assume_attached() };
        self.bound(py)
            .getattr(pyo3::intern!(py, "f_trace"))
            .map(|t| !t.is_none())
            .unwrap_or(false)
    }

    /// With sys.monitoring, `f_trace` is only rdb's marker: a tracer the program sets
    /// itself keeps its own, and rdb only ever removes its own.
    fn set_traced(&self, on: bool) {
        // SAFETY: GIL held on this thread (trace callback or paused program).
        let py = unsafe { Python::assume_attached() };
        let name = pyo3::intern!(py, "f_trace");
        let ours = super::tracer::trace_object(py);
        let frame = self.bound(py);
        let current = frame.getattr(name).ok();
        let replace = |v: &Option<Bound<'_, PyAny>>| {
            super::backend::TRACE_OBJECT_DISPATCHES
                || v.as_ref()
                    .is_none_or(|v| if on { v.is_none() } else { v.is(&ours) })
        };
        if replace(&current) {
            let value = if on { ours } else { py.None() };
            let _ = frame.setattr(name, value);
        }
        if on {
            super::backend::on_traced(self);
        }
    }

    fn eval_condition(&self, expr: &str) -> Result<bool, ConditionFailed> {
        let v = super::value::eval(expr, &self.globals(), &self.locals())
            .map_err(|_| ConditionFailed)?;
        Python::attach(|py| v.0.bind(py).is_truthy().map_err(|_| ConditionFailed))
    }
}

impl Frame {
    /// The frame object itself, for `inspect` (pdb's `ll`).
    pub fn as_value(&self) -> Value {
        Python::attach(|py| Value(self.bound(py).unbind()))
    }
}
