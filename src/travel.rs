//! `back [n]`, `forward [n]` and `history`, rdb's commands that move through the history
//! of stops: one implementation, whose words the line interface prints and the
//! full-screen one shows in its console (where it also moves the view).

use crate::engine::parse_python_int;
use crate::history::History;
use crate::snapshot::{StopEvent, StopSnapshot};

/// An entry of a history of stops.
pub trait Recorded: crate::history::Weigh {
    fn snapshot(&self) -> &StopSnapshot;
}

impl Recorded for StopSnapshot {
    fn snapshot(&self) -> &StopSnapshot {
        self
    }
}

/// A line the command says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    Message(String),
    /// Printed with pdb's `*** ` in the line interface.
    Error(String),
    /// The stop now looked at, in pdb's `> file(line)func()[->retval]` form; the line
    /// interface adds pdb's `-> source line` (the full-screen one shows the source).
    Location {
        entry: String,
        file: String,
        line: u32,
    },
}

/// `history 12/40`, and ` (past)` while looking at an earlier stop (with how many older
/// stops were dropped, if any).
pub fn label<T: crate::history::Weigh>(history: &History<T>) -> String {
    let mut label = format!("history {}/{}", history.position(), history.len());
    if history.in_past() {
        label += " (past";
        if history.dropped > 0 {
            label += &format!(", {} older dropped", history.dropped);
        }
        label += ")";
    }
    label
}

fn location(snap: &StopSnapshot) -> Option<Said> {
    let frame = snap.selected_frame()?;
    let name = if frame.function.is_empty() {
        "<lambda>"
    } else {
        &frame.function
    };
    let mut entry = format!("> {}({}){name}()", frame.file, frame.line);
    if let StopEvent::Return(value) = &snap.event {
        if snap.selected + 1 == snap.stack.len() {
            entry += "->";
            entry += value;
        }
    }
    Some(Said::Location {
        entry,
        file: frame.file.clone(),
        line: frame.line,
    })
}

/// `back [n]` (`forward [n]`): moves `n` stops (default 1) and says where it is.
pub fn travel<T: Recorded>(history: &mut History<T>, arg: &str, forward: bool) -> Vec<Said> {
    let arg = arg.trim();
    let count = if arg.is_empty() {
        Some(1)
    } else {
        parse_python_int(arg)
    };
    let Some(count) = count.filter(|&c| c >= 0) else {
        return vec![Said::Error(format!("Invalid count ({arg})"))];
    };
    let moved = if forward {
        history.forward(count as usize)
    } else {
        history.back(count as usize)
    };
    if !moved && count > 0 {
        return vec![Said::Error(
            if forward {
                "Already at the present"
            } else {
                "Oldest stop in the history"
            }
            .into(),
        )];
    }
    let mut said = Vec::new();
    if let Some(location) = history.current().and_then(|r| location(r.snapshot())) {
        said.push(location);
    }
    said.push(Said::Message(label(history)));
    said
}

/// `history`: one row per stop kept, the one looked at marked `->`, then a summary.
pub fn listing<T: Recorded>(history: &History<T>) -> Vec<Said> {
    let here = history.position();
    let mut said: Vec<Said> = history
        .iter()
        .enumerate()
        .map(|(i, recorded)| {
            let snap = recorded.snapshot();
            let marker = if i + 1 == here { "->" } else { "  " };
            let at = snap
                .selected_frame()
                .map(|f| format!("{}({}){}()", f.file, f.line, f.function))
                .unwrap_or_default();
            let event = snap.event.describe();
            let event = event.split(' ').next().unwrap_or("");
            Said::Message(format!("{marker}{:>5}  {event:<11} {at}", i + 1))
        })
        .collect();
    said.push(Said::Message(format!(
        "{} stops kept, about {} KB; {} older stops dropped",
        history.len(),
        history.bytes().div_ceil(1024),
        history.dropped
    )));
    said
}

/// What a command that runs the program says when given while looking at the past
/// (after going back to the present).
pub fn left_the_past(what: &str) -> String {
    format!("Back to the present: {what} runs there (history does not re-execute).")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::FrameSnap;

    fn stop(id: u64, line: u32) -> StopSnapshot {
        let frame = FrameSnap {
            function: "f".into(),
            file: "/p/m.py".into(),
            line,
            ..Default::default()
        };
        StopSnapshot::new(id, StopEvent::Line, vec![frame])
    }

    fn history(n: u32) -> History<StopSnapshot> {
        let mut h = History::new(1 << 20);
        for i in 1..=n {
            h.push(stop(u64::from(i), i));
        }
        h
    }

    #[test]
    fn back_and_forward_say_where_they_are_and_refuse_to_go_past_the_ends() {
        let mut h = history(3);
        assert_eq!(
            travel(&mut h, "2", false),
            vec![
                Said::Location {
                    entry: "> /p/m.py(1)f()".into(),
                    file: "/p/m.py".into(),
                    line: 1
                },
                Said::Message("history 1/3 (past)".into())
            ]
        );
        assert_eq!(
            travel(&mut h, "", false),
            vec![Said::Error("Oldest stop in the history".into())]
        );
        assert_eq!(
            travel(&mut h, "x", true),
            vec![Said::Error("Invalid count (x)".into())]
        );
        assert_eq!(
            travel(&mut h, "5", true)[1],
            Said::Message("history 3/3".into())
        );
        assert_eq!(
            travel(&mut h, "1", true),
            vec![Said::Error("Already at the present".into())]
        );
        assert_eq!(
            travel(&mut h, "0", true).len(),
            2,
            "0 moves nowhere, quietly"
        );
    }

    #[test]
    fn the_listing_marks_the_stop_looked_at() {
        let mut h = history(2);
        h.back(1);
        let rows = listing(&h);
        assert_eq!(rows.len(), 3);
        assert!(
            matches!(&rows[0], Said::Message(r) if r.starts_with("->    1  line") && r.ends_with("/p/m.py(1)f()")),
            "{rows:?}"
        );
        assert!(matches!(&rows[1], Said::Message(r) if r.starts_with("      2")));
        assert!(matches!(&rows[2], Said::Message(r) if r.starts_with("2 stops kept")));
    }
}
