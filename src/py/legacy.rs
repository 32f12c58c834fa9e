//! The trace-function backend for CPython before 3.12: a C `Py_tracefunc` installed with
//! `PyEval_SetTrace`, and in the program's threads through `threading.settrace`.

use std::os::raw::c_int;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;

use super::tracer::{handle_event, trace_object};

/// CPython drives rdb's tracer object as a trace function (`sys.settrace(sys.gettrace())`).
pub(crate) const TRACE_OBJECT_DISPATCHES: bool = true;

/// Nothing to do: the tracer is asked about every event.
pub(crate) fn state_changed(_frame: &super::frame::Frame, _generation: u64) {}

/// Nothing to do: `f_trace` alone makes a frame get line events.
pub(crate) fn on_traced(_frame: &super::frame::Frame) {}

/// pdb before 3.13 never steps by instruction.
pub(crate) fn trace_opcodes(_frame: &super::frame::Frame) {}

pub(crate) fn install() {
    Python::attach(|py| {
        let obj = trace_object(py);
        // SAFETY: the GIL is held; the trace object lives for the whole process (a static),
        // and CPython keeps its own reference to it while it is installed.
        unsafe { ffi::PyEval_SetTrace(Some(trace_func), obj.as_ptr()) };
    });
}

pub(crate) fn uninstall() {
    // SAFETY: called with the GIL held (all of rdb's Python work is).
    unsafe { ffi::PyEval_SetTrace(None, std::ptr::null_mut()) };
}

unsafe extern "C" fn trace_func(
    _obj: *mut ffi::PyObject,
    frame: *mut ffi::PyFrameObject,
    what: c_int,
    arg: *mut ffi::PyObject,
) -> c_int {
    // SAFETY: CPython calls the trace function with the GIL held and a valid frame.
    unsafe { handle_event(frame, what, arg) }
}

/// Whether `threading.settrace` has been given rdb's tracer in this run.
static THREADS_HOOKED: AtomicBool = AtomicBool::new(false);

/// Threads the program starts get rdb's tracer too (`threading.settrace`), so that their
/// breakpoints stop, in the thread that hit them. rdb does not import `threading` itself
/// (that would change what stepping into the program's own import shows): it hooks it
/// once the program has imported it.
pub(crate) fn set_thread_tracing(on: bool) {
    THREADS_HOOKED.store(false, Ordering::SeqCst);
    if on {
        on_call_event();
    } else {
        Python::attach(|py| {
            if let Ok(Some(threading)) = py
                .import("sys")
                .and_then(|s| s.getattr("modules"))
                .map(|m| m.get_item("threading").ok())
            {
                let _ = threading.call_method1("settrace", (py.None(),));
            }
        });
    }
}

/// Every call event (GIL held): hook `threading` once the program has imported it.
pub(crate) fn on_call_event() {
    if THREADS_HOOKED.load(Ordering::Relaxed) {
        return;
    }
    // SAFETY: every caller holds the GIL; skipping pyo3's attach keeps this cheap on
    // the trace callback's hot path.
    let py = unsafe { Python::assume_attached() };
    let name = pyo3::intern!(py, "threading");
    // SAFETY: GIL held; PyImport_GetModule returns a new reference or NULL (and may
    // set an error, which we clear).
    let module = unsafe { ffi::PyImport_GetModule(name.as_ptr()) };
    if module.is_null() {
        // SAFETY: GIL held.
        unsafe { ffi::PyErr_Clear() };
        return;
    }
    // SAFETY: `module` is the new reference returned above.
    let threading = unsafe { Bound::from_owned_ptr(py, module) };
    if threading
        .call_method1("settrace", (trace_object(py),))
        .is_ok()
    {
        THREADS_HOOKED.store(true, Ordering::SeqCst);
    }
}
