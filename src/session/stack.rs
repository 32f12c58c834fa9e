//! The stack at a stop (bdb's `get_stack`), its display (`where`, the `> file(line)`
//! entries) and moving the selected frame (`up`, `down`).

use super::Session;
use crate::engine::{parse_python_int, FrameView};
use crate::py::{self, Frame, Value};

/// bdb's `get_stack`: the frames from the outermost (or `bottom`) down to `frame`, then
/// the traceback entries below it; and the index of the current frame.
pub(super) fn get_stack(
    frame: Option<&Frame>,
    tb: Vec<(Frame, u32)>,
    bottom: Option<&Frame>,
) -> (Vec<(Frame, u32)>, usize) {
    let mut tb = tb.into_iter().peekable();
    if let (Some(f), Some((t, _))) = (frame, tb.peek()) {
        if t.same(f) {
            tb.next();
        }
    }
    let mut stack = Vec::new();
    let mut f = frame.cloned();
    while let Some(cur) = f {
        let line = cur.lineno();
        // bdb's `botframe`: the stack of a `debug` or `runcall` session ends there.
        f = if bottom.is_some_and(|b| b.same(&cur)) {
            None
        } else {
            cur.back()
        };
        stack.push((cur, line));
    }
    stack.reverse();
    let mut index = stack.len().saturating_sub(1);
    stack.extend(tb);
    if frame.is_none() {
        index = stack.len().saturating_sub(1);
    }
    (stack, index)
}

/// bdb's `format_stack_entry` text with pdb's `\n-> ` line prefix:
/// `file(line)func()[->retval]` and the source line.
pub(super) fn entry_text(
    file: &str,
    lineno: u32,
    function: &str,
    retval: Option<&str>,
    globals: Option<&Value>,
) -> String {
    let name = if function.is_empty() {
        "<lambda>"
    } else {
        function
    };
    let mut s = format!("{file}({lineno}){name}()");
    if let Some(rv) = retval {
        s.push_str("->");
        s.push_str(rv);
    }
    let line = py::getline(file, lineno, globals);
    if !line.is_empty() {
        s.push_str("\n-> ");
        s.push_str(line.trim());
    }
    s
}

impl Session {
    /// bdb's `format_stack_entry` for a live frame, and the return value's repr in it.
    pub(super) fn format_stack_entry(
        &self,
        frame: &Frame,
        lineno: u32,
    ) -> (String, Option<String>) {
        let retval = Frame::local(&frame.locals(), "__return__").map(|rv| rv.short_repr());
        let text = entry_text(
            frame.filename(),
            lineno,
            frame.function(),
            retval.as_deref(),
            Some(&frame.globals()),
        );
        (text, retval)
    }

    pub(super) fn print_stack_entry(&mut self, index: usize) {
        let (frame, lineno) = &self.stack[index];
        let prefix = if index == self.curindex { "> " } else { "  " };
        let text = format!("{prefix}{}", self.format_stack_entry(frame, *lineno).0);
        self.message(&text);
    }

    pub(super) fn print_stack_trace(&mut self) {
        for i in 0..self.stack.len() {
            self.print_stack_entry(i);
        }
    }

    /// The front end selected a frame (a click or a key in its stack pane).
    pub(super) fn select_frame_at(&mut self, index: usize) {
        if index < self.stack.len() && index != self.curindex {
            self.select_frame(index);
        }
    }

    fn select_frame(&mut self, index: usize) {
        self.curindex = index;
        self.curframe_locals = None;
        self.set_convenience_variable("_frame", None);
        self.print_stack_entry(index);
        self.lineno = None;
    }

    /// The count argument of `up`/`down` (default 1), or the error shown.
    fn frame_count(&mut self, arg: &str) -> Option<i64> {
        let count = if arg.is_empty() {
            Some(1)
        } else {
            parse_python_int(arg)
        };
        if count.is_none() {
            self.error(&format!("Invalid frame count ({arg})"));
        }
        count
    }

    pub(super) fn do_up(&mut self, arg: &str) {
        if self.curindex == 0 {
            return self.error("Oldest frame");
        }
        let Some(count) = self.frame_count(arg) else {
            return;
        };
        let index = if count < 0 {
            0
        } else {
            self.curindex.saturating_sub(count as usize)
        };
        self.select_frame(index);
    }

    pub(super) fn do_down(&mut self, arg: &str) {
        if self.curindex + 1 == self.stack.len() {
            return self.error("Newest frame");
        }
        let Some(count) = self.frame_count(arg) else {
            return;
        };
        let last = self.stack.len() - 1;
        let index = if count < 0 {
            last
        } else {
            (self.curindex + count as usize).min(last)
        };
        self.select_frame(index);
    }
}
