//! The batch front end's history of stops: `back`, `forward`, `history` (rdb
//! extensions), printing pdb's location format for the stop looked at.

use super::Session;
use crate::engine::parse_python_int;
use crate::snapshot::{StopEvent, StopSnapshot};

impl Session {
    /// pdb's `> file(line)func()` entry for a recorded stop.
    fn format_recorded(snap: &StopSnapshot) -> String {
        let Some(frame) = snap.selected_frame() else {
            return String::new();
        };
        let retval = match &snap.event {
            StopEvent::Return(value) if snap.selected + 1 == snap.stack.len() => {
                Some(value.as_str())
            }
            _ => None,
        };
        let entry =
            super::stack::entry_text(&frame.file, frame.line, &frame.function, retval, None);
        format!("> {entry}")
    }

    fn show_recorded(&mut self) {
        let Some(snap) = self.history.current() else {
            return;
        };
        let text = Self::format_recorded(snap);
        let label = format!(
            "history {}/{}{}",
            self.history.position(),
            self.history.len(),
            if self.history.in_past() {
                " (past)"
            } else {
                ""
            }
        );
        self.message(&text);
        self.message(&label);
    }

    pub(super) fn do_back(&mut self, arg: &str, forward: bool) {
        let count = if arg.is_empty() {
            Some(1)
        } else {
            parse_python_int(arg)
        };
        let Some(count) = count.filter(|&c| c >= 0) else {
            return self.error(&format!("Invalid count ({arg})"));
        };
        let moved = if forward {
            self.history.forward(count as usize)
        } else {
            self.history.back(count as usize)
        };
        if !moved && count > 0 {
            return self.error(if forward {
                "Already at the present"
            } else {
                "Oldest stop in the history"
            });
        }
        self.show_recorded();
    }

    pub(super) fn do_history(&mut self) {
        let here = self.history.position();
        let rows: Vec<String> = self
            .history
            .iter()
            .enumerate()
            .map(|(i, snap)| {
                let marker = if i + 1 == here { "->" } else { "  " };
                let at = snap
                    .selected_frame()
                    .map(|f| format!("{}({}){}()", f.file, f.line, f.function))
                    .unwrap_or_default();
                let event = snap.event.describe();
                let event = event.split(' ').next().unwrap_or("");
                format!("{marker}{:>5}  {event:<11} {at}", i + 1)
            })
            .collect();
        for row in rows {
            self.message(&row);
        }
        let summary = format!(
            "{} stops kept, about {} KB; {} older stops dropped",
            self.history.len(),
            self.history.bytes().div_ceil(1024),
            self.history.dropped
        );
        self.message(&summary);
    }

    /// A command that runs the program, given while looking at the past: back to the
    /// present first, saying so.
    pub(super) fn leave_the_past(&mut self) {
        if self.history.in_past() {
            self.history.present();
            self.message("Back to the present (history does not re-execute).");
        }
    }
}
