//! The pdb command language, apart from what commands do: what a command is (`spec`),
//! the pure line parser, and `run`'s shell words. The session's table of commands is
//! built from these; the batch front end and the TUI command line share it.

mod parse;
mod spec;
mod words;

pub use parse::{is_word_char, parse, split_chain, Dialect, Line};
pub use spec::{Args, Cmd, Doc, Kind, Spec};
pub use words::{shell_words, ShellError};

#[cfg(test)]
mod tests;
