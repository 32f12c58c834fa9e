//! The event narrative: one readable line per trace event while stepping, indented by
//! stack depth (`call parent(rounds=3)`, `line 7  x = 1`, `return 'done'`, ...).

use std::collections::VecDeque;

use super::Session;
use crate::engine::{Event, FrameView};
use crate::py::{self, Frame, Value};
use crate::snapshot::NarrativeLine;

/// How many narrative lines the `narrative` command can show.
const LOG_LINES: usize = 2000;

impl Session {
    pub(super) fn narrate(&mut self, frame: &Frame, event: &Event<Value>) {
        let (kind, arg) = match event {
            Event::Call => ("call", None),
            Event::Line => ("line", None),
            Event::Opcode => ("opcode", None),
            Event::Return(v) => ("return", Some(v)),
            Event::Exception(_, e) => ("exception", Some(e)),
        };
        let mut depth = 0;
        let mut f = frame.back();
        while let Some(cur) = f {
            depth += 1;
            f = cur.back();
        }
        let line = NarrativeLine {
            depth,
            text: py::narrate(frame, kind, arg),
        };
        if self.narrative_log.len() == LOG_LINES {
            self.narrative_log.pop_front();
        }
        self.narrative_log.push_back(line.clone());
        self.narrative.push(line);
    }

    /// rdb extension `inspect`: the selected frame and its code object, and the bytecode
    /// of the current line with `-->` at the instruction `f_lasti` points to.
    pub(super) fn do_inspect(&mut self) {
        let inspector = py::inspect_frame(self.curframe());
        for (name, value) in &inspector.rows {
            self.message(&format!("{name}: {value}"));
        }
        for (here, text) in &inspector.bytecode {
            self.message(&format!("{} {text}", if *here { "-->" } else { "   " }));
        }
    }

    /// rdb extension `narrative [on | off | kinds]`: the latest events, optionally only
    /// some kinds (`narrative call,return`); `on` and `off` start and stop the telling.
    pub(super) fn do_narrative(&mut self, arg: &str) {
        match arg.trim() {
            "on" => {
                self.narrating = true;
                return self.message("The narrative is told from here on.");
            }
            "off" => {
                self.narrating = false;
                return self.message("The narrative is no longer told.");
            }
            _ if !self.narrating && self.narrative_log.is_empty() => {
                return self.error("The narrative is off: 'narrative on' starts telling it");
            }
            _ => {}
        }
        let kinds: Vec<&str> = arg.split([',', ' ']).filter(|k| !k.is_empty()).collect();
        let rows: VecDeque<String> = self
            .narrative_log
            .iter()
            .filter(|l| kinds.is_empty() || kinds.contains(&l.kind()))
            .map(|l| format!("{}{}", "  ".repeat(l.depth), l.text))
            .collect();
        for row in rows {
            self.message(&row);
        }
    }
}
