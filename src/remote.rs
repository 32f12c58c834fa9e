//! The channel protocol between the Python thread (session) and the UI thread, and the
//! session-side `Frontend` that speaks it. Plain data only: no Python, no terminal. The
//! program's output does not go through here: it has its own terminal (`capture`).

use crossbeam_channel::{Receiver, Sender};

use crate::session::{BreakRequest, Frontend, Input, ViewRequest};
use crate::snapshot::StopSnapshot;

/// From the Python thread to the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum ToUi {
    /// Paused; waiting for a command. The same stop (`id`) is sent again after each
    /// command that changes what it shows. Everything the program wrote before a new
    /// stop, and before `Ended`, is in the output queue before these are sent.
    Stopped(Box<StopSnapshot>),
    /// A debugger message (pdb's output for a command).
    Message(String),
    /// The program runs.
    Running,
    /// A run ended; waiting for restart or quit.
    Ended(String),
    /// The program starts again.
    Restarting,
    /// The program called `input(prompt)`: waiting for a line.
    InputRequest(String),
    /// A yes/no question (pdb's `clear` with no argument): waiting for `Answer`.
    Question(String),
    /// A line at a prompt of its own (`(com) `, `...   `): waiting for a `Command`, or
    /// `Answer(false)` when the user gives up.
    LineWanted(String),
    /// rdb is shutting down.
    Quit,
}

/// From the UI to the Python thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromUi {
    /// A command line, exactly as typed at pdb's prompt.
    Command(String),
    /// Show these details in the next snapshots.
    View(ViewRequest),
    /// Select frame `index` of the stack (outermost 0), as `up`/`down` do.
    SelectFrame(usize),
    /// Set or clear a breakpoint at a file and line.
    Break(BreakRequest),
    Restart,
    Quit,
    /// The line for the program's `input()` (`None`: end of input); the interface
    /// sends these on the answers channel (`input_provider`), not with the commands.
    Input(Option<String>),
    /// The answer to a `Question`.
    Answer(bool),
}

/// The session's end of the channels. `wait` blocks for the next UI request; the
/// embedding code passes a function that releases the GIL while blocked. `mark` asks the
/// program's terminal for the mark of a new stop.
pub struct RemoteFrontend {
    pub to_ui: Sender<ToUi>,
    pub from_ui: Receiver<FromUi>,
    pub wait: fn(&Receiver<FromUi>) -> Option<FromUi>,
    pub mark: fn(u64),
    pub view: ViewRequest,
    /// The stop last shown, so each new one is marked once.
    pub last_stop: Option<u64>,
    /// Marks made so far (stops and ends of runs), for the next mark's id.
    pub marks: u64,
    /// The user quit while a question was open: the next command is end of input.
    pub quit_pending: bool,
}

impl RemoteFrontend {
    pub fn new(
        to_ui: Sender<ToUi>,
        from_ui: Receiver<FromUi>,
        wait: fn(&Receiver<FromUi>) -> Option<FromUi>,
        mark: fn(u64),
    ) -> RemoteFrontend {
        RemoteFrontend {
            to_ui,
            from_ui,
            wait,
            mark,
            view: ViewRequest::default(),
            last_stop: None,
            marks: 0,
            quit_pending: false,
        }
    }

    fn next(&self) -> Option<FromUi> {
        (self.wait)(&self.from_ui)
    }

    /// The program's output so far reaches the interface before what is sent next.
    fn sync_output(&mut self) {
        self.marks += 1;
        (self.mark)(self.marks);
    }
}

/// Answers the program's `input()`, from any of its threads, through the UI (see
/// `py::set_input_provider`). The answers come on a channel of their own (the UI sends
/// `FromUi::Input` there), so that a thread asking while the session waits for a
/// command never takes the other's message.
pub fn input_provider(
    to_ui: Sender<ToUi>,
    answers: Receiver<Option<String>>,
) -> impl FnMut(&str) -> Option<String> + Send {
    move |prompt| {
        to_ui.send(ToUi::InputRequest(prompt.to_string())).ok()?;
        answers.recv().ok()?
    }
}

impl Frontend for RemoteFrontend {
    fn message(&mut self, text: &str) {
        let _ = self.to_ui.send(ToUi::Message(text.to_string()));
    }

    fn read_command(&mut self, _prompt: &str) -> Input {
        if std::mem::take(&mut self.quit_pending) {
            return Input::Eof;
        }
        match self.next() {
            Some(FromUi::Command(line)) => Input::Line(line),
            Some(FromUi::View(view)) => {
                self.view = view;
                Input::Redraw
            }
            Some(FromUi::SelectFrame(index)) => Input::Frame(index),
            Some(FromUi::Break(request)) => Input::Break(request),
            Some(FromUi::Restart) => Input::Line("run".into()),
            Some(FromUi::Quit) | None => Input::Eof,
            Some(FromUi::Input(_) | FromUi::Answer(_)) => Input::Redraw,
        }
    }

    fn read_line(&mut self, prompt: &str) -> Option<String> {
        if self.quit_pending {
            return None;
        }
        let _ = self.to_ui.send(ToUi::LineWanted(prompt.to_string()));
        loop {
            match self.next() {
                Some(FromUi::Command(line)) => return Some(line),
                Some(FromUi::Answer(_)) => return None,
                Some(FromUi::Quit) | None => {
                    self.quit_pending = true;
                    return None;
                }
                Some(FromUi::View(view)) => self.view = view,
                Some(_) => {}
            }
        }
    }

    fn confirm(&mut self, question: &str) -> bool {
        let _ = self.to_ui.send(ToUi::Question(question.to_string()));
        loop {
            match self.next() {
                Some(FromUi::Answer(yes)) => return yes,
                Some(FromUi::Quit) | None => {
                    self.quit_pending = true;
                    return false;
                }
                Some(FromUi::View(view)) => self.view = view,
                Some(_) => {}
            }
        }
    }

    fn view(&self) -> ViewRequest {
        self.view.clone()
    }

    fn wants_snapshots(&self) -> bool {
        true
    }

    fn stopped(&mut self, snapshot: StopSnapshot) {
        if self.last_stop != Some(snapshot.id) {
            self.last_stop = Some(snapshot.id);
            self.sync_output();
        }
        let _ = self.to_ui.send(ToUi::Stopped(Box::new(snapshot)));
    }

    fn post_mortem_over(&mut self, message: &str, quitting: bool) -> bool {
        // `c` or `s` at the post-mortem prompt: pdb restarts the program; `q` quits.
        self.sync_output();
        if quitting {
            return false;
        }
        self.message(message);
        true
    }

    fn program_ended(&mut self, message: &str) -> bool {
        self.sync_output();
        // The UI offers restart and quit instead of restarting by itself.
        let message = message
            .replace(" and will be restarted", "")
            .replace(" will be restarted", " is over");
        let _ = self.to_ui.send(ToUi::Ended(message));
        loop {
            match self.next() {
                Some(FromUi::Restart) => return true,
                Some(FromUi::Command(line)) if matches!(line.trim(), "run" | "restart") => {
                    return true
                }
                Some(FromUi::Quit) | None => return false,
                Some(FromUi::View(view)) => self.view = view,
                Some(_) => {}
            }
        }
    }

    fn restarting(&mut self) {
        let _ = self.to_ui.send(ToUi::Restarting);
    }

    fn resumed(&mut self) {
        let _ = self.to_ui.send(ToUi::Running);
    }

    fn prints_location(&self) -> bool {
        false
    }
}
