//! The pdb command language: one static table of commands (names, help) and a pure
//! parser. The batch front end and the TUI command line share both.

mod parse;
mod table;
mod words;

pub use parse::{parse, split_chain, Line};
pub use table::{lookup, Cmd, Spec, COMMANDS, HELP_EXEC};
pub use words::shell_words;

#[cfg(test)]
mod tests;
