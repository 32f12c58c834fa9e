//! The line interface's side of `back`, `forward` and `history` (see `travel`): its
//! history of stops, printed in pdb's words.

use super::Session;
use crate::travel::{self, Said};

impl Session {
    fn say(&mut self, said: Vec<Said>) {
        for s in said {
            match s {
                Said::Message(text) => self.message(&text),
                Said::Error(text) => self.error(&text),
                Said::Location { entry, file, line } => {
                    let source = crate::py::getline(&file, line, None);
                    let text = if source.is_empty() {
                        entry
                    } else {
                        format!("{entry}\n-> {}", source.trim())
                    };
                    self.message(&text);
                }
            }
        }
    }

    pub(super) fn do_back(&mut self, arg: &str, forward: bool) {
        let said = travel::travel(&mut self.history, arg, forward);
        self.say(said);
    }

    pub(super) fn do_history(&mut self) {
        let said = travel::listing(&self.history);
        self.say(said);
    }

    /// A command that runs the program, given while looking at the past: back to the
    /// present first, saying so.
    pub(super) fn leave_the_past(&mut self) {
        if self.history.in_past() {
            self.history.present();
            self.message(&travel::left_the_past("the command"));
        }
    }
}
