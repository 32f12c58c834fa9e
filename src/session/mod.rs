//! pdb's layer over the engine: the `user_*` hooks, the interaction loop, and every
//! command of the shared table, with pdb's messages. Front ends (batch, TUI) only supply
//! a `Frontend` that shows messages and reads command lines.

mod aliases;
mod bp_commands;
mod breaks;
pub mod commands;
mod debug;
mod exceptions;
mod inspect;
mod narrative;
pub mod python;
pub mod saved_breaks;
mod stack;
mod stepping;
pub mod tags;
#[cfg(test)]
mod tests;
mod timeline;

use std::collections::VecDeque;

use crate::command::{split_chain, Cmd, Line};
use crate::engine::{DeadCall, Dispatch, Event, ExcFacts, FrameView, Hooks, StopFrame};
use crate::history::History;
use crate::py::{self, CodeRef, Frame, TraceHandler, Value};
use crate::snapshot::{BreakSnap, FrameSnap, NarrativeLine, StopEvent, StopSnapshot};
use commands::Flow;

pub type Bdb = crate::engine::Bdb<Frame>;

pub use crate::frontend::{BreakRequest, Frontend, Input, ViewRequest};

/// A display expression's last value (pdb's `_getval_except`).
enum Shown {
    Value(Value),
    Raised(String),
}

/// What the prompt of a stop shows first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// The location, then the displays, right before the first prompt (3.13).
    Location,
    /// The displays that changed (pdb's `preloop`).
    Displays,
    /// Nothing.
    Plain,
}

/// What the first stop of a run waits for, letting calls and returns before it pass.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Waiting {
    No,
    /// pdb's `_wait_for_mainpyfile`: a line of the main file.
    MainFile,
    /// pdb's `runcall`: any line (the called function's first).
    AnyLine,
}

/// The pdb layer: everything pdb keeps besides bdb's stop info.
pub struct Session {
    front: Box<dyn Frontend>,
    python: Box<dyn python::PythonOps>,
    /// The tags of shared objects in the snapshots.
    tags: tags::Tags,
    /// The last exception event traced, and its frame: what unwinds a frame that
    /// returns without a return instruction.
    last_exception: Option<(crate::engine::FrameId, Value)>,
    prompt: String,
    mainpyfile: String,
    /// Events before the first stop that pdb lets pass (see `Waiting`).
    waiting: Waiting,
    pub user_requested_quit: bool,
    /// The program stopped (or ran rc lines) at least once in this run.
    pub stopped_this_run: bool,
    /// `run`/`restart` was asked for, with new arguments or not.
    pub restart: Option<Vec<String>>,
    tracing_wanted: bool,
    stack: Vec<(Frame, u32)>,
    curindex: usize,
    curframe_locals: Option<Value>,
    /// Where `list` without arguments goes on from.
    lineno: Option<u32>,
    tb_lineno: Vec<(Frame, u32)>,
    displaying: Vec<(Frame, Vec<(String, Shown)>)>,
    rc_lines: Vec<String>,
    /// pdb's modules are still to be imported (once per process, at the first stop).
    preload_pending: bool,
    /// `RDB_TEST_PANIC=trace`: panic at the first stop, inside the trace callback.
    test_panic: bool,
    /// Stops so far in the session (each stop's id in its snapshots).
    stops: u64,
    /// The Python object that started the session from inside the program (pytest's
    /// `--pdbcls` subclass of `rdb.Rdb`): told of each stop (`setup`) and of the commands
    /// that resume (`do_continue`, `do_quit`), as pdb calls its own methods.
    owner: Option<Value>,
    cmdqueue: VecDeque<String>,
    aliases: std::collections::BTreeMap<String, String>,
    /// The frame a `debug` or `runcall` session's stack ends at (bdb's `botframe`): the
    /// first one called.
    bottom: Option<Frame>,
    /// 3.13's `exceptions`: the chain of the post-mortem's exception, oldest first, and
    /// the one shown.
    chained: Vec<Value>,
    chained_index: usize,
    /// How deep in `debug` sessions this one is (0: the program's own).
    nesting: usize,
    /// Breakpoint command lists (`commands`), by breakpoint number.
    bp_commands: std::collections::BTreeMap<usize, bp_commands::CommandList>,
    lastcmd: String,
    /// What the current stop is, for snapshots.
    event: StopEvent,
    /// Stops so far, for `back`/`forward` (kept only for front ends that do not draw
    /// stops themselves; a drawing front end keeps its own).
    history: History<StopSnapshot>,
    /// Narrative lines not yet sent in a snapshot.
    narrative: Vec<NarrativeLine>,
    /// The latest narrative lines, for the `narrative` command.
    narrative_log: VecDeque<NarrativeLine>,
    /// Events are narrated: always for a front end that draws stops (it shows values
    /// anyway), from `narrative on` in the line interface.
    narrating: bool,
}

/// bdb + pdb: what a trace handler is in rdb.
pub struct Pdb {
    pub bdb: Bdb,
    pub session: Session,
}

impl Pdb {
    /// Bounds the memory of the history of stops.
    pub fn set_history_limit(&mut self, bytes: usize) {
        self.session.history = History::new(bytes);
    }

    pub fn new(front: Box<dyn Frontend>, rc_lines: Vec<String>) -> Pdb {
        Self::with_python(front, rc_lines, Box::new(python::Embedded))
    }

    /// A session whose Python operations `python` answers (a fake in unit tests).
    pub fn with_python(
        front: Box<dyn Frontend>,
        rc_lines: Vec<String>,
        python: Box<dyn python::PythonOps>,
    ) -> Pdb {
        let narrating = front.wants_snapshots();
        let mut bdb = Bdb::default();
        bdb.trace_caller_on_return = py::PYTHON_MINOR >= 13;
        Pdb {
            bdb,
            session: Session {
                front,
                python,
                tags: Default::default(),
                last_exception: None,
                prompt: "(rdb) ".into(),
                mainpyfile: String::new(),
                waiting: Waiting::No,
                user_requested_quit: false,
                stopped_this_run: false,
                restart: None,
                tracing_wanted: true,
                stack: Vec::new(),
                curindex: 0,
                curframe_locals: None,
                lineno: None,
                tb_lineno: Vec::new(),
                displaying: Vec::new(),
                rc_lines,
                preload_pending: true,
                test_panic: crate::panic_report::test_panic_requested()
                    == Some(crate::panic_report::TestPanic::Trace),
                stops: 0,
                owner: None,
                cmdqueue: VecDeque::new(),
                aliases: Default::default(),
                bp_commands: Default::default(),
                nesting: 0,
                chained: Vec::new(),
                chained_index: 0,
                bottom: None,
                lastcmd: String::new(),
                event: StopEvent::Line,
                history: History::new(crate::history::DEFAULT_LIMIT),
                narrative: Vec::new(),
                narrative_log: VecDeque::new(),
                narrating,
            },
        }
    }

    /// Post-mortem on an uncaught exception's traceback entries; `summary` is the
    /// exception's one-line form; with the exception itself, 3.13's `exceptions` moves
    /// along its chain.
    pub fn post_mortem(
        &mut self,
        entries: Vec<(Frame, u32)>,
        summary: &str,
        exception: Option<Value>,
    ) {
        self.session.event = StopEvent::PostMortem(summary.to_string());
        if let Some(exc) = exception.filter(|_| py::PDB_HAS_EXCEPTIONS_COMMAND) {
            let (chain, note) = py::chained_exceptions(&exc);
            if !note.is_empty() {
                self.session.message(&note);
            }
            self.session.chained_index = chain.len().saturating_sub(1);
            self.session.chained = chain;
        }
        self.session.interaction(&mut self.bdb, None, entries);
        self.session.chained.clear();
        self.session.chained_index = 0;
    }

    pub fn message(&mut self, text: &str) {
        self.session.message(text);
    }

    /// Tells the front end the run ended; true to restart.
    pub fn program_ended(&mut self, message: &str) -> bool {
        self.session.front.program_ended(message)
    }

    /// Tells the front end the post-mortem prompt was left; true to restart.
    pub fn program_ended_after_post_mortem(&mut self, message: &str) -> bool {
        let quitting = self.session.user_requested_quit;
        self.session.front.post_mortem_over(message, quitting)
    }

    /// pdb's `runcall`: the next line event (the first line of the function about to be
    /// called) stops; the call before it does not.
    pub fn stop_at_next_line(&mut self) {
        self.session.tracing_wanted = true;
        self.session.waiting = Waiting::AnyLine;
        self.session.bottom = None;
        self.bdb.set_step();
    }

    /// The Python object the session answers to, from now on (see `Session::owner`).
    pub fn set_owner(&mut self, owner: Option<Value>) {
        self.session.owner = owner;
    }

    /// Tells the front end the program starts again.
    pub fn restarting(&mut self) {
        self.session.front.restarting();
    }
}

impl TraceHandler for Pdb {
    /// pdb's `_run` preamble: reset bdb, wait for the main file's first line.
    fn start(&mut self, mainpyfile: &str) {
        self.bdb.reset();
        let s = &mut self.session;
        s.mainpyfile = mainpyfile.to_string();
        s.waiting = Waiting::MainFile;
        s.bottom = None;
        s.user_requested_quit = false;
        s.stopped_this_run = false;
        s.restart = None;
        s.tracing_wanted = true;
    }

    fn dispatch(&mut self, frame: &Frame, event: &Event<Value>) -> Dispatch {
        self.bdb.trace_dispatch(frame, event, &mut self.session)
    }

    fn tracing_wanted(&self) -> bool {
        self.session.tracing_wanted
    }

    fn set_trace(&mut self, frame: &Frame) {
        self.session.tracing_wanted = true;
        self.session.waiting = Waiting::No;
        self.bdb.set_trace(frame);
        if py::PDB_SET_TRACE_STEPS_INSTRUCTION {
            self.bdb.set_stepinstr();
        }
    }

    fn trace_opcodes(&self) -> bool {
        self.bdb.trace_opcodes
    }

    fn message(&mut self, text: &str) {
        self.session.message(text);
    }

    /// The program's own `pdb.post_mortem()`: the prompt; then the program goes on as it
    /// was going (pdb's fresh instance traces nothing), unless it was quit or restarted.
    fn post_mortem(&mut self, entries: Vec<(Frame, u32)>, summary: &str, exception: Option<Value>) {
        let before = (self.bdb.stop_state(), self.session.tracing_wanted);
        let event = self.session.event.clone();
        Pdb::post_mortem(self, entries, summary, exception);
        self.session.event = event;
        if !self.bdb.quitting {
            self.bdb.restore_stop_state(before.0);
            self.session.tracing_wanted = before.1;
        }
    }

    fn interrupted(&mut self, frame: &Frame) {
        self.session
            .message("\nProgram interrupted. (Use 'cont' to resume).");
        self.set_trace(frame);
    }

    fn generation(&self) -> u64 {
        self.bdb.generation()
    }

    fn call_is_dead(&self, code: &CodeRef<'_>) -> Option<DeadCall> {
        self.bdb.call_is_dead(code)
    }

    fn line_is_dead(&self, code: &CodeRef<'_>, line: u32) -> bool {
        self.bdb.line_is_dead(code, line)
    }

    fn return_is_dead(&self, code: &CodeRef<'_>) -> bool {
        self.bdb.return_is_dead(code)
    }

    fn breakpoint_files_if_only_they_may_stop(&self) -> Option<Vec<String>> {
        self.bdb.breakpoint_files_if_only_they_may_stop()
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

impl Hooks<Frame, Value> for Session {
    /// The narrative: every traced event while stepping (not while continuing), from the
    /// program's first line on.
    fn traced_event(&mut self, bdb: &mut Bdb, frame: &Frame, event: &Event<Value>) {
        if let Event::Exception(_, exc) = event {
            if self.narrating {
                self.last_exception = Some((frame.id(), exc.clone()));
            }
        }
        if !self.narrating || matches!(bdb.stopframe, StopFrame::Bottom) {
            return;
        }
        if self.waits_past(frame, matches!(event, Event::Line)) {
            return;
        }
        self.narrate(frame, event);
    }

    fn user_call(&mut self, bdb: &mut Bdb, frame: &Frame) {
        if self.waiting == Waiting::AnyLine && self.bottom.is_none() {
            self.bottom = Some(frame.clone());
        }
        if self.waiting != Waiting::No {
            return;
        }
        if bdb.stop_here(frame) {
            self.event = StopEvent::Call;
            self.message("--Call--");
            self.interaction(bdb, Some(frame), Vec::new());
        }
    }

    fn user_line(&mut self, bdb: &mut Bdb, frame: &Frame) {
        for bp in std::mem::take(&mut bdb.deleted_temporary) {
            self.message(&format!("Deleted {bp}"));
        }
        if self.waits_past(frame, true) {
            return;
        }
        self.waiting = Waiting::No;
        self.event = StopEvent::Line;
        let list = self.command_list_for_stop(bdb);
        self.interaction_with(bdb, Some(frame), Vec::new(), list);
    }

    fn user_return(&mut self, bdb: &mut Bdb, frame: &Frame, value: &Value) {
        if self.waiting != Waiting::No {
            return;
        }
        Frame::set_local(&frame.locals(), "__return__", value.clone());
        if py::PDB_HAS_CONVENIENCE_VARIABLES {
            py::set_convenience_variable(frame, "_retval", value);
        }
        // The value's repr is made when something shows it (as pdb's location does).
        self.event = StopEvent::Return(String::new());
        self.message("--Return--");
        self.interaction(bdb, Some(frame), Vec::new());
    }

    fn user_exception(&mut self, bdb: &mut Bdb, frame: &Frame, facts: ExcFacts, exc: &Value) {
        if self.waiting != Waiting::No {
            return;
        }
        Frame::set_local(
            &frame.locals(),
            "__exception__",
            py::exception_event_pair(exc),
        );
        if py::PDB_HAS_CONVENIENCE_VARIABLES {
            py::set_convenience_variable(frame, "_exception", &py::exception_event_value(exc));
        }
        let prefix = if !facts.has_traceback && facts.is_stop_iteration {
            "Internal "
        } else {
            ""
        };
        let text = py::exception_event_value(exc).format_exception_only();
        self.event = StopEvent::Exception(text.clone());
        self.message(&format!("{prefix}{text}"));
        let entries = py::exception_event_entries(exc);
        self.interaction(bdb, Some(frame), entries);
    }
}

impl Session {
    /// `$name` (3.12+) in the module of the current frame: `value`, or the frame itself.
    fn set_convenience_variable(&mut self, name: &str, value: Option<Value>) {
        if py::PDB_HAS_CONVENIENCE_VARIABLES {
            let frame = self.curframe().clone();
            let value = value.unwrap_or_else(|| frame.as_value());
            py::set_convenience_variable(&frame, name, &value);
        }
    }

    /// Whether an event in `frame` (a line event or not) comes before the run's first
    /// stop and passes.
    fn waits_past(&self, frame: &Frame, line: bool) -> bool {
        match self.waiting {
            Waiting::No => false,
            Waiting::MainFile => {
                !(line && frame.filename() == self.mainpyfile && frame.lineno() > 0)
            }
            Waiting::AnyLine => !line,
        }
    }

    pub fn message(&mut self, text: &str) {
        self.front.message(text);
    }

    fn error(&mut self, text: &str) {
        self.front.message(&format!("*** {text}"));
    }

    fn curframe(&self) -> &Frame {
        &self.stack[self.curindex].0
    }

    fn curframe_locals(&mut self) -> Value {
        if self.curframe_locals.is_none() {
            self.curframe_locals = Some(self.curframe().locals());
        }
        self.curframe_locals.clone().expect("set above")
    }

    /// pdb's `interaction`: set up the stack, run rc lines, show where we are, read
    /// commands until one resumes the program.
    fn interaction(&mut self, bdb: &mut Bdb, frame: Option<&Frame>, tb: Vec<(Frame, u32)>) {
        self.interaction_with(bdb, frame, tb, None);
    }

    /// `interaction`, or at a breakpoint with a command list, pdb's `bp_commands`: the
    /// list runs, then the prompt if the list did not resume the program.
    fn interaction_with(
        &mut self,
        bdb: &mut Bdb,
        frame: Option<&Frame>,
        tb: Vec<(Frame, u32)>,
        list: Option<bp_commands::CommandList>,
    ) {
        assert!(!self.test_panic, "RDB_TEST_PANIC=trace is set");
        if let Some(owner) = &self.owner {
            if let Err(exc) = py::owner_setup(owner, frame) {
                py::raise_in_program(exc);
                return;
            }
        }
        let _held = py::hold_signals();
        if self.stops == 0 {
            py::protect_own_fds();
        }
        self.stops += 1;
        py::flush_std_streams();
        let resumed_by_rc = self.setup(bdb, frame, tb);
        if self.stack.is_empty() || (resumed_by_rc && list.is_none()) {
            self.forget();
            return;
        }
        if let Some(list) = list {
            if self.run_command_list(bdb, &list) {
                self.remember_stop(bdb);
                // 3.13's prompt after a list shows no displays.
                let start = if py::PDB_SHOWS_LOCATION_AT_PROMPT {
                    Start::Plain
                } else {
                    Start::Displays
                };
                self.cmdloop(bdb, start);
            }
        } else {
            self.remember_stop(bdb);
            let start = if !self.front.prints_location() {
                Start::Displays
            } else if py::PDB_SHOWS_LOCATION_AT_PROMPT {
                Start::Location
            } else {
                self.print_stop_location();
                Start::Displays
            };
            self.cmdloop(bdb, start);
        }
        // Writes to the stopped frame's locals (`!x = 1`) take effect, as under sys.settrace.
        if let Some(f) = frame {
            f.locals_to_fast();
        }
        self.forget();
    }

    fn forget(&mut self) {
        if py::PDB_HAS_CONVENIENCE_VARIABLES && !self.stack.is_empty() {
            py::forget_convenience_variables(self.curframe());
        }
        self.lineno = None;
        self.stack.clear();
        self.curindex = 0;
        self.curframe_locals = None;
        self.tb_lineno.clear();
    }

    /// Returns true when an rc line (`-c`) already resumed the program.
    fn setup(&mut self, bdb: &mut Bdb, frame: Option<&Frame>, tb: Vec<(Frame, u32)>) -> bool {
        self.stopped_this_run = true;
        self.setup_stack(frame, tb);
        if !self.rc_lines.is_empty() {
            self.preload_pdb_modules();
        }
        self.exec_rc_lines(bdb)
    }

    /// The stack of a stop at `frame` (or over traceback `tb`) and its `$` variables.
    fn setup_stack(&mut self, frame: Option<&Frame>, tb: Vec<(Frame, u32)>) {
        self.forget();
        self.tb_lineno = tb.clone();
        let (stack, index) = stack::get_stack(frame, tb, self.bottom.as_ref());
        self.stack = stack;
        self.curindex = index;
        if !self.stack.is_empty() {
            self.set_convenience_variable("_frame", None);
            if let Some(exc) = self.chained.get(self.chained_index).cloned() {
                self.set_convenience_variable("_exception", Some(exc));
            }
        }
    }

    /// At the first stop, once the front end has shown it (or before the first rc line
    /// runs): the modules `python -m pdb` has imported, so that the program's `import`
    /// of one runs no code, as under pdb. Here rather than at start-up, so the first
    /// paint does not wait for them.
    fn preload_pdb_modules(&mut self) {
        if std::mem::take(&mut self.preload_pending) {
            py::preload_pdb_modules();
        }
    }

    fn exec_rc_lines(&mut self, bdb: &mut Bdb) -> bool {
        let mut lines: VecDeque<String> = std::mem::take(&mut self.rc_lines).into();
        while let Some(line) = lines.pop_front() {
            let line = line.trim().to_string();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if self.onecmd(bdb, &line) {
                self.rc_lines = lines.into();
                return true;
            }
        }
        false
    }

    /// The line interface's history keeps the stop's location.
    fn remember_stop(&mut self, bdb: &Bdb) {
        if !self.front.wants_snapshots() {
            let snapshot = self.location_snapshot(bdb);
            self.history.push(snapshot);
        }
    }

    fn cmdloop(&mut self, bdb: &mut Bdb, start: Start) {
        let mut location_due = start == Start::Location;
        if start == Start::Displays {
            self.preloop();
        }
        loop {
            let line = match self.cmdqueue.pop_front() {
                Some(l) => l,
                None => {
                    if std::mem::take(&mut location_due) {
                        self.print_stop_location();
                        self.preloop();
                    }
                    if self.front.wants_snapshots() {
                        let snapshot = self.snapshot(bdb);
                        self.front.stopped(snapshot);
                    }
                    self.preload_pdb_modules();
                    let prompt = self.prompt.clone();
                    match self.front.read_command(&prompt) {
                        Input::Line(line) => line,
                        Input::Eof => "EOF".into(),
                        Input::Redraw => continue,
                        Input::Frame(index) => {
                            self.select_frame_at(index);
                            continue;
                        }
                        Input::Break(request) => {
                            self.break_request(bdb, request);
                            continue;
                        }
                    }
                }
            };
            let Some(first) = self.precmd(&line) else {
                continue;
            };
            if self.onecmd(bdb, &first) {
                self.front.resumed();
                break;
            }
        }
    }

    /// pdb's `precmd`: aliases expanded, then what follows `;;` queued (not for `alias`,
    /// whose body may hold `;;`). None when an alias's arguments do not fit.
    fn precmd(&mut self, line: &str) -> Option<String> {
        if line.trim().is_empty() {
            return Some(line.to_string());
        }
        let line = match aliases::expand(&self.aliases, line) {
            // An alias defined empty (`alias name` before 3.11), where pdb's precmd fails
            // with an IndexError: nothing is run, and the last command is not repeated.
            Ok(line) if line.trim().is_empty() => return None,
            Ok(line) => line,
            Err(e) => {
                self.error(&e);
                return None;
            }
        };
        let first = if line.split_whitespace().next() == Some("alias") {
            line
        } else {
            let (first, rest) = split_chain(&line);
            if let Some(rest) = rest {
                if py::PDB_CHECKS_ALIAS_ARGUMENTS {
                    self.cmdqueue.push_front(rest.to_string());
                } else {
                    self.cmdqueue.push_back(rest.to_string());
                }
            }
            first.to_string()
        };
        Some(if py::PDB_HAS_CONVENIENCE_VARIABLES {
            py::replace_convenience_variables(&first)
        } else {
            first
        })
    }

    /// Runs one command; true when it resumes the program.
    fn onecmd(&mut self, bdb: &mut Bdb, line: &str) -> bool {
        let parsed = commands::parse(line);
        match &parsed {
            Line::Empty => {
                if self.lastcmd.is_empty() {
                    return false;
                }
                let last = self.lastcmd.clone();
                return self.onecmd(bdb, &last);
            }
            Line::Exec(_) if line.trim_start().starts_with('!') => {}
            Line::Command(c, _) if c.cmd == Cmd::Eof => self.lastcmd.clear(),
            _ => self.lastcmd = line.trim().to_string(),
        }
        match parsed {
            Line::Empty => false,
            Line::Exec(stmt) => {
                self.leave_the_past();
                self.default(&stmt);
                false
            }
            Line::Command(command, arg) => self.dispatch(bdb, command, &arg) == Flow::Resume,
        }
    }

    /// The stop's location, for the line interface's history: nothing the program's
    /// code computes (no variable's repr; the return value's as pdb's location shows it,
    /// filled in by `print_stop_location`).
    fn location_snapshot(&self, bdb: &Bdb) -> StopSnapshot {
        StopSnapshot {
            id: self.stops,
            event: self.event.clone(),
            stack: self.frame_snaps(),
            selected: self.curindex,
            globals: false,
            locals: Vec::new(),
            narrative: Vec::new(),
            inspector: None,
            breakpoints: Self::break_snaps(bdb),
            nesting: self.nesting,
            thread: None,
            module_globals: None,
            replay: None,
        }
    }

    /// pdb's `> file(line)func()` entry for the stop, kept in the line interface's
    /// history with the return value as shown.
    fn print_stop_location(&mut self) {
        let (frame, lineno) = self.stack[self.curindex].clone();
        let (text, retval) = self.format_stack_entry(&frame, lineno);
        self.message(&format!("> {text}"));
        if let (Some(rv), false) = (retval, self.front.wants_snapshots()) {
            if let Some(StopEvent::Return(shown)) = self.history.newest_mut().map(|s| &mut s.event)
            {
                *shown = rv;
            }
        }
    }

    fn frame_snaps(&self) -> Vec<FrameSnap> {
        self.stack
            .iter()
            .map(|(f, line)| FrameSnap {
                function: f.function().to_string(),
                file: f.filename().to_string(),
                line: *line,
                ..Default::default()
            })
            .collect()
    }

    fn break_snaps(bdb: &Bdb) -> Vec<BreakSnap> {
        bdb.breaks
            .iter()
            .map(|b| BreakSnap {
                file: b.file.clone(),
                line: b.line,
                enabled: b.enabled,
                conditional: b.cond.is_some(),
            })
            .collect()
    }

    /// The stop as plain data for a front end that draws it.
    fn snapshot(&mut self, bdb: &Bdb) -> StopSnapshot {
        let view = self.front.view();
        let locals = if view.globals {
            self.curframe().globals()
        } else {
            self.curframe_locals()
        };
        let event = match &self.event {
            StopEvent::Return(_) => {
                let newest = &self.stack[self.stack.len() - 1].0;
                let value = Frame::local(&newest.locals(), "__return__");
                if value.as_ref().is_none_or(Value::is_none) && py::is_unwinding(newest) {
                    let exception = self
                        .last_exception
                        .as_ref()
                        .filter(|(id, _)| *id == newest.id())
                        .map(|(_, exc)| py::exception_event_value(exc).short_repr());
                    StopEvent::Unwind(exception.unwrap_or_default())
                } else {
                    StopEvent::Return(value.map(|v| v.short_repr()).unwrap_or_default())
                }
            }
            other => other.clone(),
        };
        let mut stack = self.frame_snaps();
        let selected_locals = self.curframe_locals();
        let frames: Vec<&Frame> = self.stack.iter().map(|(f, _)| f).collect();
        let with_vars = view.frames.unwrap_or(0).min(frames.len());
        let per_frame = py::frames_snapshot(
            &frames,
            self.curindex,
            &selected_locals,
            with_vars,
            &view.expanded,
            &view.pages,
        );
        for (snap, (args, vars)) in stack.iter_mut().zip(per_frame) {
            snap.args = args;
            snap.vars = vars;
        }
        let module_globals = view.frames.map(|_| {
            let globals = self.curframe().globals();
            py::variables_snapshot(&globals, &view.expanded, &view.pages, true)
        });
        let mut snapshot = StopSnapshot {
            id: self.stops,
            event,
            stack,
            selected: self.curindex,
            globals: view.globals,
            locals: py::variables_snapshot(&locals, &view.expanded, &view.pages, view.globals),
            narrative: std::mem::take(&mut self.narrative),
            inspector: view.inspect.then(|| py::inspect_frame(self.curframe())),
            breakpoints: Self::break_snaps(bdb),
            nesting: self.nesting,
            thread: py::thread_name(),
            module_globals,
            replay: None,
        };
        self.tags.apply(&mut snapshot);
        snapshot
    }
}
