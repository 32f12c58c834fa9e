//! The commands that resume the program (step, next, until, return, continue, quit, run)
//! and `jump`, which moves it without resuming.

use super::{Bdb, Session};
use crate::command::Cmd;
use crate::engine::{parse_python_int, FrameView};

impl Session {
    /// Returns true when the command resumes the program.
    pub(super) fn resume(&mut self, bdb: &mut Bdb, cmd: Cmd, arg: &str) -> bool {
        let frame = self.curframe().clone();
        self.tracing_wanted = true;
        match cmd {
            Cmd::Step => bdb.set_step(),
            Cmd::Next => bdb.set_next(&frame),
            Cmd::Return => bdb.set_return(&frame),
            Cmd::Until => {
                let lineno = if arg.is_empty() {
                    None
                } else {
                    match parse_python_int(arg) {
                        None => {
                            self.error(&format!("Error in argument: '{arg}'"));
                            return false;
                        }
                        Some(n) if n <= i64::from(frame.lineno()) => {
                            self.error("\"until\" line number is smaller than current line number");
                            return false;
                        }
                        Some(n) => Some(n.min(i64::from(u32::MAX)) as u32),
                    }
                };
                bdb.set_until(&frame, lineno);
            }
            Cmd::Continue => {
                self.tell_owner("do_continue", arg);
                self.tracing_wanted = !bdb.set_continue();
            }
            Cmd::Quit | Cmd::Eof => {
                if cmd == Cmd::Eof {
                    self.message("");
                }
                self.tell_owner("do_quit", arg);
                self.user_requested_quit = true;
                bdb.set_quit();
            }
            Cmd::Run => {
                let args = if arg.is_empty() {
                    Vec::new()
                } else {
                    match crate::command::shell_words(arg) {
                        Some(a) => a,
                        None => {
                            self.error(&format!("Cannot run {arg}: No closing quotation"));
                            return false;
                        }
                    }
                };
                self.restart = Some(args);
                bdb.set_quit();
            }
            _ => unreachable!("resume() is only called for resuming commands"),
        }
        true
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
