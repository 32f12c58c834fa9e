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
}

/// The session's end of the channels. `wait` blocks for the next UI request; the
/// embedding code passes a function that releases the GIL while blocked.
pub struct RemoteFrontend {
    pub to_ui: Sender<ToUi>,
    pub from_ui: Receiver<FromUi>,
    pub wait: fn(&Receiver<FromUi>) -> Option<FromUi>,
    pub view: ViewRequest,
}

impl Frontend for RemoteFrontend {
    fn message(&mut self, text: &str) {
        let _ = self.to_ui.send(ToUi::Message(text.to_string()));
    }

    fn read_command(&mut self, _prompt: &str) -> Input {
        match (self.wait)(&self.from_ui) {
            Some(FromUi::Command(line)) => Input::Line(line),
            Some(FromUi::View(view)) => {
                self.view = view;
                Input::Redraw
            }
            Some(FromUi::Restart) => Input::Line("run".into()),
            Some(FromUi::Quit) | None => Input::Eof,
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
            match (self.wait)(&self.from_ui) {
                Some(FromUi::Restart) => return true,
                Some(FromUi::Quit) | None => return false,
                Some(FromUi::View(view)) => self.view = view,
                Some(FromUi::Command(_)) => {}
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
