//! A breakpoint set at a stop reaches the program's other threads: their running frames
//! in the breakpoint's file get traced from now on (a frame that started before the
//! breakpoint existed was let run untraced, as bdb lets frames run that cannot stop), and
//! before 3.12 each such thread gets rdb's trace function if it had none.

use pyo3::ffi;
use pyo3::prelude::*;

use super::frame::Frame;
use crate::engine::FrameView;

/// The frames of the threads other than the calling one that run code of `file` are
/// traced from now on.
pub fn trace_other_threads(file: &str) {
    Python::attach(|py| {
        // SAFETY: the GIL is held, so the interpreter's thread list is stable while it
        // is walked; PyThreadState_GetFrame returns a new reference (or NULL), owned by
        // the Bound.
        unsafe {
            let me = ffi::PyThreadState_Get();
            let mut ts = ffi::PyInterpreterState_ThreadHead(ffi::PyInterpreterState_Get());
            while !ts.is_null() {
                if ts != me {
                    let top = ffi::PyThreadState_GetFrame(ts);
                    if !top.is_null() {
                        let top = Bound::from_owned_ptr(py, top.cast::<ffi::PyObject>());
                        if trace_frames_in(&top, file) {
                            give_tracer(py, ts);
                        }
                    }
                }
                ts = ffi::PyThreadState_Next(ts);
            }
        }
    });
}

/// Traces the frames of `top`'s stack that run code of `file`; whether there were any.
fn trace_frames_in(top: &Bound<'_, PyAny>, file: &str) -> bool {
    let mut touched = false;
    let mut frame = Some(top.clone());
    while let Some(f) = frame.filter(|f| !f.is_none()) {
        let frame_view = Frame::from_bound(&f);
        if frame_view.filename() == file {
            frame_view.set_traced(true);
            touched = true;
        }
        frame = f.getattr("f_back").ok();
    }
    touched
}

/// Before 3.12: thread `ts` gets rdb's trace function (sys.monitoring covers every
/// thread already).
#[cfg(not(Py_3_12))]
fn give_tracer(py: Python<'_>, ts: *mut ffi::PyThreadState) {
    super::legacy::set_trace_in_thread(py, ts);
}

#[cfg(Py_3_12)]
fn give_tracer(_py: Python<'_>, _ts: *mut ffi::PyThreadState) {}
