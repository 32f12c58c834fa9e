//! Breakpoint command lists (pdb's `commands`): defining one at the `(com) ` prompt,
//! and running it when its breakpoint is hit (`silent`, and a resuming command that
//! ends the list and the stop).

use super::commands;
use super::{Bdb, Session};
use crate::command::Cmd;
use crate::engine::parse_python_int;

/// One breakpoint's command list.
#[derive(Clone, Debug, Default)]
pub(super) struct CommandList {
    pub lines: Vec<String>,
    /// The prompt follows the list (no resuming command ended it).
    pub prompt: bool,
    /// `silent`: no location line.
    pub silent: bool,
}

/// The commands that end a list's definition and make it resume the program (pdb's
/// `commands_resuming`; `jump` counts, `until` does not).
fn resumes_the_list(cmd: Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Continue | Cmd::Step | Cmd::Next | Cmd::Return | Cmd::Quit | Cmd::Jump
    )
}

/// `silent`, `end`, or a line of the list (with whether it resumes).
enum Definition {
    Ignored,
    Silent,
    End,
    Line(String, bool),
}

/// pdb's `handle_command_def` reading of one line (already alias-expanded and split).
fn definition_line(line: &str) -> Definition {
    let line = line.trim();
    let dialect = crate::py::PDB_DIALECT;
    let end = line
        .find(|c: char| !crate::command::is_word_char(c, dialect))
        .unwrap_or(line.len());
    let (word, arg) = line.split_at(end);
    let arg = arg.trim();
    match word {
        // Empty, or a `!` statement: pdb's parseline finds no command word, and the line
        // is dropped.
        "" => Definition::Ignored,
        "silent" => Definition::Silent,
        "end" => Definition::End,
        _ => {
            let text = if arg.is_empty() {
                word.to_string()
            } else {
                format!("{word} {arg}")
            };
            let resumes = commands::lookup(word).is_some_and(|c| resumes_the_list(c.cmd));
            Definition::Line(text, resumes)
        }
    }
}

impl Session {
    /// `commands [bpnumber]`: read the breakpoint's command list at the `(com) ` prompt.
    pub(super) fn do_commands(&mut self, bdb: &mut Bdb, arg: &str) {
        let number = if arg.is_empty() {
            bdb.breaks.last_number() as i64
        } else {
            match parse_python_int(arg) {
                Some(n) => n,
                None if crate::py::PDB_VALIDATES_ARGUMENTS => {
                    self.error(&format!("Invalid argument: {arg}"));
                    let usage = self.python.pdb_usage("commands");
                    return self.message(&usage);
                }
                None => return self.error("Usage: commands [bnum]\n        ...\n        end"),
            }
        };
        if crate::py::PDB_CHECKS_COMMANDS_NUMBER {
            // bdb's `get_bpbynumber(0)`: 0 is no number.
            let arg = if number == 0 {
                String::new()
            } else {
                number.to_string()
            };
            if let Err(e) = bdb.breaks.by_number(&arg) {
                return self.error(&format!("cannot set commands: {e}"));
            }
        }
        let mut list = CommandList {
            prompt: true,
            ..CommandList::default()
        };
        loop {
            let raw = match self.cmdqueue.pop_front() {
                Some(line) => line,
                None => match self.front.read_line("(com) ") {
                    Some(line) => line,
                    // End of input: pdb would read EOF forever; the list ends here.
                    None => break,
                },
            };
            let Some(line) = self.precmd(&raw) else {
                continue;
            };
            match definition_line(&line) {
                Definition::Ignored => {}
                Definition::Silent => list.silent = true,
                Definition::End => {
                    self.forget_queue_after_definition();
                    break;
                }
                Definition::Line(text, resumes) => {
                    list.lines.push(text);
                    if resumes {
                        list.prompt = false;
                        self.forget_queue_after_definition();
                        break;
                    }
                }
            }
        }
        // A list for a number no breakpoint can have (before 3.11) is read and never run.
        if let Ok(number) = usize::try_from(number) {
            self.bp_commands.insert(number, list);
        }
    }

    /// Before 3.13, what followed `;;` on the line that ended a definition is dropped.
    fn forget_queue_after_definition(&mut self) {
        if !crate::py::PDB_CHECKS_ALIAS_ARGUMENTS {
            self.cmdqueue.clear();
        }
    }

    /// The command list of the breakpoint that made this stop, if it has one (pdb's
    /// `bp_commands`, which then replaces the stop's interaction).
    pub(super) fn command_list_for_stop(&mut self, bdb: &mut Bdb) -> Option<CommandList> {
        let number = bdb.currentbp.filter(|n| self.bp_commands.contains_key(n))?;
        bdb.currentbp = None;
        self.bp_commands.get(&number).cloned()
    }

    /// Runs a breakpoint's list at its stop: each line, then the location unless
    /// `silent`, then the prompt unless a resuming command ended the list.
    pub(super) fn run_command_list(&mut self, bdb: &mut Bdb, list: &CommandList) -> bool {
        let lastcmd = self.lastcmd.clone();
        for line in &list.lines {
            self.onecmd(bdb, line);
        }
        self.lastcmd = lastcmd;
        if !list.silent {
            self.print_stack_entry(self.curindex);
        }
        list.prompt
    }
}
