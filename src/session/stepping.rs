//! The commands that resume the program (step, next, until, return, continue, quit, run)
//! and `jump`, which moves it without resuming.

use super::commands::Flow;
use super::{Bdb, Session};
use crate::engine::{parse_python_int, FrameView};

impl Session {
    /// The stop ends with the program traced on.
    fn resuming(&mut self) -> crate::py::Frame {
        self.tracing_wanted = true;
        self.curframe().clone()
    }

    pub(super) fn do_step(&mut self, bdb: &mut Bdb, _arg: &str) -> Flow {
        self.resuming();
        bdb.set_step();
        Flow::Resume
    }

    pub(super) fn do_next(&mut self, bdb: &mut Bdb, _arg: &str) -> Flow {
        let frame = self.resuming();
        bdb.set_next(&frame);
        Flow::Resume
    }

    pub(super) fn do_return(&mut self, bdb: &mut Bdb, _arg: &str) -> Flow {
        let frame = self.resuming();
        bdb.set_return(&frame);
        Flow::Resume
    }

    pub(super) fn do_until(&mut self, bdb: &mut Bdb, arg: &str) -> Flow {
        let frame = self.curframe().clone();
        let lineno = if arg.is_empty() {
            None
        } else {
            match parse_python_int(arg) {
                None => {
                    self.error(&format!("Error in argument: '{arg}'"));
                    return Flow::Stay;
                }
                Some(n) if n <= i64::from(frame.lineno()) => {
                    self.error("\"until\" line number is smaller than current line number");
                    return Flow::Stay;
                }
                Some(n) => Some(n.min(i64::from(u32::MAX)) as u32),
            }
        };
        self.resuming();
        bdb.set_until(&frame, lineno);
        Flow::Resume
    }

    pub(super) fn do_continue(&mut self, bdb: &mut Bdb, arg: &str) -> Flow {
        self.resuming();
        self.tell_owner("do_continue", arg);
        self.tracing_wanted = !bdb.set_continue();
        Flow::Resume
    }

    pub(super) fn do_quit(&mut self, bdb: &mut Bdb, arg: &str) -> Flow {
        self.resuming();
        self.tell_owner("do_quit", arg);
        self.user_requested_quit = true;
        bdb.set_quit();
        Flow::Resume
    }

    /// End of input: pdb prints an empty line and quits.
    pub(super) fn do_eof(&mut self, bdb: &mut Bdb, arg: &str) -> Flow {
        self.message("");
        self.do_quit(bdb, arg)
    }

    pub(super) fn do_run(&mut self, bdb: &mut Bdb, arg: &str) -> Flow {
        let args = match crate::command::shell_words(arg) {
            Ok(args) => args,
            Err(e) => {
                self.error(&format!("Cannot run {arg}: {e}"));
                return Flow::Stay;
            }
        };
        self.resuming();
        self.restart = Some(args);
        bdb.set_quit();
        Flow::Resume
    }

    /// The session's owner (see `Session::owner`) hears of a command that resumes; what
    /// it raises is raised in the program when the stop ends.
    fn tell_owner(&mut self, method: &str, arg: &str) {
        if let Some(owner) = &self.owner {
            if let Err(exc) = crate::py::owner_command(owner, method, arg) {
                crate::py::raise_in_program(exc);
            }
        }
    }

    pub(super) fn do_jump(&mut self, arg: &str) {
        if self.curindex + 1 != self.stack.len() {
            return self.error("You can only jump within the bottom frame");
        }
        let Some(line) = parse_python_int(arg) else {
            return self.error("The 'jump' command requires a line number");
        };
        let frame = self.curframe().clone();
        match frame.jump(line) {
            Ok(()) => {
                self.stack[self.curindex].1 = line.max(0) as u32;
                self.print_stack_entry(self.curindex);
            }
            Err(e) => self.error(&format!("Jump failed: {e}")),
        }
    }
}
