//! Which code locations cannot stop until the stop state changes: the questions a backend
//! that switches events off per location (sys.monitoring's `DISABLE`) asks before doing so.
//!
//! A location is "dead" when no frame running that code can stop there, whatever frame it
//! is, until `generation` changes. The stop state (stop frame, return frame, breakpoints)
//! only changes at a stop or at `set_trace`, and each of those starts a new generation, at
//! which the backend re-enables everything it switched off.

use super::bdb::{Bdb, StopFrame};
use super::frame::FrameView;

/// What the engine needs to know about a code object (not a frame).
pub trait CodeView {
    /// Identity of the code object, comparable with `FrameView::code_id`.
    fn code_id(&self) -> usize;
    /// `co_filename` in bdb's canonical form.
    fn filename(&self) -> &str;
    fn firstlineno(&self) -> u32;
    /// The highest line number of the code's own instructions.
    fn lastlineno(&self) -> u32;
}

/// The decision bdb's `dispatch_call` gives every frame of a code object whose call events
/// can be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadCall {
    /// Frames of this code would be traced (their file holds breakpoints) but none can stop.
    Traced,
    /// Frames of this code would not be traced at all.
    Untraced,
}

impl<F: FrameView> Bdb<F> {
    /// Counts changes of the stop state; see the module documentation.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Anything may stop (stepping), or `skip` globs are in use (they depend on the
    /// frame's globals, not on the code): never switch anything off.
    fn anything_may_stop(&self) -> bool {
        matches!(self.stopframe, StopFrame::Nowhere) || self.quitting || self.has_skip()
    }

    fn runs_stop_or_return_frame(&self, code: &impl CodeView) -> bool {
        let id = code.code_id();
        matches!(&self.stopframe, StopFrame::Frame(f) if f.code_id() == id)
            || self.returnframe.as_ref().is_some_and(|f| f.code_id() == id)
    }

    fn stop_frame_is_generator(&self) -> bool {
        matches!(&self.stopframe, StopFrame::Frame(f) if f.is_generator())
    }

    /// A call event (start or resume) of `code` cannot stop, and what `dispatch_call`
    /// would decide for the frame; None when the event must be dispatched.
    pub fn call_is_dead(&self, code: &impl CodeView) -> Option<DeadCall> {
        if self.anything_may_stop() || self.runs_stop_or_return_frame(code) {
            return None;
        }
        let Some(lines) = self.breaks.file_lines(code.filename()) else {
            return Some(DeadCall::Untraced);
        };
        let span = code.firstlineno()..=code.lastlineno().max(code.firstlineno());
        // A traced frame may stop at the StopIteration ending a generator being returned
        // from, and at any of its breakpoint lines.
        if self.stop_frame_is_generator() || lines.iter().any(|l| span.contains(l)) {
            return None;
        }
        Some(DeadCall::Traced)
    }

    /// The files with breakpoints, when a frame started (or resumed) from now until the
    /// stop state changes can stop only if its code spans one of their breakpoint lines.
    /// (New frames of the stop or return frame's code, which `call_is_dead` keeps traced,
    /// cannot stop: only those frames themselves can, and they are running.) None when
    /// any new frame may stop (stepping, `skip`), or when the stop or return frame is a
    /// generator, which may be resumed anywhere.
    pub fn breakpoint_files_if_only_they_may_stop(&self) -> Option<Vec<String>> {
        let returns_generator = self.returnframe.as_ref().is_some_and(|f| f.is_generator());
        if self.anything_may_stop() || self.stop_frame_is_generator() || returns_generator {
            return None;
        }
        Some(self.breaks.files().map(str::to_string).collect())
    }

    /// A line event of `code` at `line` cannot stop.
    pub fn line_is_dead(&self, code: &impl CodeView, line: u32) -> bool {
        if self.anything_may_stop() {
            return false;
        }
        if let Some(lines) = self.breaks.file_lines(code.filename()) {
            if lines.contains(&line) || lines.contains(&code.firstlineno()) {
                return false;
            }
        }
        match &self.stopframe {
            StopFrame::Frame(f) if f.code_id() == code.code_id() => {
                self.stoplineno == -1 || i64::from(line) < self.stoplineno
            }
            _ => true,
        }
    }

    /// A return (or yield) event of `code` cannot stop.
    pub fn return_is_dead(&self, code: &impl CodeView) -> bool {
        !self.anything_may_stop() && !self.runs_stop_or_return_frame(code)
    }
}
