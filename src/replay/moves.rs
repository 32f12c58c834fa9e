//! pdb's movement over a recording: the recorded events fed, in order, to the same
//! engine the live debugger uses (`engine::Bdb`, over frames rebuilt from the
//! recording), so `next`, `return`, `until`, `continue` and breakpoints stop where they
//! stop in the live run; and the reverse moves, found by scanning back.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Recording;
use crate::engine::{Bdb, ConditionFailed, Dispatch, Event, ExcFacts, FrameId, FrameView, Hooks};
use crate::record::format::Record;

struct FrameData {
    f: u64,
    func: String,
    file: String,
    first: u32,
    line: Cell<u32>,
    /// The caller (a resumed generator's changes).
    back: std::cell::RefCell<Option<RecFrame>>,
    generator: bool,
    traced: Cell<bool>,
}

/// A recorded frame as the engine sees it.
#[derive(Clone)]
pub struct RecFrame(Rc<FrameData>);

impl FrameView for RecFrame {
    fn id(&self) -> FrameId {
        self.0.f as FrameId
    }
    fn code_id(&self) -> usize {
        // one code object per function of a file, as far as the engine asks
        let mut h: usize = self.0.first as usize;
        for b in self.0.file.bytes().chain(self.0.func.bytes()) {
            h = h.wrapping_mul(31).wrapping_add(b as usize);
        }
        h
    }
    fn back(&self) -> Option<Self> {
        self.0.back.borrow().clone()
    }
    fn filename(&self) -> &str {
        &self.0.file
    }
    fn lineno(&self) -> u32 {
        self.0.line.get()
    }
    fn firstlineno(&self) -> u32 {
        self.0.first
    }
    fn function(&self) -> &str {
        &self.0.func
    }
    fn is_generator(&self) -> bool {
        self.0.generator
    }
    fn module_name(&self) -> Option<String> {
        None
    }
    fn traced(&self) -> bool {
        self.0.traced.get()
    }
    fn set_traced(&self, on: bool) {
        self.0.traced.set(on)
    }
    fn eval_condition(&self, _expr: &str) -> Result<bool, ConditionFailed> {
        // breakpoints over a recording carry no condition (refused when made)
        Ok(true)
    }
}

impl RecFrame {
    /// The frame's number in the recording.
    pub fn number(&self) -> u64 {
        self.0.f
    }
}

/// Records where the engine stopped.
#[derive(Default)]
struct Stopped {
    at: bool,
}

impl Hooks<RecFrame, ()> for Stopped {
    fn user_call(&mut self, bdb: &mut Bdb<RecFrame>, frame: &RecFrame) {
        if bdb.stop_here(frame) {
            self.at = true;
        }
    }
    fn user_line(&mut self, _bdb: &mut Bdb<RecFrame>, _frame: &RecFrame) {
        self.at = true;
    }
    fn user_return(&mut self, _bdb: &mut Bdb<RecFrame>, _frame: &RecFrame, _value: &()) {
        self.at = true;
    }
    fn user_exception(
        &mut self,
        _bdb: &mut Bdb<RecFrame>,
        _frame: &RecFrame,
        _facts: ExcFacts,
        _exc: &(),
    ) {
        self.at = true;
    }
}

/// The engine's frames of a recording, made as the replay first meets them.
#[derive(Default)]
pub struct Frames {
    by_f: HashMap<u64, RecFrame>,
}

impl Frames {
    fn frame(&mut self, rec: &Recording, f: u64) -> Option<RecFrame> {
        if let Some(frame) = self.by_f.get(&f) {
            return Some(frame.clone());
        }
        let (func, file, line, up, generator) = match rec.step(*rec.calls.get(&f)?) {
            Record::Call {
                func,
                file,
                line,
                up,
                gen,
                ..
            } => (func, file, line, up, gen),
            _ => return None,
        };
        let back = up.and_then(|u| self.frame(rec, u));
        let frame = RecFrame(Rc::new(FrameData {
            f,
            func,
            file,
            first: line,
            line: Cell::new(line),
            back: std::cell::RefCell::new(back),
            generator,
            traced: Cell::new(false),
        }));
        self.by_f.insert(f, frame.clone());
        Some(frame)
    }

    /// The frame of step `i`, its line set to the step's.
    pub fn at(&mut self, rec: &Recording, i: usize) -> Option<RecFrame> {
        self.of(rec, &rec.step(i))
    }

    /// The frame of `step`, its line set to the step's.
    fn of(&mut self, rec: &Recording, step: &Record) -> Option<RecFrame> {
        if let Record::Call { f, up, .. } = step {
            let caller = up.and_then(|u| self.frame(rec, u));
            if let Some(frame) = self.frame(rec, *f) {
                *frame.0.back.borrow_mut() = caller;
            }
        }
        let (f, line) = match step {
            Record::Call { f, line, .. }
            | Record::Line { f, line, .. }
            | Record::Return { f, line, .. }
            | Record::Exception { f, line, .. } => (*f, *line),
            _ => return None,
        };
        let frame = self.frame(rec, f)?;
        frame.0.line.set(line);
        Some(frame)
    }
}

/// Feeds the steps after `from` to `bdb` (already set for the move) until it stops;
/// the step it stopped at, or None at the end of the recording. The frames on the
/// stack at `from` are traced, as they are at a live stop.
pub fn run_to_stop(
    rec: &Recording,
    frames: &mut Frames,
    bdb: &mut Bdb<RecFrame>,
    from: usize,
) -> Option<usize> {
    for frame in frames.by_f.values() {
        frame.set_traced(false);
    }
    let mut f = frames.at(rec, from);
    while let Some(frame) = f {
        frame.set_traced(true);
        f = frame.back();
    }
    let mut hooks = Stopped::default();
    for i in from + 1..rec.len() {
        let step = rec.step(i);
        let Some(frame) = frames.of(rec, &step) else {
            continue;
        };
        let event = match &step {
            Record::Call { .. } => Event::Call,
            Record::Line { .. } => Event::Line,
            Record::Return { .. } => Event::Return(()),
            Record::Exception {
                stop_iteration,
                generator_exit,
                traceback,
                ..
            } => Event::Exception(
                ExcFacts {
                    is_stop_iteration: *stop_iteration,
                    is_generator_exit: *generator_exit,
                    has_traceback: *traceback,
                },
                (),
            ),
            _ => continue,
        };
        let is_call = matches!(event, Event::Call);
        if !is_call && !frame.traced() {
            continue;
        }
        let dispatch = bdb.trace_dispatch(&frame, &event, &mut hooks);
        if is_call {
            frame.set_traced(dispatch == Dispatch::Trace);
        }
        if matches!(event, Event::Return(())) && !frame.is_generator() {
            frame.set_traced(false);
        }
        if hooks.at {
            return Some(i);
        }
    }
    None
}

/// The frame number of step `i`.
pub fn frame_of(rec: &Recording, i: usize) -> Option<u64> {
    match rec.step(i) {
        Record::Call { f, .. }
        | Record::Line { f, .. }
        | Record::Return { f, .. }
        | Record::Exception { f, .. } => Some(f),
        _ => None,
    }
}

/// `rr`: the call of the frame of step `i`.
pub fn reverse_return(rec: &Recording, i: usize) -> Option<usize> {
    let f = frame_of(rec, i)?;
    (0..=i)
        .rev()
        .find(|&j| matches!(rec.step(j), Record::Call { f: g, .. } if g == f))
}

/// `rn`: the step before `i` in the same frame (deeper calls skipped); at the frame's
/// call, the step before it.
pub fn reverse_next(rec: &Recording, i: usize) -> Option<usize> {
    let f = frame_of(rec, i)?;
    if matches!(rec.step(i), Record::Call { .. }) {
        return i.checked_sub(1);
    }
    (0..i).rev().find(|&j| frame_of(rec, j) == Some(f))
}
