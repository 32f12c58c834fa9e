//! The pure command-line parser: `;;` chaining, `!stmt`, `?`, and the command word as
//! Python's `cmd.Cmd.parseline` finds it.

use super::table::{lookup, Cmd};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// An empty line: repeat the last command.
    Empty,
    /// A debugger command and its argument (stripped).
    Command(Cmd, String),
    /// A Python statement to execute in the current frame.
    Exec(String),
}

/// pdb's `precmd` split: the first command, and what follows the first `;;` (queued).
pub fn split_chain(line: &str) -> (&str, Option<&str>) {
    if line.trim().is_empty() {
        return (line, None);
    }
    match line.find(";;") {
        Some(i) => (line[..i].trim_end(), Some(line[i + 2..].trim_start())),
        None => (line, None),
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Parses one command (already split at `;;`).
pub fn parse(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() {
        return Line::Empty;
    }
    if line == "EOF" {
        return Line::Command(Cmd::Eof, String::new());
    }
    let line = match line.strip_prefix('?') {
        Some(rest) => format!("help {rest}"),
        None => line.to_string(),
    };
    if let Some(stmt) = line.strip_prefix('!') {
        return Line::Exec(stmt.to_string());
    }
    let end = line.find(|c: char| !is_ident(c)).unwrap_or(line.len());
    let (word, arg) = line.split_at(end);
    match lookup(word) {
        Some(spec) if !word.is_empty() && spec.cmd != Cmd::Eof => {
            Line::Command(spec.cmd, arg.trim().to_string())
        }
        _ => Line::Exec(line),
    }
}
