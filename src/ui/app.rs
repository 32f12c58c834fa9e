//! The interface's state and its routing: messages from the Python thread go to the
//! pane they concern, keys become actions, actions become requests for the session.
//! The panes, the program's terminal, the console, the timeline and the prompt each own
//! their part; this module only decides who gets what. No terminal here, so it is
//! tested directly.

use std::time::{Duration, Instant};

mod mouse;

use crossterm::event::KeyEvent;

use super::console::{Console, Kind};
use super::keys::{action_for, Action, Keymap};
use super::panes::frames::{FramesPane, FRAMES_WANTED};
use super::panes::inspector::InspectorPane;
use super::panes::narrative::NarrativePane;
use super::panes::source::SourcePane;
use super::panes::stack::StackPane;
use super::panes::status::{Phase, Status};
use super::panes::vars::{Activate, VarsPane};
use super::panes::Chrome;
use super::prompt::{Edit, Prompt, PromptKind};
use super::terminal::OutputTerm;
use super::timeline::Timeline;
use crate::config::{Layout, StackOrder};
use crate::history::DEFAULT_LIMIT;
use crate::remote::{FromUi, ToUi};
use crate::session::{BreakRequest, ViewRequest};
use crate::snapshot::StopSnapshot;
use crate::travel::Said;

/// Elements shown per page of an expanded container.
const PAGE: usize = 100;

/// After this long running, the panes stop showing the last stop (shorter runs, a
/// step, keep it on the screen, so stepping does not flicker).
pub const STALE_AFTER: Duration = Duration::from_millis(150);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Source,
    Stack,
    Vars,
    Output,
    Console,
}

/// What a key asks of the rest of rdb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Send(FromUi),
    Interrupt,
    /// End the running program now (quit confirmed while it runs).
    QuitNow,
    Exit,
}

pub struct App {
    pub phase: Phase,
    /// When the program last started running (for `STALE_AFTER`).
    running_since: Option<Instant>,
    pub timeline: Timeline,
    pub source: SourcePane,
    pub stack: StackPane,
    pub vars: VarsPane,
    pub inspector: InspectorPane,
    pub frames: FramesPane,
    pub narrative: NarrativePane,
    pub output: OutputTerm,
    pub console: Console,
    pub focus: Focus,
    pub prompt: Option<Prompt>,
    /// The program's `input()` waiting while another prompt is open.
    waiting_input: Option<String>,
    pub command_history: Vec<String>,
    pub show_help: bool,
    /// The output area shows the narrative instead of the program's terminal.
    pub show_narrative: bool,
    /// The side shows the frame and code-object inspector instead of the variables.
    pub show_inspector: bool,
    pub show_frames: bool,
    /// A recording is shown: the history keys move through its steps.
    pub replay: bool,
    /// Where each pane was last drawn, for the mouse.
    pub areas: std::cell::Cell<super::view::Areas>,
    /// Presentation mode: a layout for a projector.
    pub present: bool,
    /// The terminal is too small to draw the panes: keys do nothing.
    pub too_small: bool,
    pub notice: Option<String>,
    /// A search to run once the loop has the file's lines: forward or backward.
    pub search_pending: Option<bool>,
    /// A restart happened: files changed on disk are to be read again.
    pub recheck_sources: bool,
    /// What the variables pane asks the session to show.
    pub view: ViewRequest,
    pub keymap: Keymap,
    pub layout: Layout,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    pub fn new() -> App {
        App {
            phase: Phase::Starting,
            running_since: None,
            timeline: Timeline::new(DEFAULT_LIMIT),
            source: SourcePane::default(),
            stack: StackPane::default(),
            vars: VarsPane::default(),
            inspector: InspectorPane::default(),
            frames: FramesPane::default(),
            narrative: NarrativePane::default(),
            output: OutputTerm::new(24, 80, crate::config::DEFAULT_SCROLLBACK),
            console: Console::default(),
            focus: Focus::Source,
            prompt: None,
            waiting_input: None,
            command_history: Vec::new(),
            show_help: false,
            show_narrative: false,
            show_inspector: false,
            show_frames: false,
            areas: Default::default(),
            replay: false,
            present: false,
            too_small: false,
            notice: None,
            search_pending: None,
            recheck_sources: false,
            view: ViewRequest::default(),
            keymap: Keymap::default(),
            layout: Layout::default(),
        }
    }

    pub fn set_stack_order(&mut self, order: StackOrder) {
        self.stack.order = order;
        self.frames.order = order;
    }

    /// Whether the panes show a stop: the program is stopped, or ran only briefly.
    pub fn shows_stop(&self) -> bool {
        match self.phase {
            Phase::Stopped => true,
            Phase::Running => self.running_since.is_none_or(|t| t.elapsed() < STALE_AFTER),
            _ => false,
        }
    }

    /// Applies a message from the Python thread.
    pub fn update(&mut self, msg: ToUi) {
        if matches!(msg, ToUi::Stopped(_) | ToUi::Ended(_)) {
            self.withdraw_running_questions();
        }
        match msg {
            ToUi::Stopped(snap) => {
                self.phase = Phase::Stopped;
                self.running_since = None;
                let written = snap
                    .replay
                    .as_ref()
                    .map_or(self.output.written(), |r| r.output_mark);
                self.timeline.stopped(*snap, written);
                self.show_current();
            }
            ToUi::Message(text) => self.console.message(&text),
            ToUi::Running => {
                self.phase = Phase::Running;
                self.running_since = Some(Instant::now());
            }
            ToUi::Ended(message) => {
                self.console.message(&message);
                self.phase = Phase::Ended(message);
                self.clear_stop();
            }
            ToUi::Restarting => {
                self.output.separator("the program starts again");
                self.recheck_sources = true;
                self.phase = Phase::Starting;
                self.timeline.present();
                self.clear_stop();
            }
            ToUi::InputRequest(prompt) => {
                if self.prompt.is_some() {
                    self.waiting_input = Some(prompt);
                } else {
                    self.prompt = Some(Prompt::new(PromptKind::ProgramInput { prompt }));
                }
            }
            ToUi::Question(question) => {
                self.prompt = Some(Prompt::new(PromptKind::Question(question)));
            }
            ToUi::LineWanted(prompt) => {
                self.prompt = Some(Prompt::new(PromptKind::Continuation { prompt }));
            }
            ToUi::Quit => {}
        }
    }

    /// The program's terminal got bytes (marks only order them: see `ToUi::Stopped`).
    pub fn output_chunk(&mut self, chunk: crate::capture::Chunk) {
        if let crate::capture::Chunk::Bytes(bytes) = chunk {
            self.output.write(&bytes);
        }
    }

    /// Every pane shows the stop the timeline is on (the newest, or a past one).
    fn show_current(&mut self) {
        let Some(r) = self.timeline.current() else {
            return;
        };
        let snap = r.snapshot.clone();
        let changed = r.changed.clone();
        let mark = r.output_mark;
        let past = self.timeline.in_past();
        self.source.show_stop(&snap);
        self.stack.show_stop(&snap);
        self.vars.show_stop(&snap, &changed);
        self.inspector.show(snap.inspector.as_ref());
        self.frames.show_stop(&snap, &self.view.expanded);
        self.output.show_at((past || self.replay).then_some(mark));
    }

    fn clear_stop(&mut self) {
        self.source.clear_stop();
        self.stack.clear();
        self.vars.clear();
        self.frames.clear();
    }

    /// The snapshot of the stop looked at.
    pub fn snapshot(&self) -> Option<&StopSnapshot> {
        self.timeline.current().map(|r| &r.snapshot)
    }

    /// Each pane's frame reflects the focus and presentation mode.
    pub fn sync_chrome(&mut self) {
        let chrome = |focused| Chrome {
            focused,
            present: self.present,
        };
        self.source.chrome = chrome(self.focus == Focus::Source);
        self.stack.chrome = chrome(self.focus == Focus::Stack);
        self.vars.chrome = chrome(self.focus == Focus::Vars);
        self.inspector.chrome = chrome(self.focus == Focus::Vars);
        self.frames.chrome = chrome(self.focus == Focus::Vars);
        self.output.chrome = chrome(self.focus == Focus::Output);
        self.narrative.chrome = chrome(self.focus == Focus::Output);
        self.console.chrome = chrome(self.focus == Focus::Console);
    }

    /// What the status line says.
    pub fn status(&self) -> Status {
        let detail = match (&self.phase, self.snapshot()) {
            (Phase::Ended(msg), _) => {
                let keys = hints(
                    &self.keymap,
                    &[(Action::Restart, "restart"), (Action::Quit, "quit")],
                );
                format!(" {msg} —{}", keys.join(","))
            }
            (Phase::Stopped, Some(s)) => s.describe_stop(),
            _ => String::new(),
        };
        Status {
            phase: self.phase.clone(),
            history: (!self.timeline.is_empty() && self.phase == Phase::Stopped).then(
                || match self.snapshot().and_then(|s| s.replay.as_ref()) {
                    Some(place) => format!("step {} of {}", place.step, place.steps),
                    None => self.timeline.label(),
                },
            ),
            replay: self.replay,
            past: self.timeline.in_past(),
            detail,
            notice: self.notice.clone(),
            hint: (!self.present).then(|| {
                hints(
                    &self.keymap,
                    &[(Action::Help, "help"), (Action::Quit, "quit")],
                )
                .join(" ")
            }),
        }
    }

    /// Reacts to a key; returns what the rest of rdb must do.
    pub fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.too_small {
            return Vec::new();
        }
        self.notice = None;
        if let Some(mut prompt) = self.prompt.take() {
            let edit = prompt.key(key, &self.command_history);
            return match edit {
                Edit::Editing => {
                    self.prompt = Some(prompt);
                    Vec::new()
                }
                // Giving up a line the session waits for ends what it was reading.
                Edit::Cancelled if matches!(prompt.kind, PromptKind::Continuation { .. }) => {
                    self.after_prompt(vec![Effect::Send(FromUi::Answer(false))])
                }
                Edit::Cancelled => self.after_prompt(Vec::new()),
                Edit::Submitted(text) => {
                    let effects = self.submit(prompt.kind, text);
                    self.after_prompt(effects)
                }
                Edit::EndOfInput => self.after_prompt(vec![Effect::Send(FromUi::Input(None))]),
            };
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

    /// A prompt closed: the program's `input()` that waited meanwhile gets its turn.
    fn after_prompt(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        if self.prompt.is_none() {
            if let Some(prompt) = self.waiting_input.take() {
                self.prompt = Some(Prompt::new(PromptKind::ProgramInput { prompt }));
            }
        }
        effects
    }

    fn command(text: impl Into<String>) -> Effect {
        Effect::Send(FromUi::Command(text.into()))
    }

    fn set_break(file: String, line: u32, temporary: bool, condition: Option<String>) -> Effect {
        Effect::Send(FromUi::Break(BreakRequest::Set {
            file,
            line,
            temporary,
            condition,
        }))
    }

    /// Back to the present before something runs there, saying so.
    fn leave_the_past(&mut self, what: &str) {
        if self.timeline.in_past() {
            self.timeline.present();
            self.show_current();
            self.console
                .push(Kind::Note, &crate::travel::left_the_past(what));
        }
    }

    fn stopped(&self) -> bool {
        self.phase == Phase::Stopped
    }

    pub fn action(&mut self, action: Action) -> Vec<Effect> {
        use Action::*;
        if matches!(
            action,
            Step | Next
                | Return
                | Continue
                | RunToCursor
                | Up
                | Down
                | ToggleBreak
                | ConditionalBreak
                | Expand
                | ToggleGlobals
        ) && self.stopped()
        {
            self.leave_the_past("the command");
        }
        let stopped = self.stopped();
        let execution = |cmd: &str| {
            if stopped {
                vec![Self::command(cmd)]
            } else {
                Vec::new()
            }
        };
        match action {
            // a recording's own steps, not the stops seen
            HistoryBack if self.replay => execution("rs"),
            ReverseContinue if self.replay => execution("rc"),
            ReverseContinue => Vec::new(),
            HistoryForward if self.replay => execution("s"),
            HistoryFirst if self.replay => execution("goto 1"),
            HistoryPresent if self.replay => execution("goto last"),
            HistoryBack | HistoryForward | HistoryFirst | HistoryPresent => {
                if !stopped {
                    return Vec::new();
                }
                match action {
                    HistoryBack => {
                        self.timeline.back(1);
                    }
                    HistoryForward => {
                        self.timeline.forward(1);
                    }
                    HistoryFirst => self.timeline.first(),
                    _ => self.timeline.present(),
                }
                self.show_current();
                Vec::new()
            }
            Step => execution("step"),
            Next => execution("next"),
            Return => execution("return"),
            Continue => execution("continue"),
            Up => execution("up"),
            Down => execution("down"),
            RunToCursor => match (stopped, self.source.file.clone()) {
                (true, Some(file)) => vec![
                    Self::set_break(file, self.source.cursor, true, None),
                    Self::command("continue"),
                ],
                _ => Vec::new(),
            },
            ToggleBreak => match (stopped, self.source.file.clone()) {
                (true, Some(file)) => {
                    let line = self.source.cursor;
                    if self.source.has_breakpoint(&file, line) {
                        vec![Effect::Send(FromUi::Break(BreakRequest::Clear {
                            file,
                            line,
                        }))]
                    } else {
                        vec![Self::set_break(file, line, false, None)]
                    }
                }
                _ => Vec::new(),
            },
            ConditionalBreak => {
                if stopped {
                    self.prompt = Some(Prompt::new(PromptKind::Condition {
                        line: self.source.cursor,
                    }));
                }
                Vec::new()
            }
            CursorUp => self.scroll(-1),
            CursorDown => self.scroll(1),
            PageUp => {
                let page = self.page();
                self.scroll(-page)
            }
            PageDown => {
                let page = self.page();
                self.scroll(page)
            }
            Top => self.scroll(-(i64::MAX / 4)),
            Bottom => self.scroll(i64::MAX / 4),
            Search => {
                self.prompt = Some(Prompt::new(PromptKind::Search));
                Vec::new()
            }
            SearchNext | SearchPrevious => {
                if self.source.search.is_some() {
                    self.search_pending = Some(action == SearchNext);
                } else {
                    self.notice = Some("no search yet: / searches the source".into());
                }
                Vec::new()
            }
            GotoLine => {
                self.prompt = Some(Prompt::new(PromptKind::Command));
                Vec::new()
            }
            CommandLine => {
                self.prompt = Some(Prompt::new(PromptKind::Statement));
                Vec::new()
            }
            FocusNext => {
                self.focus = match self.focus {
                    Focus::Source => Focus::Stack,
                    Focus::Stack => Focus::Vars,
                    Focus::Vars => Focus::Output,
                    Focus::Output => Focus::Console,
                    Focus::Console => Focus::Source,
                };
                Vec::new()
            }
            Expand => self.expand(),
            ToggleGlobals if stopped => {
                self.view.globals = !self.view.globals;
                self.vars.cursor = 0;
                vec![Effect::Send(FromUi::View(self.view.clone()))]
            }
            ToggleGlobals => Vec::new(),
            ToggleNarrative => {
                self.show_narrative = !self.show_narrative;
                Vec::new()
            }
            NarrativeFilter => {
                self.narrative.filter = self.narrative.filter.next();
                self.show_narrative = true;
                Vec::new()
            }
            TogglePresent => {
                self.present = !self.present;
                Vec::new()
            }
            ToggleFrames => {
                self.show_frames = !self.show_frames;
                self.show_inspector = false;
                self.view.inspect = false;
                self.view.frames = self.show_frames.then_some(FRAMES_WANTED);
                if stopped && !self.timeline.in_past() {
                    self.frames.waiting = self.show_frames;
                    vec![Effect::Send(FromUi::View(self.view.clone()))]
                } else {
                    Vec::new()
                }
            }
            ToggleObjects => {
                self.frames.show_objects = !self.frames.show_objects;
                Vec::new()
            }
            ToggleInspector => {
                self.show_inspector = !self.show_inspector;
                self.view.inspect = self.show_inspector;
                if self.show_inspector {
                    self.show_frames = false;
                    self.view.frames = None;
                }
                if stopped && !self.timeline.in_past() {
                    vec![Effect::Send(FromUi::View(self.view.clone()))]
                } else {
                    Vec::new()
                }
            }
            FocusOutput => {
                self.focus = Focus::Output;
                Vec::new()
            }
            FocusConsole => {
                self.focus = Focus::Console;
                Vec::new()
            }
            Help => {
                self.show_help = true;
                Vec::new()
            }
            Restart => match self.phase {
                Phase::Ended(_) => vec![Effect::Send(FromUi::Restart)],
                Phase::Stopped => {
                    self.leave_the_past("restart");
                    vec![Self::command("run")]
                }
                Phase::Running => {
                    self.prompt = Some(Prompt::new(PromptKind::ConfirmRestart));
                    Vec::new()
                }
                Phase::Starting => Vec::new(),
            },
            Interrupt => match self.phase {
                Phase::Running => vec![Effect::Interrupt],
                _ => Vec::new(),
            },
            Quit => match self.phase {
                Phase::Stopped => vec![Self::command("quit"), Effect::Exit],
                Phase::Running => {
                    self.prompt = Some(Prompt::new(PromptKind::ConfirmQuit));
                    Vec::new()
                }
                _ => vec![Effect::Send(FromUi::Quit), Effect::Exit],
            },
        }
    }

    /// "Quit? It is running" asked while the program ran is moot once it stops or ends:
    /// the question goes, and the key that asked it can be pressed again.
    fn withdraw_running_questions(&mut self) {
        let running_question = self.prompt.as_ref().is_some_and(|p| {
            matches!(p.kind, PromptKind::ConfirmQuit | PromptKind::ConfirmRestart)
        });
        if running_question {
            self.prompt = self
                .waiting_input
                .take()
                .map(|prompt| Prompt::new(PromptKind::ProgramInput { prompt }));
        }
    }

    /// Enter on a variable: expand or collapse it, or show the next page of elements.
    fn expand(&mut self) -> Vec<Effect> {
        if self.focus != Focus::Vars || !self.stopped() {
            return Vec::new();
        }
        match self.vars.activate() {
            Some(Activate::Toggle(path)) => {
                if let Some(i) = self.view.expanded.iter().position(|p| *p == path) {
                    self.view.expanded.remove(i);
                } else {
                    self.view.expanded.push(path);
                }
            }
            Some(Activate::More(path)) => {
                match self.view.pages.iter_mut().find(|(p, _)| *p == path) {
                    Some((_, n)) => *n += PAGE,
                    None => self.view.pages.push((path, 2 * PAGE)),
                }
            }
            None => return Vec::new(),
        }
        self.vars.expanded = self.view.expanded.clone();
        vec![Effect::Send(FromUi::View(self.view.clone()))]
    }

    /// The focused pane's page: its visible height.
    fn page(&self) -> i64 {
        match self.focus {
            Focus::Source => self.source.page(),
            Focus::Stack => self.stack.page(),
            Focus::Vars if self.show_inspector => self.inspector.page(),
            Focus::Vars if self.show_frames => self.frames.page(),
            Focus::Vars => self.vars.page(),
            Focus::Output if self.show_narrative => self.narrative.page(),
            Focus::Output => self.output.page(),
            Focus::Console => self.console.page(),
        }
    }

    /// Moves the cursor (or the view) of the focused pane by `delta` rows down as drawn.
    fn scroll(&mut self, delta: i64) -> Vec<Effect> {
        match self.focus {
            Focus::Source => self.source.move_cursor(delta),
            Focus::Stack => {
                let target = self.stack.moved(delta);
                if let (Some(index), true) = (target, self.stopped()) {
                    if index != self.stack.selected && !self.timeline.in_past() {
                        return vec![Effect::Send(FromUi::SelectFrame(index))];
                    }
                }
            }
            Focus::Vars if self.show_inspector => self.inspector.scroll_by(delta),
            Focus::Vars if self.show_frames => self.frames.scroll_by(delta),
            Focus::Vars => self.vars.move_cursor(delta),
            Focus::Output if self.show_narrative => {
                let total = super::panes::narrative::NarrativeView::count(
                    &self.narrative,
                    self.timeline.narrative(),
                );
                self.narrative.scroll_by(-delta, total);
            }
            Focus::Output => self.output.scroll_by(-delta),
            Focus::Console => self.console.scroll_by(-delta),
        }
        Vec::new()
    }

    fn submit(&mut self, kind: PromptKind, text: String) -> Vec<Effect> {
        match kind {
            PromptKind::Command | PromptKind::Statement => {
                let line = if kind == PromptKind::Statement {
                    format!("!{text}")
                } else {
                    text
                };
                if let Ok(n) = line.trim().parse::<u32>() {
                    self.focus = Focus::Source;
                    self.source.go_to(n);
                    return Vec::new();
                }
                if !line.trim().is_empty() {
                    self.command_history.push(line.clone());
                }
                if let Some(effects) = self.history_command(&line) {
                    return effects;
                }
                if !self.stopped() {
                    self.notice = Some("the program is not paused".into());
                    return Vec::new();
                }
                self.leave_the_past("the command");
                self.console.push(Kind::Echo, &format!("(rdb) {line}"));
                vec![Self::command(line)]
            }
            PromptKind::Search => {
                self.source.search = (!text.is_empty()).then_some(text);
                self.search_pending = Some(true);
                Vec::new()
            }
            PromptKind::Condition { line } => match (&self.source.file, self.stopped()) {
                (Some(file), true) if !text.trim().is_empty() => {
                    vec![Self::set_break(file.clone(), line, false, Some(text))]
                }
                _ => Vec::new(),
            },
            PromptKind::Continuation { prompt } => {
                self.console.push(Kind::Echo, &format!("{prompt}{text}"));
                vec![Self::command(text)]
            }
            PromptKind::Question(question) => {
                self.console.push(
                    Kind::Echo,
                    &format!("{question}{}", if text == "y" { "y" } else { "n" }),
                );
                vec![Effect::Send(FromUi::Answer(text == "y"))]
            }
            PromptKind::ConfirmQuit if text == "y" => {
                vec![Effect::QuitNow, Effect::Send(FromUi::Quit), Effect::Exit]
            }
            PromptKind::ConfirmRestart if text == "y" => {
                vec![Effect::Interrupt, Self::command("run")]
            }
            PromptKind::ConfirmQuit | PromptKind::ConfirmRestart => Vec::new(),
            PromptKind::ProgramInput { prompt } => {
                // Echo the answered prompt, as a terminal shows what was typed.
                self.output.echo(&format!("{prompt}{text}\r\n"));
                vec![Effect::Send(FromUi::Input(Some(text)))]
            }
        }
    }

    /// `back [n]`, `forward [n]` and `history` typed at the command line act on the
    /// interface's own timeline of stops.
    fn history_command(&mut self, line: &str) -> Option<Vec<Effect>> {
        let (word, arg) = match crate::session::commands::parse(line) {
            crate::command::Line::Command(command, arg) => (command.cmd, arg),
            _ => return None,
        };
        let said = match word {
            crate::command::Cmd::Back => {
                crate::travel::travel(self.timeline.history_mut(), &arg, false)
            }
            crate::command::Cmd::Forward => {
                crate::travel::travel(self.timeline.history_mut(), &arg, true)
            }
            crate::command::Cmd::History => crate::travel::listing(self.timeline.history()),
            _ => return None,
        };
        for s in said {
            match s {
                Said::Message(text) => self.console.push(Kind::Message, &text),
                Said::Error(text) => self.console.push(Kind::Error, &format!("*** {text}")),
                Said::Location { entry, .. } => self.console.push(Kind::Message, &entry),
            }
        }
        self.show_current();
        Some(Vec::new())
    }
}

/// ` KEY what` for each action that has a key, with its first key.
fn hints(keymap: &Keymap, actions: &[(Action, &str)]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|(action, what)| {
            let key = keymap.keys_of(*action).first()?;
            Some(format!(" {key} {what}"))
        })
        .collect()
}
