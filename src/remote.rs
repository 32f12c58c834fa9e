//! The channel protocol between the Python thread (session) and the UI thread, and the
//! session-side `Frontend` that speaks it. Plain data only: no Python, no terminal.

use crossbeam_channel::{Receiver, Sender};

use crate::session::{Frontend, Input, ViewRequest};
use crate::snapshot::StopSnapshot;

/// From the Python thread to the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum ToUi {
    /// Paused; waiting for a command.
    Stopped(StopSnapshot),
    /// A debugger message (pdb's output for a command).
    Message(String),
    /// Bytes the program wrote to stdout or stderr.
    Output { stderr: bool, text: String },
    /// The program runs.
    Running,
    /// A run ended; waiting for restart or quit.
    Ended(String),
    /// The program called `input(prompt)`: waiting for a line.
    InputRequest(String),
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
    Restart,
    Quit,
    /// The line for the program's `input()` (`None`: end of input).
    Input(Option<String>),
}

/// The session's end of the channels. `wait` blocks for the next UI request; the
/// embedding code passes a function that releases the GIL while blocked.
pub struct RemoteFrontend {
    pub to_ui: Sender<ToUi>,
    pub from_ui: Receiver<FromUi>,
    pub wait: fn(&Receiver<FromUi>) -> Option<FromUi>,
    pub view: ViewRequest,
}

impl RemoteFrontend {
    fn next(&self) -> Option<FromUi> {
        (self.wait)(&self.from_ui)
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
        match self.next() {
            Some(FromUi::Command(line)) => Input::Line(line),
            Some(FromUi::View(view)) => {
                self.view = view;
                Input::Redraw
            }
            Some(FromUi::Restart) => Input::Line("run".into()),
            Some(FromUi::Quit) | None => Input::Eof,
            Some(FromUi::Input(_)) => Input::Redraw,
        }
    }

    fn view(&self) -> ViewRequest {
        self.view.clone()
    }

    fn wants_snapshots(&self) -> bool {
        true
    }

    fn stopped(&mut self, snapshot: StopSnapshot) {
        let _ = self.to_ui.send(ToUi::Stopped(snapshot));
    }

    fn program_ended(&mut self, message: &str) -> bool {
        // The UI offers restart and quit instead of restarting by itself.
        let message = message
            .replace(" and will be restarted", "")
            .replace(" will be restarted", " is over");
        let _ = self.to_ui.send(ToUi::Ended(message));
        loop {
            match self.next() {
                Some(FromUi::Restart) => return true,
                Some(FromUi::Quit) | None => return false,
                Some(FromUi::View(view)) => self.view = view,
                Some(FromUi::Command(_) | FromUi::Input(_)) => {}
            }
        }
    }

    fn resumed(&mut self) {
        let _ = self.to_ui.send(ToUi::Running);
    }

    fn prints_location(&self) -> bool {
        false
    }
}
