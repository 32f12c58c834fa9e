//! The UI's state and its reactions: messages from the Python thread update it, keys
//! turn into requests for the session. No terminal here, so it is tested directly.

use crossterm::event::{KeyCode, KeyEvent};

use super::keys::{action_for, Action, Keymap};
use crate::config::{Layout, StackOrder};
use crate::history::{History, Weigh, DEFAULT_LIMIT};
use crate::remote::{FromUi, ToUi};
use crate::session::ViewRequest;
use crate::snapshot::{FrameSnap, NarrativeLine, StopSnapshot, VarSnap};

/// The most output lines kept for the output pane.
const OUTPUT_LIMIT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Starting,
    Stopped,
    Running,
    Ended(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Source,
    Stack,
    Locals,
    Output,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Stdout,
    Stderr,
    Debugger,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// `:` a pdb command (or a line number to go to), `!` a statement.
    Command {
        text: String,
        bang: bool,
        history: Option<usize>,
    },
    Search {
        text: String,
    },
    Condition {
        line: u32,
        text: String,
    },
    ConfirmQuit,
    /// The program's `input(prompt)` is waiting for a line.
    ProgramInput {
        prompt: String,
        text: String,
    },
}

/// What a key asks of the rest of rdb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Send(FromUi),
    Interrupt,
    Exit,
}

/// A stop as the UI recorded it: the snapshot, what had changed, and how much output
/// had been written (as an absolute line count) when it arrived.
pub struct Recorded {
    pub snapshot: StopSnapshot,
    pub changed: Vec<String>,
    pub output_mark: usize,
}

impl Weigh for Recorded {
    fn weight(&self) -> usize {
        self.snapshot.weight() + self.changed.iter().map(|c| 24 + c.len()).sum::<usize>()
    }
}

pub struct App {
    pub phase: Phase,
    /// The stop shown: the newest, or one from the history.
    pub snapshot: Option<StopSnapshot>,
    /// Paths of variables whose value changed at the shown stop (since the stop before
    /// it in the same frame).
    pub changed: Vec<String>,
    pub history: History<Recorded>,
    /// Output lines dropped from the front of `output` so far.
    pub output_dropped: usize,
    pub output: Vec<(LineKind, String)>,
    partial: Option<(LineKind, String)>,
    pub output_scroll: usize,
    pub focus: Focus,
    /// The file shown in the source pane and the cursor line in it (1-based).
    pub file: Option<String>,
    pub cursor: u32,
    pub prompt: Option<Prompt>,
    pub command_history: Vec<String>,
    pub show_help: bool,
    pub last_search: Option<String>,
    /// Lines of the file in the source pane, for search and bounds.
    pub file_len: u32,
    pub notice: Option<String>,
    /// A search was submitted; the loop runs `search_in` with the file's lines.
    pub search_pending: bool,
    /// The selected row of the variables pane.
    pub var_cursor: usize,
    /// What the variables pane asks the session to show.
    pub view: ViewRequest,
    /// The event narrative received so far (the newest `NARRATIVE_LIMIT` lines).
    pub narrative: Vec<NarrativeLine>,
    /// The output area shows the narrative instead of the program's output.
    pub show_narrative: bool,
    /// Which events the narrative shows.
    pub narrative_filter: NarrativeFilter,
    /// The side shows the frame and code-object inspector instead of the variables.
    pub show_inspector: bool,
    /// Presentation mode: a layout for a projector.
    pub present: bool,
    pub keymap: Keymap,
    pub layout: Layout,
    pub stack_order: StackOrder,
}

const NARRATIVE_LIMIT: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NarrativeFilter {
    All,
    CallsAndReturns,
    Lines,
    Exceptions,
}

impl NarrativeFilter {
    pub fn admits(self, kind: &str) -> bool {
        match self {
            NarrativeFilter::All => true,
            NarrativeFilter::CallsAndReturns => kind == "call" || kind == "return",
            NarrativeFilter::Lines => kind == "line",
            NarrativeFilter::Exceptions => kind == "exception",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            NarrativeFilter::All => "all events",
            NarrativeFilter::CallsAndReturns => "calls and returns",
            NarrativeFilter::Lines => "lines",
            NarrativeFilter::Exceptions => "exceptions",
        }
    }

    fn next(self) -> NarrativeFilter {
        match self {
            NarrativeFilter::All => NarrativeFilter::CallsAndReturns,
            NarrativeFilter::CallsAndReturns => NarrativeFilter::Lines,
            NarrativeFilter::Lines => NarrativeFilter::Exceptions,
            NarrativeFilter::Exceptions => NarrativeFilter::All,
        }
    }
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

fn same_frame(a: &FrameSnap, b: &FrameSnap) -> bool {
    a.function == b.function && a.file == b.file
}

impl App {
    pub fn new() -> App {
        App {
            phase: Phase::Starting,
            snapshot: None,
            changed: Vec::new(),
            history: History::new(DEFAULT_LIMIT),
            output_dropped: 0,
            output: Vec::new(),
            partial: None,
            output_scroll: 0,
            focus: Focus::Source,
            file: None,
            cursor: 1,
            prompt: None,
            command_history: Vec::new(),
            show_help: false,
            last_search: None,
            file_len: 0,
            notice: None,
            search_pending: false,
            var_cursor: 0,
            view: ViewRequest::default(),
            narrative: Vec::new(),
            show_narrative: false,
            narrative_filter: NarrativeFilter::All,
            show_inspector: false,
            present: false,
            keymap: Keymap::default(),
            layout: Layout::default(),
            stack_order: StackOrder::NewestAtTop,
        }
    }

    /// Applies a message from the Python thread.
    pub fn update(&mut self, msg: ToUi) {
        match msg {
            ToUi::Stopped(snap) => self.stopped(snap),
            ToUi::Message(text) => {
                for line in text.split('\n') {
                    self.push_line(LineKind::Debugger, line.to_string());
                }
            }
            ToUi::Output { stderr, text } => self.push_output(stderr, &text),
            ToUi::Running => self.phase = Phase::Running,
            ToUi::Ended(message) => {
                self.push_line(LineKind::Debugger, message.clone());
                self.phase = Phase::Ended(message);
            }
            ToUi::InputRequest(prompt) => {
                self.prompt = Some(Prompt::ProgramInput {
                    prompt,
                    text: String::new(),
                });
            }
            ToUi::Quit => {}
        }
    }

    fn stopped(&mut self, snap: StopSnapshot) {
        self.narrative.extend(snap.narrative.iter().cloned());
        if self.narrative.len() > NARRATIVE_LIMIT {
            let excess = self.narrative.len() - NARRATIVE_LIMIT;
            self.narrative.drain(..excess);
        }
        let newest = self.history.iter().last().map(|r| &r.snapshot);
        let changed = match (newest, snap.selected_frame()) {
            (Some(old), Some(frame))
                if old.selected_frame().is_some_and(|f| same_frame(f, frame))
                    && old.stack.len() == snap.stack.len() =>
            {
                changed_locals(&old.locals, &snap.locals)
            }
            _ => Vec::new(),
        };
        self.history.push(Recorded {
            snapshot: snap.clone(),
            changed: changed.clone(),
            output_mark: self.output_dropped + self.output.len(),
        });
        self.show(snap, changed);
        self.phase = Phase::Stopped;
    }

    /// Shows `snap`: its source line, stack and variables.
    fn show(&mut self, snap: StopSnapshot, changed: Vec<String>) {
        if let Some(frame) = snap.selected_frame() {
            let moved = self.snapshot.as_ref().and_then(|s| s.selected_frame()) != Some(frame);
            if moved || self.file.as_deref() != Some(frame.file.as_str()) {
                self.file = Some(frame.file.clone());
                self.cursor = frame.line.max(1);
            }
        }
        self.var_cursor = self.var_cursor.min(snap.locals.len().saturating_sub(1));
        self.snapshot = Some(snap);
        self.changed = changed;
    }

    /// Shows the history entry the history's cursor is on.
    fn show_history(&mut self) {
        if let Some(r) = self.history.current() {
            let (snap, changed) = (r.snapshot.clone(), r.changed.clone());
            self.show(snap, changed);
        }
    }

    /// `history 12/40 (past)` while looking at an earlier stop.
    pub fn history_label(&self) -> Option<String> {
        self.history.in_past().then(|| {
            let dropped = match self.history.dropped {
                0 => String::new(),
                n => format!(", {n} older dropped"),
            };
            format!(
                "history {}/{} (past{dropped})",
                self.history.position(),
                self.history.len()
            )
        })
    }

    /// How many output lines existed at the shown stop (all of them in the present).
    pub fn output_visible(&self) -> usize {
        let all = self.output.len() + usize::from(self.partial.is_some());
        match self.history.current() {
            Some(r) if self.history.in_past() => {
                r.output_mark.saturating_sub(self.output_dropped).min(all)
            }
            _ => all,
        }
    }

    fn push_line(&mut self, kind: LineKind, text: String) {
        self.output.push((kind, text));
        // Trim in steps, so that a flood of output costs little per line.
        if self.output.len() > OUTPUT_LIMIT + OUTPUT_LIMIT / 10 {
            let excess = self.output.len() - OUTPUT_LIMIT;
            self.output.drain(..excess);
            self.output_dropped += excess;
        }
    }

    fn push_output(&mut self, stderr: bool, text: &str) {
        let kind = if stderr {
            LineKind::Stderr
        } else {
            LineKind::Stdout
        };
        let mut pending = match self.partial.take() {
            Some((k, s)) if k == kind => s,
            Some((k, s)) => {
                self.push_line(k, s);
                String::new()
            }
            None => String::new(),
        };
        pending.push_str(text);
        let mut parts: Vec<&str> = pending.split('\n').collect();
        let last = parts.pop().unwrap_or_default().to_string();
        for p in parts {
            self.push_line(kind, p.to_string());
        }
        if !last.is_empty() {
            self.partial = Some((kind, last));
        }
    }

    /// The output lines including an unfinished last line.
    pub fn output_lines(&self) -> impl Iterator<Item = &(LineKind, String)> {
        self.output.iter().chain(self.partial.iter())
    }

    fn current_file_line(&self) -> Option<(String, u32)> {
        Some((self.file.clone()?, self.cursor))
    }

    fn has_breakpoint(&self, file: &str, line: u32) -> bool {
        self.snapshot.as_ref().is_some_and(|s| {
            s.breakpoints
                .iter()
                .any(|b| b.file == file && b.line == line)
        })
    }

    fn command(text: impl Into<String>) -> Effect {
        Effect::Send(FromUi::Command(text.into()))
    }

    fn page(&self) -> u32 {
        20
    }

    /// Reacts to a key; returns what the rest of rdb must do.
    pub fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        self.notice = None;
        if self.prompt.is_some() {
            return self.prompt_key(key);
        }
        if self.show_help {
            self.show_help = false;
            return Vec::new();
        }
        let Some(action) = action_for(&self.keymap, &key) else {
            return Vec::new();
        };
        self.action(action)
    }

    pub fn action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::HistoryBack
            | Action::HistoryForward
            | Action::HistoryFirst
            | Action::HistoryPresent => {
                match action {
                    Action::HistoryBack => {
                        self.history.back(1);
                    }
                    Action::HistoryForward => {
                        self.history.forward(1);
                    }
                    Action::HistoryFirst => self.history.first(),
                    _ => self.history.present(),
                }
                self.show_history();
                return Vec::new();
            }
            Action::Step
            | Action::Next
            | Action::Return
            | Action::Continue
            | Action::RunToCursor
            | Action::Up
            | Action::Down
            | Action::ToggleBreak
            | Action::ConditionalBreak
            | Action::Expand
            | Action::ToggleGlobals
                if self.history.in_past() =>
            {
                self.history.present();
                self.show_history();
                self.notice = Some("back to the present: history does not re-execute".into());
            }
            _ => {}
        }
        let stopped = self.phase == Phase::Stopped;
        let execution = |cmd: &str| {
            if stopped {
                vec![Self::command(cmd)]
            } else {
                Vec::new()
            }
        };
        match action {
            Action::Step => execution("step"),
            Action::Next => execution("next"),
            Action::Return => execution("return"),
            Action::Continue => execution("continue"),
            Action::Up => execution("up"),
            Action::Down => execution("down"),
            Action::RunToCursor => match (stopped, self.current_file_line()) {
                (true, Some((file, line))) => vec![
                    Self::command(format!("tbreak {file}:{line}")),
                    Self::command("continue"),
                ],
                _ => Vec::new(),
            },
            Action::ToggleBreak => match (stopped, self.current_file_line()) {
                (true, Some((file, line))) => {
                    let verb = if self.has_breakpoint(&file, line) {
                        "clear"
                    } else {
                        "break"
                    };
                    vec![Self::command(format!("{verb} {file}:{line}"))]
                }
                _ => Vec::new(),
            },
            Action::ConditionalBreak => {
                if stopped {
                    self.prompt = Some(Prompt::Condition {
                        line: self.cursor,
                        text: String::new(),
                    });
                }
                Vec::new()
            }
            Action::CursorUp => self.scroll(-1),
            Action::CursorDown => self.scroll(1),
            Action::PageUp => self.scroll(-(self.page() as i64)),
            Action::PageDown => self.scroll(self.page() as i64),
            Action::Top => self.scroll(i64::MIN / 2),
            Action::Bottom => self.scroll(i64::MAX / 2),
            Action::Search => {
                self.prompt = Some(Prompt::Search {
                    text: String::new(),
                });
                Vec::new()
            }
            Action::GotoLine | Action::CommandLine => {
                self.prompt = Some(Prompt::Command {
                    text: String::new(),
                    bang: action == Action::CommandLine,
                    history: None,
                });
                Vec::new()
            }
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Source => Focus::Stack,
                    Focus::Stack => Focus::Locals,
                    Focus::Locals => Focus::Output,
                    Focus::Output => Focus::Source,
                };
                Vec::new()
            }
            Action::Expand => {
                let path = self
                    .snapshot
                    .as_ref()
                    .and_then(|s| s.locals.get(self.var_cursor))
                    .filter(|v| v.expandable || self.view.expanded.contains(&v.path))
                    .map(|v| v.path.clone());
                match path {
                    Some(path) if self.focus == Focus::Locals && stopped => {
                        if let Some(i) = self.view.expanded.iter().position(|p| *p == path) {
                            self.view.expanded.remove(i);
                        } else {
                            self.view.expanded.push(path);
                        }
                        vec![Effect::Send(FromUi::View(self.view.clone()))]
                    }
                    _ => Vec::new(),
                }
            }
            Action::ToggleGlobals if stopped => {
                self.view.globals = !self.view.globals;
                self.var_cursor = 0;
                vec![Effect::Send(FromUi::View(self.view.clone()))]
            }
            Action::ToggleGlobals => Vec::new(),
            Action::HistoryBack
            | Action::HistoryForward
            | Action::HistoryFirst
            | Action::HistoryPresent => Vec::new(),
            Action::ToggleNarrative => {
                self.show_narrative = !self.show_narrative;
                Vec::new()
            }
            Action::NarrativeFilter => {
                self.narrative_filter = self.narrative_filter.next();
                self.show_narrative = true;
                Vec::new()
            }
            Action::TogglePresent => {
                self.present = !self.present;
                Vec::new()
            }
            Action::ToggleInspector => {
                self.show_inspector = !self.show_inspector;
                self.view.inspect = self.show_inspector;
                if stopped {
                    vec![Effect::Send(FromUi::View(self.view.clone()))]
                } else {
                    Vec::new()
                }
            }
            Action::FocusOutput => {
                self.focus = Focus::Output;
                Vec::new()
            }
            Action::Help => {
                self.show_help = true;
                Vec::new()
            }
            Action::Restart => match self.phase {
                Phase::Ended(_) => vec![Effect::Send(FromUi::Restart)],
                Phase::Stopped => vec![Self::command("run")],
                _ => Vec::new(),
            },
            Action::Interrupt => match self.phase {
                Phase::Running => vec![Effect::Interrupt],
                _ => Vec::new(),
            },
            Action::Quit => match self.phase {
                Phase::Stopped => vec![Self::command("quit"), Effect::Exit],
                Phase::Running => {
                    self.prompt = Some(Prompt::ConfirmQuit);
                    Vec::new()
                }
                _ => vec![Effect::Send(FromUi::Quit), Effect::Exit],
            },
        }
    }

    /// Moves the cursor of the focused pane.
    fn scroll(&mut self, delta: i64) -> Vec<Effect> {
        match self.focus {
            Focus::Output => {
                let max = self.output.len() as i64;
                self.output_scroll = (self.output_scroll as i64 - delta).clamp(0, max) as usize;
            }
            Focus::Stack if delta.abs() == 1 && self.phase == Phase::Stopped => {
                return vec![Self::command(if delta < 0 { "up" } else { "down" })];
            }
            Focus::Locals => {
                let rows = self.snapshot.as_ref().map_or(0, |s| s.locals.len()) as i64;
                self.var_cursor =
                    (self.var_cursor as i64 + delta).clamp(0, (rows - 1).max(0)) as usize;
            }
            _ => {
                let max = i64::from(self.file_len.max(1));
                self.cursor = (i64::from(self.cursor) + delta).clamp(1, max) as u32;
            }
        }
        Vec::new()
    }

    fn prompt_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(prompt) = self.prompt.as_mut() else {
            return Vec::new();
        };
        if let Prompt::ConfirmQuit = prompt {
            self.prompt = None;
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    vec![Effect::Interrupt, Effect::Send(FromUi::Quit), Effect::Exit]
                }
                _ => Vec::new(),
            };
        }
        if let Prompt::ProgramInput { text, .. } = prompt {
            let ctrl_d = key.code == KeyCode::Char('d')
                && key
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::CONTROL);
            match key.code {
                _ if ctrl_d => {
                    self.prompt = None;
                    return vec![Effect::Send(FromUi::Input(None))];
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) => text.push(c),
                KeyCode::Enter => {
                    if let Some(Prompt::ProgramInput { prompt, text }) = self.prompt.take() {
                        // Echo the answered prompt, as a terminal would show it.
                        self.push_output(false, &format!("{prompt}{text}\n"));
                        return vec![Effect::Send(FromUi::Input(Some(text)))];
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        let (Prompt::Command { text, .. }
        | Prompt::Search { text }
        | Prompt::Condition { text, .. }) = prompt
        else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Backspace if text.pop().is_none() => self.prompt = None,
            KeyCode::Char(c) => text.push(c),
            KeyCode::Up | KeyCode::Down => self.history_step(key.code == KeyCode::Up),
            KeyCode::Enter => {
                let prompt = self.prompt.take().expect("prompt is open");
                return self.submit(prompt);
            }
            _ => {}
        }
        Vec::new()
    }

    fn history_step(&mut self, older: bool) {
        let len = self.command_history.len();
        if let Some(Prompt::Command { text, history, .. }) = self.prompt.as_mut() {
            let next = match (*history, older) {
                (None, true) if len > 0 => Some(len - 1),
                (Some(i), true) => Some(i.saturating_sub(1)),
                (Some(i), false) if i + 1 < len => Some(i + 1),
                _ => None,
            };
            *history = next;
            *text = next
                .map(|i| self.command_history[i].clone())
                .unwrap_or_default();
        }
    }

    fn submit(&mut self, prompt: Prompt) -> Vec<Effect> {
        match prompt {
            Prompt::Command { text, bang, .. } => {
                let line = if bang { format!("!{text}") } else { text };
                if line.trim().is_empty() {
                    return Vec::new();
                }
                self.command_history.push(line.clone());
                if let Ok(n) = line.trim().parse::<u32>() {
                    self.focus = Focus::Source;
                    self.cursor = n.clamp(1, self.file_len.max(1));
                    return Vec::new();
                }
                if let Some(effects) = self.history_command(&line) {
                    return effects;
                }
                if self.phase != Phase::Stopped {
                    self.notice = Some("the program is not paused".into());
                    return Vec::new();
                }
                self.push_line(LineKind::Debugger, format!("(rdb) {line}"));
                vec![Self::command(line)]
            }
            Prompt::Search { text } => {
                self.last_search = Some(text);
                self.search_pending = true;
                Vec::new()
            }
            Prompt::Condition { line, text } => match (&self.file, self.phase == Phase::Stopped) {
                (Some(file), true) if !text.trim().is_empty() => {
                    vec![Self::command(format!("break {file}:{line}, {text}"))]
                }
                _ => Vec::new(),
            },
            Prompt::ConfirmQuit | Prompt::ProgramInput { .. } => Vec::new(),
        }
    }

    /// `back [n]`, `forward [n]` and `history` typed at the command line act on the
    /// interface's own history of stops.
    fn history_command(&mut self, line: &str) -> Option<Vec<Effect>> {
        let (word, arg) = match crate::command::parse(line) {
            crate::command::Line::Command(cmd, arg) => (cmd, arg),
            _ => return None,
        };
        let count = || arg.trim().parse::<usize>().unwrap_or(1);
        match word {
            crate::command::Cmd::Back => {
                self.history.back(count());
            }
            crate::command::Cmd::Forward => {
                self.history.forward(count());
            }
            crate::command::Cmd::History => {
                let text = format!(
                    "history {}/{}: {} older stops dropped (← → [ ] Home End move through it)",
                    self.history.position(),
                    self.history.len(),
                    self.history.dropped
                );
                self.push_line(LineKind::Debugger, text);
                return Some(Vec::new());
            }
            _ => return None,
        }
        self.show_history();
        Some(Vec::new())
    }

    /// Moves the cursor to the next line containing `needle` (after the cursor), given
    /// the file's lines; the view calls this, as it holds the text.
    pub fn search_in(&mut self, lines: &[&str]) {
        self.search_pending = false;
        let Some(needle) = self.last_search.clone().filter(|n| !n.is_empty()) else {
            return;
        };
        let n = lines.len();
        let start = self.cursor as usize;
        let hit = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| lines[i].contains(&needle));
        match hit {
            Some(i) => self.cursor = i as u32 + 1,
            None => self.notice = Some(format!("not found: {needle}")),
        }
    }
}

/// Paths of the rows whose value is new or different since the previous stop.
fn changed_locals(old: &[VarSnap], new: &[VarSnap]) -> Vec<String> {
    new.iter()
        .filter(|v| !old.iter().any(|o| o.path == v.path && o.repr == v.repr))
        .map(|v| v.path.clone())
        .collect()
}
