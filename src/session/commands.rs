//! The table of debugger commands: one entry per command with its names, what it does
//! to the program, its arguments as 3.13 checks them, rdb's help for rdb's own, and its
//! handler. A command is added here and nowhere else (its handler aside); `dispatch`
//! runs one.

use super::{Bdb, Session};
use crate::command::{Args, Cmd, Doc, Kind, Spec};

/// Whether the program runs on after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Stay,
    Resume,
}

/// A command's handler: the session, bdb's stop state, the argument (stripped).
pub type Handler = fn(&mut Session, &mut Bdb, &str) -> Flow;

pub type Command = Spec<Handler>;

/// Runs `f` and stays at the prompt.
macro_rules! stays {
    (|$s:ident, $b:pat_param, $a:pat_param| $body:expr) => {
        |$s: &mut Session, $b: &mut Bdb, $a: &str| {
            $body;
            Flow::Stay
        }
    };
}

const fn pdb(
    cmd: Cmd,
    names: &'static [&'static str],
    kind: Kind,
    args: Args,
    run: Handler,
) -> Command {
    Spec {
        cmd,
        names,
        kind,
        args,
        since: 0,
        doc: None,
        run,
    }
}

const fn rdb(
    cmd: Cmd,
    names: &'static [&'static str],
    kind: Kind,
    doc: Doc,
    run: Handler,
) -> Command {
    Spec {
        doc: Some(doc),
        ..pdb(cmd, names, kind, Args::Any, run)
    }
}

use Args::{Any, Nothing, Required};
use Kind::{Resumes, Stays, Timeline};

/// In pdb's help order, then rdb's own.
#[rustfmt::skip]
pub static COMMANDS: &[Command] = &[
    pdb(Cmd::Help, &["help", "h"], Stays, Any, stays!(|s, _, a| s.do_help(a))),
    pdb(Cmd::Where, &["where", "w", "bt"], Stays, Nothing, stays!(|s, _, _| s.print_stack_trace())),
    pdb(Cmd::Down, &["down", "d"], Stays, Any, stays!(|s, _, a| s.do_down(a))),
    pdb(Cmd::Up, &["up", "u"], Stays, Any, stays!(|s, _, a| s.do_up(a))),
    pdb(Cmd::Break, &["break", "b"], Stays, Any, stays!(|s, b, a| s.do_break(b, a, false))),
    pdb(Cmd::TBreak, &["tbreak"], Stays, Any, stays!(|s, b, a| s.do_break(b, a, true))),
    pdb(Cmd::Clear, &["clear", "cl"], Stays, Any, stays!(|s, b, a| s.do_clear(b, a))),
    pdb(Cmd::Disable, &["disable"], Stays, Any, stays!(|s, b, a| s.do_enable(b, a, false))),
    pdb(Cmd::Enable, &["enable"], Stays, Any, stays!(|s, b, a| s.do_enable(b, a, true))),
    pdb(Cmd::Ignore, &["ignore"], Stays, Any, stays!(|s, b, a| s.do_ignore(b, a))),
    pdb(Cmd::Condition, &["condition"], Stays, Any, stays!(|s, b, a| s.do_condition(b, a))),
    pdb(Cmd::Commands, &["commands"], Stays, Any, stays!(|s, b, a| s.do_commands(b, a))),
    pdb(Cmd::Step, &["step", "s"], Resumes, Nothing, Session::do_step),
    pdb(Cmd::Next, &["next", "n"], Resumes, Nothing, Session::do_next),
    pdb(Cmd::Until, &["until", "unt"], Resumes, Any, Session::do_until),
    pdb(Cmd::Jump, &["jump", "j"], Stays, Any, stays!(|s, _, a| s.do_jump(a))),
    pdb(Cmd::Return, &["return", "r"], Resumes, Nothing, Session::do_return),
    pdb(Cmd::Retval, &["retval", "rv"], Stays, Nothing, stays!(|s, _, _| s.do_retval())),
    pdb(Cmd::Run, &["run", "restart"], Resumes, Any, Session::do_run),
    pdb(Cmd::Continue, &["continue", "cont", "c"], Resumes, Nothing, Session::do_continue),
    pdb(Cmd::List, &["list", "l"], Stays, Any, stays!(|s, b, a| s.do_list(b, a))),
    pdb(Cmd::LongList, &["longlist", "ll"], Stays, Nothing, stays!(|s, b, _| s.do_longlist(b))),
    pdb(Cmd::Args, &["args", "a"], Stays, Nothing, stays!(|s, _, _| s.do_args())),
    pdb(Cmd::P, &["p"], Stays, Any, stays!(|s, _, a| s.do_p(a, false))),
    pdb(Cmd::PP, &["pp"], Stays, Any, stays!(|s, _, a| s.do_p(a, true))),
    pdb(Cmd::WhatIs, &["whatis"], Stays, Any, stays!(|s, _, a| s.do_whatis(a))),
    pdb(Cmd::Source, &["source"], Stays, Any, stays!(|s, _, a| s.do_source(a))),
    pdb(Cmd::Display, &["display"], Stays, Any, stays!(|s, _, a| s.do_display(a))),
    pdb(Cmd::Undisplay, &["undisplay"], Stays, Any, stays!(|s, _, a| s.do_undisplay(a))),
    Spec { since: 13, ..pdb(Cmd::Exceptions, &["exceptions"], Stays, Any, stays!(|s, _, a| s.do_exceptions(a))) },
    pdb(Cmd::Interact, &["interact"], Stays, Any, stays!(|s, _, _| s.do_interact())),
    pdb(Cmd::Debug, &["debug"], Stays, Any, stays!(|s, b, a| s.do_debug(b, a))),
    pdb(Cmd::Alias, &["alias"], Stays, Any, stays!(|s, _, a| s.do_alias(a))),
    pdb(Cmd::Unalias, &["unalias"], Stays, Required, stays!(|s, _, a| s.do_unalias(a))),
    pdb(Cmd::Quit, &["quit", "q", "exit"], Resumes, Any, Session::do_quit),
    pdb(Cmd::Eof, &["EOF"], Resumes, Any, Session::do_eof),
    rdb(
        Cmd::Back,
        &["back"],
        Timeline,
        Doc {
            usage: "back [count]",
            summary: "show an earlier stop from the history (nothing is re-executed)",
            help: "rdb extension: show the stop count (default one) stops before the one\n\
                   shown, from the history of stops. Nothing is re-executed: the program\n\
                   stays where it is, and a command that runs it returns to the present.",
        },
        stays!(|s, _, a| s.do_back(a, false)),
    ),
    rdb(
        Cmd::Forward,
        &["forward"],
        Timeline,
        Doc {
            usage: "forward [count]",
            summary: "show a later stop from the history, up to the present",
            help: "rdb extension: show the stop count (default one) stops after the one\n\
                   shown, up to the present.",
        },
        stays!(|s, _, a| s.do_back(a, true)),
    ),
    rdb(
        Cmd::History,
        &["history"],
        Timeline,
        Doc {
            usage: "history",
            summary: "list the stops kept in the history",
            help: "rdb extension: list the stops kept in the history (the oldest are\n\
                   dropped beyond the memory bound, --history-mb).",
        },
        stays!(|s, _, _| s.do_history()),
    ),
    rdb(
        Cmd::Narrative,
        &["narrative"],
        Stays,
        Doc {
            usage: "narrative [on | off | kinds]",
            summary: "the story of the latest trace events while stepping",
            help: "rdb extension: the story of the latest trace events while stepping, one\n\
                   line each, indented by stack depth: call with the arguments, line with\n\
                   its source, return with the value, exception. With kinds (for example\n\
                   `narrative call,return`), only those events. In the line interface the\n\
                   story is told from `narrative on` until `narrative off` (telling it\n\
                   runs the arguments' __repr__, which pdb would not).",
        },
        stays!(|s, _, a| s.do_narrative(a)),
    ),
    rdb(
        Cmd::Inspect,
        &["inspect"],
        Stays,
        Doc {
            usage: "inspect",
            summary: "the selected frame, its code object and the current bytecode",
            help: "rdb extension: the selected frame (f_back, f_code, f_lineno, f_lasti,\n\
                   f_trace) and its code object (co_name, co_filename, co_firstlineno,\n\
                   co_argcount, co_varnames, co_names, co_nlocals, co_flags decoded), then\n\
                   the bytecode of the current line with --> at the instruction f_lasti\n\
                   points to.",
        },
        stays!(|s, _, _| s.do_inspect()),
    ),
];

/// The command a word names exactly (pdb's `do_<word>` lookup), if this Python's pdb
/// has it.
pub fn lookup(word: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.names.contains(&word) && crate::py::PYTHON_MINOR >= c.since)
}

/// One command line (already split at `;;`) as this Python's pdb reads it.
pub fn parse(line: &str) -> crate::command::Line<'static, Command> {
    crate::command::parse(line, crate::py::PDB_DIALECT, lookup)
}

/// The command `cmd`.
pub fn spec(cmd: Cmd) -> &'static Command {
    COMMANDS
        .iter()
        .find(|c| c.cmd == cmd)
        .expect("every command the session names is in the table")
}

impl Session {
    /// Runs `command` with `arg`: its argument checked as this Python's pdb checks it,
    /// the past left first unless it works there.
    pub(super) fn dispatch(&mut self, bdb: &mut Bdb, command: &'static Command, arg: &str) -> Flow {
        if crate::py::PDB_VALIDATES_ARGUMENTS && command.args.refuses(arg) {
            self.error(&format!("Invalid argument: {arg}"));
            let usage = self.python.pdb_usage(command.name());
            if !usage.is_empty() {
                self.message(&usage);
            }
            return Flow::Stay;
        }
        if command.kind != Kind::Timeline {
            self.leave_the_past();
        }
        (command.run)(self, bdb, arg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_finds_its_own_command_once() {
        let mut seen = std::collections::HashSet::new();
        for command in COMMANDS {
            assert!(!command.names.is_empty());
            assert_eq!(spec(command.cmd).names, command.names);
            for name in command.names {
                assert!(seen.insert(*name), "{name} names two commands");
                let here = crate::py::PYTHON_MINOR >= command.since;
                assert_eq!(lookup(name).map(|c| c.cmd), here.then_some(command.cmd));
            }
        }
        assert!(lookup("ste").is_none() && lookup("").is_none());
    }

    #[test]
    fn rdb_commands_carry_their_help_and_pdb_commands_do_not() {
        for command in COMMANDS {
            let ours = matches!(
                command.cmd,
                Cmd::Back | Cmd::Forward | Cmd::History | Cmd::Narrative | Cmd::Inspect
            );
            assert_eq!(command.rdb_only(), ours, "{:?}", command.cmd);
            if let Some(text) = command.help_text() {
                assert!(text.starts_with(command.name()), "{text}");
                assert!(text.contains("\n        rdb extension: "), "{text}");
            }
        }
    }

    #[test]
    fn signatures_follow_3_13s_checks() {
        let nothing: Vec<&str> = COMMANDS
            .iter()
            .filter(|c| c.args == Args::Nothing)
            .map(|c| c.name())
            .collect();
        assert_eq!(
            nothing,
            ["where", "step", "next", "return", "retval", "continue", "longlist", "args"]
        );
        assert_eq!(spec(Cmd::Unalias).args, Args::Required);
        let resuming: Vec<&str> = COMMANDS
            .iter()
            .filter(|c| c.kind == Kind::Resumes)
            .map(|c| c.name())
            .collect();
        assert_eq!(
            resuming,
            ["step", "next", "until", "return", "run", "continue", "quit", "EOF"]
        );
    }
}
