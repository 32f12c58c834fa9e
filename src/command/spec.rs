//! What a debugger command is, apart from what it does: its names (pdb's exact
//! spellings; pdb has no prefix matching), what it does to the program, the arguments
//! 3.13's pdb accepts, and the help of rdb's own commands. The session's table
//! (`session::commands`) gives each its handler; pdb's help texts come from the pdb of
//! the Python rdb runs.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmd {
    Help,
    Where,
    Down,
    Up,
    Break,
    TBreak,
    Clear,
    Disable,
    Enable,
    Ignore,
    Condition,
    Commands,
    Step,
    Next,
    Until,
    Jump,
    Return,
    Retval,
    Run,
    Continue,
    List,
    LongList,
    Args,
    P,
    PP,
    WhatIs,
    Source,
    Display,
    Undisplay,
    Interact,
    Debug,
    Exceptions,
    Alias,
    Unalias,
    Quit,
    Eof,
    Back,
    Forward,
    History,
    Narrative,
    Inspect,
}

/// What a command does to the program and to the history of stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Runs the program on (`step`, `continue`, `quit`…): the stop ends, unless the
    /// handler refuses its argument.
    Resumes,
    /// Moves through the history of stops (`back`, `forward`, `history`): works while
    /// the past is shown.
    Timeline,
    /// Looks at or changes the paused program: in the present.
    Stays,
}

/// The arguments a command takes, as 3.13's pdb checks them before running it
/// ("Invalid argument", then the command's usage); earlier pdbs ignore extra words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    /// Whatever the handler makes of it.
    Any,
    /// Nothing (`step`, `args`, `where`…).
    Nothing,
    /// Something (`unalias`).
    Required,
}

impl Args {
    /// Whether `arg` is refused.
    pub fn refuses(self, arg: &str) -> bool {
        match self {
            Args::Any => false,
            Args::Nothing => !arg.is_empty(),
            Args::Required => arg.is_empty(),
        }
    }
}

/// The help of one of rdb's own commands (pdb's come from pdb).
#[derive(Clone, Copy, Debug)]
pub struct Doc {
    pub usage: &'static str,
    /// One line for `help rdb`.
    pub summary: &'static str,
    pub help: &'static str,
}

/// One command: everything about it, and its handler `run` (a type of the table's
/// owner, so that this module knows nothing of sessions).
pub struct Spec<H: 'static> {
    pub cmd: Cmd,
    pub names: &'static [&'static str],
    pub kind: Kind,
    pub args: Args,
    /// Only the pdb of this minor version and later has it (3.13's `exceptions`).
    pub since: u32,
    /// rdb's own commands: their help. `None` for pdb's.
    pub doc: Option<Doc>,
    pub run: H,
}

impl<H> Spec<H> {
    /// A command of rdb's own, not pdb's.
    pub fn rdb_only(&self) -> bool {
        self.doc.is_some()
    }

    /// pdb's name for it (`break` for `b`), as its `do_` method is called.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }

    /// What `help <cmd>` prints for one of rdb's commands: usage then the text,
    /// indented as pdb's docstrings.
    pub fn help_text(&self) -> Option<String> {
        let doc = self.doc?;
        let mut s = doc.usage.to_string();
        for line in doc.help.lines() {
            s.push('\n');
            if !line.is_empty() {
                s.push_str("        ");
                s.push_str(line);
            }
        }
        Some(s)
    }
}
