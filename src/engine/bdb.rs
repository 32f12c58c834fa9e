//! bdb's dispatch and decision logic (`trace_dispatch`, `stop_here`, `break_here`, the
//! `set_*` commands), ported from CPython's `Lib/bdb.py` so that rdb stops where pdb stops.

use std::collections::HashMap;

use super::breakpoints::Breakpoints;
use super::frame::FrameView;

/// bdb's `stopframe`: nothing (stop anywhere), the bottom of the program (stop nowhere but at
/// breakpoints), or one frame.
#[derive(Clone, Debug)]
pub enum StopFrame<F> {
    Nowhere,
    Bottom,
    Frame(F),
}

/// bdb's stop info, saved (`Bdb::stop_state`).
#[derive(Clone, Debug)]
pub struct StopState<F> {
    stopframe: StopFrame<F>,
    returnframe: Option<F>,
    stoplineno: i64,
    trace_opcodes: bool,
}

/// The facts about an exception event that bdb's decisions look at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExcFacts {
    pub is_stop_iteration: bool,
    pub is_generator_exit: bool,
    pub has_traceback: bool,
}

/// A trace event with whatever payload the backend attaches (return value, exception).
#[derive(Clone, Debug)]
pub enum Event<A> {
    Call,
    Line,
    /// An instruction, delivered only while `trace_opcodes` is set (pdb 3.13's
    /// `set_stepinstr`, used by `set_trace`).
    Opcode,
    Return(A),
    Exception(ExcFacts, A),
}

/// What the backend does with the frame after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// Trace this frame (line/return/exception events keep coming).
    Trace,
    /// Leave the frame's tracing as it was (bdb returning None).
    Untouched,
    /// The user quit: abort the program (bdb raising `BdbQuit`).
    Quit,
}

/// The `user_*` hooks through which a debugger front end (pdb's layer) handles a stop.
pub trait Hooks<F: FrameView, A> {
    /// An event bdb handles in a traced frame (for a call: one bdb will trace), before
    /// it decides whether to stop. For observers such as a narrative; no-op by default.
    fn traced_event(&mut self, _bdb: &mut Bdb<F>, _frame: &F, _event: &Event<A>) {}
    fn user_call(&mut self, bdb: &mut Bdb<F>, frame: &F);
    fn user_line(&mut self, bdb: &mut Bdb<F>, frame: &F);
    /// pdb: `user_opcode = user_line`.
    fn user_opcode(&mut self, bdb: &mut Bdb<F>, frame: &F) {
        self.user_line(bdb, frame);
    }
    fn user_return(&mut self, bdb: &mut Bdb<F>, frame: &F, value: &A);
    fn user_exception(&mut self, bdb: &mut Bdb<F>, frame: &F, facts: ExcFacts, exc: &A);
}

pub struct Bdb<F> {
    pub stopframe: StopFrame<F>,
    pub returnframe: Option<F>,
    /// -1: never stop on a line of `stopframe` (continue, return in a generator).
    pub stoplineno: i64,
    pub quitting: bool,
    /// Stop at the next instruction rather than the next line (bdb's `set_stepinstr`).
    pub trace_opcodes: bool,
    pub breaks: Breakpoints,
    /// The breakpoint that made the last `break_here` true.
    pub currentbp: Option<usize>,
    /// Temporary breakpoints deleted on being hit, not yet reported by the front end.
    pub deleted_temporary: Vec<super::breakpoints::Breakpoint>,
    frame_returning: Option<F>,
    /// 3.13's bdb: a return that is not a `continue` traces the caller (so `next` at a
    /// return stops in an untraced caller); before 3.13 only `step` at a return does.
    pub trace_caller_on_return: bool,
    /// See `locations`: bumped whenever the stop state changes.
    pub(super) generation: u64,
    skip: Vec<String>,
    skip_cache: HashMap<String, bool>,
}

impl<F: FrameView> Default for Bdb<F> {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl<F: FrameView> Bdb<F> {
    pub fn new(skip: Vec<String>) -> Self {
        Bdb {
            stopframe: StopFrame::Nowhere,
            returnframe: None,
            stoplineno: 0,
            quitting: false,
            trace_opcodes: false,
            breaks: Breakpoints::default(),
            currentbp: None,
            deleted_temporary: Vec::new(),
            frame_returning: None,
            trace_caller_on_return: false,
            generation: 0,
            skip,
            skip_cache: HashMap::new(),
        }
    }

    /// bdb's `reset()` before a run: step mode, so the first event can stop.
    pub fn reset(&mut self) {
        self.set_stopinfo(StopFrame::Nowhere, None, 0);
        self.frame_returning = None;
    }

    pub fn trace_dispatch<A, H: Hooks<F, A>>(
        &mut self,
        frame: &F,
        event: &Event<A>,
        hooks: &mut H,
    ) -> Dispatch {
        if self.quitting {
            return Dispatch::Untouched;
        }
        if !matches!(event, Event::Call) {
            hooks.traced_event(self, frame, event);
        }
        match event {
            Event::Line => self.dispatch_line(frame, hooks),
            Event::Opcode => self.dispatch_opcode(frame, hooks),
            Event::Call => self.dispatch_call(frame, event, hooks),
            Event::Return(value) => self.dispatch_return(frame, value, hooks),
            Event::Exception(facts, exc) => self.dispatch_exception(frame, *facts, exc, hooks),
        }
    }

    fn after_user(&self) -> Dispatch {
        if self.quitting {
            Dispatch::Quit
        } else {
            Dispatch::Trace
        }
    }

    fn dispatch_line<A, H: Hooks<F, A>>(&mut self, frame: &F, hooks: &mut H) -> Dispatch {
        if self.stop_here(frame) || self.break_here(frame) {
            hooks.user_line(self, frame);
            return self.after_user();
        }
        Dispatch::Trace
    }

    fn dispatch_opcode<A, H: Hooks<F, A>>(&mut self, frame: &F, hooks: &mut H) -> Dispatch {
        if self.stop_here(frame) || self.break_here(frame) {
            hooks.user_opcode(self, frame);
            return self.after_user();
        }
        Dispatch::Trace
    }

    fn dispatch_call<A, H: Hooks<F, A>>(
        &mut self,
        frame: &F,
        event: &Event<A>,
        hooks: &mut H,
    ) -> Dispatch {
        if !(self.stop_here(frame) || self.break_anywhere(frame)) {
            return Dispatch::Untouched;
        }
        hooks.traced_event(self, frame, event);
        // Call events in a generator are ignored except when stepping.
        if !matches!(self.stopframe, StopFrame::Nowhere) && frame.is_generator() {
            return Dispatch::Trace;
        }
        hooks.user_call(self, frame);
        self.after_user()
    }

    fn dispatch_return<A, H: Hooks<F, A>>(
        &mut self,
        frame: &F,
        value: &A,
        hooks: &mut H,
    ) -> Dispatch {
        let is_returnframe = self.returnframe.as_ref().map(|f| f.id()) == Some(frame.id());
        if self.stop_here(frame) || is_returnframe {
            // Return events in a generator are ignored except when stepping.
            if !matches!(self.stopframe, StopFrame::Nowhere) && frame.is_generator() {
                return Dispatch::Trace;
            }
            self.frame_returning = Some(frame.clone());
            hooks.user_return(self, frame, value);
            self.frame_returning = None;
            if self.quitting {
                return Dispatch::Quit;
            }
            self.after_return_command(frame);
        }
        Dispatch::Trace
    }

    /// What bdb does after the command given at a return stop in `frame`.
    fn after_return_command(&mut self, frame: &F) {
        // The user issued `next` or `until` at a return: stop in the caller.
        if self.is_stopframe(frame) && self.stoplineno != -1 {
            self.set_stopinfo(StopFrame::Nowhere, None, 0);
        }
        if self.trace_caller_on_return && self.stoplineno != -1 {
            Self::trace_caller(frame);
        }
    }

    /// A command given at a return stop in `frame` by a caller that is not inside
    /// `user_return` (a replay, whose return event has been dispatched already): as if
    /// it had been given there.
    pub fn command_at_return(&mut self, frame: &F, command: impl FnOnce(&mut Self)) {
        self.frame_returning = Some(frame.clone());
        command(self);
        self.frame_returning = None;
        self.after_return_command(frame);
    }

    fn dispatch_exception<A, H: Hooks<F, A>>(
        &mut self,
        frame: &F,
        facts: ExcFacts,
        exc: &A,
        hooks: &mut H,
    ) -> Dispatch {
        if self.stop_here(frame) {
            // Skip the internal StopIteration (no traceback) of a `yield from` subiterator
            // when stepping with next/until/return in a generator.
            if !(frame.is_generator() && facts.is_stop_iteration && !facts.has_traceback) {
                hooks.user_exception(self, frame, facts, exc);
                return self.after_user();
            }
        } else if let StopFrame::Frame(stop) = &self.stopframe {
            // Stop at the StopIteration/GeneratorExit that ends a generator the user is
            // returning from (or stepping over the last statement of).
            if stop.id() != frame.id()
                && stop.is_generator()
                && (facts.is_stop_iteration || facts.is_generator_exit)
            {
                hooks.user_exception(self, frame, facts, exc);
                return self.after_user();
            }
        }
        Dispatch::Trace
    }

    fn is_stopframe(&self, frame: &F) -> bool {
        matches!(&self.stopframe, StopFrame::Frame(f) if f.id() == frame.id())
    }

    fn is_skipped_module(&mut self, frame: &F) -> bool {
        let Some(name) = frame.module_name() else {
            return false;
        };
        if let Some(&hit) = self.skip_cache.get(&name) {
            return hit;
        }
        let hit = self.skip.iter().any(|pat| glob_match(pat, &name));
        self.skip_cache.insert(name, hit);
        hit
    }

    pub fn stop_here(&mut self, frame: &F) -> bool {
        if !self.skip.is_empty() && self.is_skipped_module(frame) {
            return false;
        }
        match &self.stopframe {
            StopFrame::Frame(f) if f.id() == frame.id() => {
                self.stoplineno != -1 && i64::from(frame.lineno()) >= self.stoplineno
            }
            StopFrame::Nowhere => true,
            _ => false,
        }
    }

    pub fn break_here(&mut self, frame: &F) -> bool {
        let file = frame.filename();
        let Some(lines) = self.breaks.file_lines(file) else {
            return false;
        };
        let mut line = frame.lineno();
        if !lines.contains(&line) {
            // Maybe the first line of a function with a breakpoint set by name.
            line = frame.firstlineno();
            if !lines.contains(&line) {
                return false;
            }
        }
        let file = file.to_string();
        match self.breaks.effective(&file, line, frame) {
            Some((number, may_delete)) => {
                self.currentbp = Some(number);
                let temporary = self
                    .breaks
                    .iter()
                    .any(|b| b.number == number && b.temporary);
                if may_delete && temporary {
                    self.deleted_temporary.extend(self.breaks.delete(number));
                }
                true
            }
            None => false,
        }
    }

    pub fn break_anywhere(&self, frame: &F) -> bool {
        self.breaks.has_file(frame.filename())
    }

    fn set_stopinfo(&mut self, stopframe: StopFrame<F>, returnframe: Option<F>, stoplineno: i64) {
        self.stopframe = stopframe;
        self.returnframe = returnframe;
        self.quitting = false;
        self.stoplineno = stoplineno;
        self.trace_opcodes = false;
        self.generation += 1;
    }

    pub(super) fn has_skip(&self) -> bool {
        !self.skip.is_empty()
    }

    /// Stop at the first line greater than `lineno` (default: the next line) in `frame`,
    /// or when it returns.
    pub fn set_until(&mut self, frame: &F, lineno: Option<u32>) {
        let lineno = lineno.unwrap_or(frame.lineno() + 1);
        self.set_stopinfo(
            StopFrame::Frame(frame.clone()),
            Some(frame.clone()),
            i64::from(lineno),
        );
    }

    pub fn set_step(&mut self) {
        // bpo-13183: the caller of a returning frame may not be traced; trace it so that
        // stepping goes on there.
        if !self.trace_caller_on_return {
            if let Some(returning) = &self.frame_returning {
                Self::trace_caller(returning);
            }
        }
        self.set_stopinfo(StopFrame::Nowhere, None, 0);
    }

    fn trace_caller(frame: &F) {
        if let Some(caller) = frame.back() {
            if !caller.traced() {
                caller.set_traced(true);
            }
        }
    }

    /// Stop at the next instruction, in any frame.
    pub fn set_stepinstr(&mut self) {
        self.set_stopinfo(StopFrame::Nowhere, None, 0);
        self.trace_opcodes = true;
    }

    pub fn set_next(&mut self, frame: &F) {
        self.set_stopinfo(StopFrame::Frame(frame.clone()), None, 0);
    }

    pub fn set_return(&mut self, frame: &F) {
        if frame.is_generator() {
            self.set_stopinfo(StopFrame::Frame(frame.clone()), None, -1);
        } else {
            let stop = match frame.back() {
                Some(back) => StopFrame::Frame(back),
                None => StopFrame::Bottom,
            };
            self.set_stopinfo(stop, Some(frame.clone()), 0);
        }
    }

    /// Returns true when there are no breakpoints: the backend may then stop tracing
    /// altogether, as bdb does.
    /// Generations go on from `after` (another handler's, which the backend's caches saw
    /// last), so that no two states ever share a number.
    pub fn continue_generations(&mut self, after: u64) {
        self.generation = self.generation.max(after) + 1;
    }

    /// Where the program would stop next, to be put back after a nested prompt.
    pub fn stop_state(&self) -> StopState<F> {
        StopState {
            stopframe: self.stopframe.clone(),
            returnframe: self.returnframe.clone(),
            stoplineno: self.stoplineno,
            trace_opcodes: self.trace_opcodes,
        }
    }

    pub fn restore_stop_state(&mut self, state: StopState<F>) {
        self.set_stopinfo(state.stopframe, state.returnframe, state.stoplineno);
        self.trace_opcodes = state.trace_opcodes;
    }

    pub fn set_continue(&mut self) -> bool {
        self.set_stopinfo(StopFrame::Bottom, None, -1);
        self.breaks.is_empty()
    }

    pub fn set_quit(&mut self) {
        self.stopframe = StopFrame::Bottom;
        self.returnframe = None;
        self.quitting = true;
        self.generation += 1;
    }

    /// bdb's `set_trace`: trace every frame from `frame` outwards and step.
    pub fn set_trace(&mut self, frame: &F) {
        let mut f = Some(frame.clone());
        while let Some(cur) = f {
            cur.set_traced(true);
            f = cur.back();
        }
        self.set_step();
    }
}

/// `fnmatch.fnmatch` for module names: `*`, `?` and `[...]` classes.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).any(|i| go(&p[1..], &n[i..])),
            Some('?') => !n.is_empty() && go(&p[1..], &n[1..]),
            Some('[') => {
                let Some(end) = p.iter().skip(2).position(|&c| c == ']').map(|i| i + 2) else {
                    return n.first() == Some(&'[') && go(&p[1..], &n[1..]);
                };
                let Some(&c) = n.first() else { return false };
                let (negate, set) = match p[1] {
                    '!' => (true, &p[2..end]),
                    _ => (false, &p[1..end]),
                };
                let mut hit = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == '-' {
                        hit |= set[i] <= c && c <= set[i + 2];
                        i += 3;
                    } else {
                        hit |= set[i] == c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[end + 1..], &n[1..])
            }
            Some(&c) => n.first() == Some(&c) && go(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}
