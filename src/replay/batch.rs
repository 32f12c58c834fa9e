//! `rdb replay --batch FILE`: the line interface over a recording. Each position prints
//! as pdb prints a stop (`--Call--`, `--Return--`, the exception, `> file(line)func()`
//! and `-> source`); pdb's moves and breakpoints go forwards through it as in the live
//! run (`moves`), `rs`/`rn`/`rr`/`rc` backwards, `goto N` and `steps` place it,
//! `w`/`u`/`d`/`a`/`p`/`retval`/`l`/`ll`/`display` read the recorded state. Nothing is
//! evaluated: a recording has values, not a program.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use super::moves::{self, Frames, RecFrame};
use super::{thread_of, Position, Recording};
use crate::engine::{parse_python_int, Bdb};
use crate::record::format::{FrameState, Record};

/// Commands, with their names (pdb's spellings where pdb has the command).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Step,
    Next,
    Return,
    Until,
    Break,
    TBreak,
    Clear,
    Disable,
    Enable,
    ReverseStep,
    ReverseNext,
    ReverseReturn,
    ReverseContinue,
    Goto,
    Steps,
    Continue,
    Where,
    Up,
    Down,
    Args,
    Print,
    Retval,
    List,
    LongList,
    Display,
    Undisplay,
    Condition,
    Help,
    Quit,
}

#[rustfmt::skip]
const COMMANDS: &[(Command, &[&str], &str)] = &[
    (Command::Step, &["step", "s"], "s(tep): the next step"),
    (Command::Next, &["next", "n"], "n(ext): the next line in this function"),
    (Command::Return, &["return", "r"], "r(eturn): this function's return"),
    (Command::Until, &["until", "unt"], "unt(il) [lineno]: a line past this one (or lineno)"),
    (Command::Break, &["break", "b"], "b(reak) [[file:]lineno]: a breakpoint (none: list them)"),
    (Command::TBreak, &["tbreak"], "tbreak [file:]lineno: a breakpoint hit once"),
    (Command::Clear, &["clear", "cl"], "cl(ear) [numbers | file:lineno]: remove breakpoints"),
    (Command::Disable, &["disable"], "disable numbers"),
    (Command::Enable, &["enable"], "enable numbers"),
    (Command::ReverseStep, &["rs"], "rs: the step before"),
    (Command::ReverseNext, &["rn"], "rn: the line before in this function"),
    (Command::ReverseReturn, &["rr"], "rr: back to this function's call"),
    (Command::ReverseContinue, &["rc"], "rc: back to the previous breakpoint hit"),
    (Command::Goto, &["goto"], "goto N: step N (from 1; last: the last step)"),
    (
        Command::Steps,
        &["steps"],
        "steps: where this step is, of how many",
    ),
    (
        Command::Continue,
        &["continue", "cont", "c"],
        "c(ont(inue)): the next breakpoint hit, or the end",
    ),
    (
        Command::Where,
        &["where", "w", "bt"],
        "w(here): the stack at this step",
    ),
    (Command::Up, &["up", "u"], "u(p) [count]: an older frame"),
    (
        Command::Down,
        &["down", "d"],
        "d(own) [count]: a newer frame",
    ),
    (
        Command::Args,
        &["args", "a"],
        "a(rgs): the selected frame's arguments",
    ),
    (
        Command::Print,
        &["p", "pp"],
        "p NAME: a recorded variable of the selected frame",
    ),
    (
        Command::Retval,
        &["retval", "rv"],
        "retval: the value being returned",
    ),
    (
        Command::List,
        &["list", "l"],
        "l(ist) [first [,last] | .]: the source around the selected frame's line, or on",
    ),
    (
        Command::LongList,
        &["longlist", "ll"],
        "ll | longlist: the whole function of the selected frame",
    ),
    (
        Command::Display,
        &["display"],
        "display [NAME]: show a recorded variable at each step where it changed",
    ),
    (
        Command::Undisplay,
        &["undisplay"],
        "undisplay [NAME]: stop displaying it (all, without NAME)",
    ),
    (
        Command::Condition,
        &["condition"],
        "condition N: make breakpoint N unconditional (a recording cannot evaluate conditions)",
    ),
    (Command::Help, &["help", "h"], "h(elp): these commands"),
    (
        Command::Quit,
        &["quit", "q", "exit"],
        "q(uit): end the replay",
    ),
];

/// A displayed value: its repr and identity (0: none recorded).
type Shown = (String, u64);

pub(super) struct Replay<'a, W: Write> {
    pub(super) rec: &'a Recording,
    pub(super) pos: Position,
    pub(super) bdb: Bdb<RecFrame>,
    frames: Frames,
    /// The selected frame, counted from the newest (0).
    pub(super) up: usize,
    pub(super) out: W,
    sources: HashMap<String, Vec<String>>,
    /// The value each frame returned at a return stop shown (what pdb keeps in its
    /// `__return__`, which a generator still has when resumed).
    shown_returns: HashMap<u64, String>,
    /// Moving forwards writes what the program wrote on the way, as the live run does
    /// (the line interface; the full-screen one has its output pane).
    pub(super) echo_output: bool,
    /// How much of the output is written for the position (all of it past the end).
    echoed: usize,
    /// The last line the previous `list` showed, while listing goes on (pdb's `lineno`).
    listed: Option<u32>,
    /// pdb's `display`: each frame's displayed names, with their values (repr and
    /// identity) when last shown.
    displaying: HashMap<u64, Vec<(String, Shown)>>,
}

impl<'a, W: Write> Replay<'a, W> {
    /// A replay of `rec` at its first stop (the script's first line), shown to `out`.
    pub(super) fn new(rec: &'a Recording, out: W) -> Replay<'a, W> {
        // pdb's first stop is the script's first line, not its module's call event
        let first = match rec.step(0) {
            Record::Call { func, .. } if func == "<module>" && rec.len() > 1 => 1,
            _ => 0,
        };
        let mut replay = Replay {
            pos: rec.at(first),
            bdb: Bdb::default(),
            frames: Frames::default(),
            rec,
            up: 0,
            out,
            sources: HashMap::new(),
            shown_returns: HashMap::new(),
            echo_output: false,
            echoed: rec.output_before(first),
            listed: None,
            displaying: HashMap::new(),
        };
        replay.show();
        replay
    }

    /// One command line; true when it ends the replay.
    pub(super) fn execute(&mut self, line: &str) -> bool {
        let (word, arg) = line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((line.trim(), ""));
        if word.is_empty() {
            return false;
        }
        match lookup(word) {
            Some(command) => self.run(command, arg),
            None => {
                self.say(&format!(
                    "*** {word}: not a replay command (help lists them)"
                ));
                false
            }
        }
    }

    /// The selected frame, counted from the outermost (0), as the interface counts.
    pub(super) fn select(&mut self, index: usize) {
        let depth = self.stack().len();
        if index < depth {
            self.up = depth - 1 - index;
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    fn source_line(&mut self, file: &str, line: u32) -> Option<String> {
        let rec = self.rec;
        let lines = self.sources.entry(file.to_string()).or_insert_with(|| {
            rec.source(file)
                .map(|s| s.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        lines
            .get(line.checked_sub(1)? as usize)
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
    }

    /// The stack of the thread the current step is in, outermost first.
    pub(super) fn stack(&self) -> &[FrameState] {
        let t = thread_of(&self.rec.step(self.pos.step));
        self.pos.stacks.get(&t).map_or(&[], Vec::as_slice)
    }

    fn selected(&self) -> Option<&FrameState> {
        let stack = self.stack();
        stack.len().checked_sub(1 + self.up).map(|i| &stack[i])
    }

    /// The repr of `name` as the selected frame sees it: its own variable, else a global
    /// of its module when that module's frame is recorded.
    fn recorded(&self, name: &str) -> Option<String> {
        self.recorded_value(name).map(|(r, _)| r)
    }

    /// `recorded`, with the value's identity (0: none recorded).
    fn recorded_value(&self, name: &str) -> Option<Shown> {
        let frame = self.selected()?;
        let module = || {
            self.stack()
                .first()
                .filter(|m| m.func == "<module>" && m.file == frame.file)
        };
        frame
            .vars
            .iter()
            .find(|v| v.n == name)
            .or_else(|| module()?.vars.iter().find(|v| v.n == name))
            .map(|v| (self.pos.repr_of(v).to_string(), v.id))
    }

    pub(super) fn returned(&self) -> Option<String> {
        match self.rec.step(self.pos.step) {
            Record::Return { value, .. } => Some(value),
            _ => None,
        }
    }

    /// `file(line)func()[->value]` and pdb's `-> source` line.
    fn entry(&mut self, frame: &FrameState, newest: bool) -> String {
        let mut text = format!("{}({}){}()", frame.file, frame.line, frame.func);
        // as pdb: `__return__` is in the frame's locals once it stopped at a return
        let shown = match self.returned() {
            Some(v) if newest => Some(v),
            _ => self.shown_returns.get(&frame.f).cloned(),
        };
        if let Some(v) = shown {
            text += "->";
            text += &v;
        }
        if let Some(src) = self.source_line(&frame.file.clone(), frame.line) {
            text += "\n-> ";
            text += &src;
        }
        text
    }

    /// The position, as pdb prints a stop.
    fn show(&mut self) {
        self.up = 0;
        match &self.rec.step(self.pos.step) {
            Record::Call { .. } => self.say("--Call--"),
            Record::Return { f, value, .. } => {
                self.shown_returns.insert(*f, value.clone());
                self.say("--Return--")
            }
            Record::Exception { text, .. } => {
                let text = text.clone();
                self.say(&text);
            }
            _ => {}
        }
        if let Some(frame) = self.stack().last().cloned() {
            let text = self.entry(&frame, true);
            self.say(&format!("> {text}"));
        }
        self.listed = None;
        self.show_displays();
    }

    /// A displayed name's repr in the selected frame, as pdb shows an expression's.
    fn display_value(&self, name: &str) -> Shown {
        self.recorded_value(name).unwrap_or_else(|| {
            let text = format!("** raised NameError: name '{name}' is not recorded here **");
            (text, 0)
        })
    }

    /// pdb's `preloop`: the displayed names of this frame whose value changed.
    fn show_displays(&mut self) {
        let Some(f) = self.selected().map(|f| f.f) else {
            return;
        };
        let names = self.displaying.get(&f).cloned().unwrap_or_default();
        for (i, (name, old)) in names.iter().enumerate() {
            let new = self.display_value(name);
            // as pdb: the same object is no change, even changed inside
            let same = (new.1 != 0 && new.1 == old.1) || new.0 == old.0;
            if !same {
                self.say(&format!("display {name}: {}  [old: {}]", new.0, old.0));
                if let Some(list) = self.displaying.get_mut(&f) {
                    list[i].1 = new;
                }
            }
        }
    }

    fn display(&mut self, arg: &str) {
        let Some(f) = self.selected().map(|f| f.f) else {
            return;
        };
        if arg.is_empty() {
            self.say("Currently displaying:");
            let rows: Vec<String> = self
                .displaying
                .get(&f)
                .into_iter()
                .flatten()
                .map(|(n, (v, _))| format!("{n}: {v}"))
                .collect();
            for row in rows {
                self.say(&row);
            }
            return;
        }
        if !is_name(arg) {
            return self.say(&format!(
                "*** a recording cannot evaluate {arg:?}: it displays recorded variables by name"
            ));
        }
        let value = self.display_value(arg);
        self.say(&format!("display {arg}: {}", value.0));
        let list = self.displaying.entry(f).or_default();
        match list.iter_mut().find(|(n, _)| n == arg) {
            Some(entry) => entry.1 = value,
            None => list.push((arg.to_string(), value)),
        }
    }

    fn undisplay(&mut self, arg: &str) {
        let Some(f) = self.selected().map(|f| f.f) else {
            return;
        };
        let list = self.displaying.entry(f).or_default();
        if arg.is_empty() {
            list.clear();
        } else if let Some(i) = list.iter().position(|(n, _)| n == arg) {
            list.remove(i);
        } else {
            self.say(&format!("*** not displaying {arg}"));
        }
    }

    /// The lines of `file` (recorded, else as it is now).
    fn lines_of(&mut self, file: &str) -> Vec<String> {
        let _ = self.source_line(file, 1);
        self.sources.get(file).cloned().unwrap_or_default()
    }

    fn print_lines(&mut self, frame: &FrameState, lines: &[String], first: u32) {
        let breaks: Vec<u32> = self
            .bdb
            .breaks
            .file_lines(&frame.file)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        for (i, text) in lines.iter().enumerate() {
            let n = first + i as u32;
            let row =
                crate::listing::print_line(n, text, breaks.contains(&n), n == frame.line, false);
            self.say(&row);
        }
    }

    /// pdb's `list`: around the line, or on from the previous listing.
    fn list(&mut self, arg: &str) {
        let Some(frame) = self.selected().cloned() else {
            return;
        };
        let (first, last) = match crate::listing::list_range(arg, frame.line, self.listed) {
            Ok(range) => range,
            Err(e) => return self.say(&format!("*** {e}")),
        };
        let lines = self.lines_of(&frame.file);
        let lo = (first.max(1) - 1) as usize;
        let hi = (last.max(0) as usize).min(lines.len());
        let slice = if lo < hi { &lines[lo..hi] } else { &[][..] };
        self.print_lines(&frame, slice, first.max(1) as u32);
        self.listed = Some(last.min(lines.len() as i64).max(0) as u32);
        if (lines.len() as i64) < last {
            self.say("[EOF]");
        }
    }

    /// pdb's `longlist`: the selected frame's whole function (the module: the file).
    fn longlist(&mut self) {
        let Some(frame) = self.selected().cloned() else {
            return;
        };
        let lines = self.lines_of(&frame.file);
        if frame.func == "<module>" {
            return self.print_lines(&frame, &lines, 1);
        }
        let first = match self.rec.calls.get(&frame.f).map(|&i| self.rec.step(i)) {
            Some(Record::Call { line, .. }) => line,
            _ => frame.line,
        };
        let block = crate::listing::block(&lines, first).to_vec();
        if block.is_empty() {
            return self.say("*** could not get source code");
        }
        self.print_lines(&frame, &block, first);
    }

    fn condition(&mut self, arg: &str) {
        let (number, cond) = arg.split_once(' ').unwrap_or((arg, ""));
        if number.trim().is_empty() {
            return self.say("*** Breakpoint number expected");
        }
        let text = match self.bdb.breaks.by_number(number.trim()) {
            Ok(_) if !cond.trim().is_empty() => {
                "*** a recording cannot evaluate conditions".to_string()
            }
            Ok(bp) => format!("Breakpoint {} is now unconditional.", bp.number),
            Err(e) => format!("*** {e}"),
        };
        self.say(&text);
    }

    fn go(&mut self, step: usize) {
        self.pos = self.rec.at(step);
        self.echoed = self.rec.output_before(step);
        self.show();
    }

    /// Runs the engine, set by `set` for the selected frame, from here to its next stop.
    fn moved(&mut self, set: impl FnOnce(&mut Bdb<RecFrame>, &RecFrame)) {
        let stack = self.stack();
        let Some(selected) = stack.len().checked_sub(1 + self.up).map(|i| stack[i].f) else {
            return;
        };
        let mut frame = self.frames.at(self.rec, self.pos.step);
        while let Some(f) = frame.clone().filter(|f| f.number() != selected) {
            frame = crate::engine::FrameView::back(&f);
        }
        let Some(frame) = frame else { return };
        match self.frames.at(self.rec, self.pos.step) {
            // the command is given inside the return event, as at a live stop there
            Some(returning) if matches!(self.rec.step(self.pos.step), Record::Return { .. }) => {
                self.bdb
                    .command_at_return(&returning, |bdb| set(bdb, &frame))
            }
            _ => set(&mut self.bdb, &frame),
        }
        let stop = moves::run_to_stop(self.rec, &mut self.frames, &mut self.bdb, self.pos.step);
        let to = self.rec.output_before(stop.unwrap_or(self.rec.len()));
        if self.echo_output && to > self.echoed {
            let _ = self.out.write_all(&self.rec.output[self.echoed..to]);
        }
        self.echoed = to;
        match stop {
            Some(i) => {
                self.pos = self.rec.at(i);
                for bp in std::mem::take(&mut self.bdb.deleted_temporary) {
                    self.say(&format!("Deleted {bp}"));
                }
                self.show();
            }
            None => {
                self.pos = self.rec.at(self.rec.len() - 1);
                self.up = 0;
                let status = self.rec.status;
                self.say(&format!(
                    "The recording ends here (the program exited with status {status})"
                ));
            }
        }
    }

    /// The recorded file `name` means: a path as recorded, else the recorded file whose
    /// name (or tail of path) it is.
    fn file_named(&self, name: &str) -> Option<String> {
        let tail = format!("/{name}");
        self.rec
            .files
            .iter()
            .find(|file| *file == name || file.ends_with(&tail))
            .cloned()
    }

    pub(super) fn set_break(&mut self, arg: &str, temporary: bool) {
        let arg = arg.trim();
        if arg.is_empty() {
            if !self.bdb.breaks.is_empty() {
                self.say("Num Type         Disp Enb   Where");
                let rows: Vec<String> = self.bdb.breaks.iter().map(|b| b.bpformat()).collect();
                for row in rows {
                    self.say(&row);
                }
            }
            return;
        }
        if arg.contains(',') {
            return self.say("*** a recording cannot evaluate conditions");
        }
        let (file, line) = match arg.rsplit_once(':') {
            Some((file, line)) => match self.file_named(file.trim()) {
                Some(f) => (f, line.trim()),
                None => return self.say(&format!("*** '{}' is not in the recording", file.trim())),
            },
            None => match self.selected() {
                Some(frame) => (frame.file.clone(), arg),
                None => return,
            },
        };
        let Some(line) = parse_python_int(line).and_then(|n| u32::try_from(n).ok()) else {
            return self.say(&format!(
                "*** a recording has breakpoints at lines, not at {line:?}"
            ));
        };
        let _ = self.source_line(&file, 1);
        match self.sources[&file].get(line.saturating_sub(1) as usize) {
            None => return self.say("End of file"),
            Some(text) if text.trim().is_empty() || text.trim().starts_with('#') => {
                return self.say("*** Blank or comment")
            }
            _ => {}
        }
        let bp = self.bdb.breaks.add(&file, line, temporary, None, None);
        let text = format!("Breakpoint {} at {}:{}", bp.number, bp.file, bp.line);
        self.say(&text);
    }

    pub(super) fn clear(&mut self, arg: &str) {
        let arg = arg.trim();
        if arg.is_empty() {
            for bp in self.bdb.breaks.clear_all() {
                self.say(&format!("Deleted {bp}"));
            }
            return;
        }
        if let Some((file, line)) = arg.rsplit_once(':') {
            let file = self
                .file_named(file.trim())
                .unwrap_or_else(|| file.trim().to_string());
            let line = parse_python_int(line.trim()).unwrap_or(-1).max(0) as u32;
            match self.bdb.breaks.clear_line(&file, line) {
                Ok(deleted) => {
                    for bp in deleted {
                        self.say(&format!("Deleted {bp}"));
                    }
                }
                Err(e) => self.say(&format!("*** {e}")),
            }
            return;
        }
        for n in arg.split_whitespace() {
            match self.bdb.breaks.by_number(n).map(|b| b.number) {
                Ok(number) => {
                    if let Some(bp) = self.bdb.breaks.delete(number) {
                        self.say(&format!("Deleted {bp}"));
                    }
                }
                Err(e) => self.say(&format!("*** {e}")),
            }
        }
    }

    fn enable(&mut self, arg: &str, on: bool) {
        for n in arg.split_whitespace() {
            let text = match self.bdb.breaks.by_number_mut(n) {
                Ok(bp) => {
                    bp.enabled = on;
                    format!("{} {bp}", if on { "Enabled" } else { "Disabled" })
                }
                Err(e) => format!("*** {e}"),
            };
            self.say(&text);
        }
    }

    /// `rc`: the last step before this one at an enabled breakpoint's line.
    fn reverse_continue(&mut self) {
        // each frame's file, decoded once however many of its lines are passed
        let mut files: HashMap<u64, Option<String>> = HashMap::new();
        let hit = (0..self.pos.step).rev().find(|&i| match self.rec.step(i) {
            Record::Line { f, line, .. } => {
                let file = files.entry(f).or_insert_with(|| {
                    match self.rec.calls.get(&f).map(|&c| self.rec.step(c)) {
                        Some(Record::Call { file, .. }) => Some(file),
                        _ => None,
                    }
                });
                file.as_ref().is_some_and(|file| {
                    self.bdb
                        .breaks
                        .iter()
                        .any(|b| b.enabled && &b.file == file && b.line == line)
                })
            }
            _ => false,
        });
        match hit {
            Some(i) => self.go(i),
            None => {
                self.go(0);
                self.say("The recording starts here (no breakpoint was hit before)");
            }
        }
    }

    fn run(&mut self, word: Command, arg: &str) -> bool {
        match word {
            Command::Step if self.pos.step + 1 >= self.rec.len() => {
                self.say("*** The recording ends here")
            }
            Command::Step => self.moved(|bdb, _| bdb.set_step()),
            Command::Next => self.moved(|bdb, f| bdb.set_next(f)),
            Command::Return => self.moved(|bdb, f| bdb.set_return(f)),
            Command::Until => {
                let line = if arg.trim().is_empty() {
                    None
                } else {
                    match parse_python_int(arg.trim()).and_then(|n| u32::try_from(n).ok()) {
                        Some(n) if self.selected().is_some_and(|f| n > f.line) => Some(n),
                        Some(_) => {
                            self.say(
                                "*** \"until\" line number is smaller than current line number",
                            );
                            return false;
                        }
                        None => {
                            self.say(&format!("*** Error in argument: {:?}", arg.trim()));
                            return false;
                        }
                    }
                };
                self.moved(|bdb, f| bdb.set_until(f, line));
            }
            Command::Continue => self.moved(|bdb, _| {
                bdb.set_continue();
            }),
            Command::Break => self.set_break(arg, false),
            Command::TBreak => self.set_break(arg, true),
            Command::Clear => self.clear(arg),
            Command::Disable => self.enable(arg, false),
            Command::Enable => self.enable(arg, true),
            Command::ReverseStep => match self.pos.step.checked_sub(1) {
                Some(step) => self.go(step),
                None => self.say("*** The recording starts here"),
            },
            Command::ReverseNext => match moves::reverse_next(self.rec, self.pos.step) {
                Some(step) => self.go(step),
                None => self.say("*** The recording starts here"),
            },
            Command::ReverseReturn => match moves::reverse_return(self.rec, self.pos.step) {
                Some(step) => self.go(step),
                None => self.say("*** The recording starts here"),
            },
            Command::ReverseContinue => self.reverse_continue(),

            Command::Goto => match arg.trim().parse::<usize>().or_else(|e| {
                if arg.trim() == "last" {
                    Ok(self.rec.len())
                } else {
                    Err(e)
                }
            }) {
                Ok(n) if (1..=self.rec.len()).contains(&n) => self.go(n - 1),
                _ => self.say(&format!(
                    "*** goto takes a step number from 1 to {}",
                    self.rec.len()
                )),
            },
            Command::Steps => {
                let text = format!("step {} of {}", self.pos.step + 1, self.rec.len());
                self.say(&text);
            }
            Command::Where => {
                let stack = self.stack().to_vec();
                let selected = stack.len().saturating_sub(1 + self.up);
                for (i, frame) in stack.iter().enumerate() {
                    let mark = if i == selected { "> " } else { "  " };
                    let text = self.entry(frame, i + 1 == stack.len());
                    self.say(&format!("{mark}{text}"));
                }
            }
            Command::Up | Command::Down => {
                let count = if arg.trim().is_empty() {
                    Some(1)
                } else {
                    arg.trim().parse::<usize>().ok()
                };
                let Some(count) = count else {
                    self.say(&format!("*** Invalid frame count ({})", arg.trim()));
                    return false;
                };
                let depth = self.stack().len();
                let target = if word == Command::Up {
                    (self.up + count).min(depth.saturating_sub(1))
                } else {
                    self.up.saturating_sub(count)
                };
                if target == self.up {
                    self.say(if word == Command::Up {
                        "*** Oldest frame"
                    } else {
                        "*** Newest frame"
                    });
                } else {
                    self.up = target;
                    self.listed = None;
                    if let Some(frame) = self.selected().cloned() {
                        let text = self.entry(&frame, target == 0);
                        self.say(&format!("> {text}"));
                    }
                }
            }
            Command::Args => {
                if let Some(frame) = self.selected().cloned() {
                    for name in &frame.args {
                        if let Some(v) = frame.vars.iter().find(|v| &v.n == name) {
                            let text = format!("{name} = {}", self.pos.repr_of(v));
                            self.say(&text);
                        }
                    }
                }
            }
            Command::Print => {
                let name = arg.trim();
                match self.recorded(name) {
                    Some(r) => self.say(&r),
                    None if is_name(name) => {
                        self.say(&format!("*** NameError: name '{name}' is not recorded here"))
                    }
                    None => self.say(&format!(
                        "*** a recording cannot evaluate {name:?}: it shows recorded variables by name"
                    )),
                }
            }
            Command::Retval => match self.returned() {
                Some(v) if self.up == 0 => self.say(&v),
                _ => self.say("*** Not yet returned!"),
            },
            Command::List => self.list(arg.trim()),
            Command::LongList => self.longlist(),
            Command::Display => self.display(arg.trim()),
            Command::Undisplay => self.undisplay(arg.trim()),
            Command::Condition => self.condition(arg.trim()),
            Command::Help => {
                for (_, _, doc) in COMMANDS {
                    self.say(doc);
                }
            }
            Command::Quit => return true,
        }
        false
    }
}

/// `cl`/`clear` without an argument: pdb asks "Clear all breaks? " first.
pub(super) fn asks_first(line: &str) -> bool {
    matches!(line.trim(), "cl" | "clear")
}

/// A Python name (what a recording can show by itself).
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn lookup(word: &str) -> Option<Command> {
    COMMANDS
        .iter()
        .find(|(_, names, _)| names.contains(&word))
        .map(|(c, _, _)| *c)
}

/// The recording at `path`, or the exit status after saying in one line why not.
pub(super) fn open(path: &str) -> Result<Recording, i32> {
    match Recording::open(path) {
        Ok(r) if r.is_empty() => {
            eprintln!("rdb replay: {path}: the recording has no steps (no file was chosen?)");
            Err(2)
        }
        Ok(r) => Ok(r),
        Err(e) => {
            eprintln!("rdb replay: {path}: {e}");
            Err(2)
        }
    }
}

/// Replays `path` reading commands from `input`; the exit status.
pub fn run(path: &str, input: impl BufRead, out: impl Write) -> i32 {
    let rec = match open(path) {
        Ok(r) => r,
        Err(status) => return status,
    };
    let mut replay = Replay::new(&rec, out);
    replay.echo_output = true;
    let mut lines = input.lines();
    let mut last = String::new();
    loop {
        let _ = write!(replay.out, "(replay) ");
        let _ = replay.out.flush();
        let Some(Ok(line)) = lines.next() else {
            let _ = writeln!(replay.out);
            return 0;
        };
        let line = if line.trim().is_empty() {
            last.clone()
        } else {
            line
        };
        last = line.clone();
        if asks_first(&line) {
            // pdb asks first, and takes the next line as the answer
            let _ = write!(replay.out, "Clear all breaks? ");
            let _ = replay.out.flush();
            let answer = lines.next().and_then(Result::ok).unwrap_or_default();
            if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
                replay.clear("");
            }
        } else if replay.execute(&line) {
            return 0;
        }
        let _ = io::stdout().flush();
    }
}
