//! Frames the backend let run without a call event although bdb would have traced them
//! (`DeadCall::Traced`: their file holds breakpoints, but none they can reach). Those still
//! on the stack at the next change of the stop state get traced then, as bdb would have.

use std::sync::Mutex;

use pyo3::prelude::*;

use super::frame::{CodeRef, Frame};
use crate::engine::{CodeView, FrameView};

/// Code objects whose frames went unseen in this generation (strong references, so an
/// address is never reused while listed). Only touched with the GIL held.
static UNSEEN: Mutex<Vec<Py<PyAny>>> = Mutex::new(Vec::new());

fn unseen() -> std::sync::MutexGuard<'static, Vec<Py<PyAny>>> {
    UNSEEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Frames of `code` run untraced from now until the stop state changes.
pub(crate) fn note(code: &CodeRef<'_>) {
    let mut codes = unseen();
    if !codes.iter().any(|c| c.as_ptr() as usize == code.code_id()) {
        codes.push(code.code.clone().unbind());
    }
}

/// The stop state changed: trace the frames from `frame` out that went unseen. The list
/// is kept when the backend leaves those calls switched off (`keep`): frames of that code
/// started later go unseen too, and are caught up with at the next change.
pub(crate) fn catch_up(frame: &Frame, keep: bool) {
    let codes: Vec<usize> = if keep {
        unseen().iter().map(|c| c.as_ptr() as usize).collect()
    } else {
        unseen().drain(..).map(|c| c.as_ptr() as usize).collect()
    };
    if codes.is_empty() {
        return;
    }
    let mut f = Some(frame.clone());
    while let Some(cur) = f {
        if codes.contains(&cur.code_id()) && !cur.traced() {
            cur.set_traced(true);
        }
        f = cur.back();
    }
}

/// Tracing stopped altogether: nothing to catch up with.
pub(crate) fn forget() {
    unseen().clear();
}
