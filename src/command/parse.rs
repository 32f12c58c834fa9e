//! The pure command-line parser: `;;` chaining, `!stmt`, `?`, and the command word as
//! Python's `cmd.Cmd.parseline` finds it with the identifier characters of each
//! version's pdb.

/// How a version's pdb reads a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dialect {
    /// 3.13: a command word also takes `=.[](),"'+-*/%@&|<>~^`, so that `c["a"]` or
    /// `n.x` is an expression, not `continue` or `next`.
    pub wide_words: bool,
    /// 3.12: `! stmt` is stripped (`! n = 42` assigns).
    pub strip_bang: bool,
}

/// One parsed command line; `T` is the table entry a command word names.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'t, T> {
    /// An empty line: repeat the last command.
    Empty,
    /// A debugger command and its argument (stripped).
    Command(&'t T, String),
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

/// Whether `c` continues a command word (`cmd.Cmd.identchars` of the version's pdb).
pub fn is_word_char(c: char, dialect: Dialect) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || (dialect.wide_words && "=.[](),\"'+-*/%@&|<>~^".contains(c))
}

/// Parses one command (already split at `;;`); `find` looks a command word up.
pub fn parse<'t, T>(
    line: &str,
    dialect: Dialect,
    find: impl Fn(&str) -> Option<&'t T>,
) -> Line<'t, T> {
    let line = line.trim();
    if line.is_empty() {
        return Line::Empty;
    }
    let line = match line.strip_prefix('?') {
        Some(rest) => format!("help {rest}"),
        None => line.to_string(),
    };
    if let Some(stmt) = line.strip_prefix('!') {
        let stmt = if dialect.strip_bang {
            stmt.trim()
        } else {
            stmt
        };
        return Line::Exec(stmt.to_string());
    }
    let end = line
        .find(|c: char| !is_word_char(c, dialect))
        .unwrap_or(line.len());
    let (word, arg) = line.split_at(end);
    match find(word).filter(|_| !word.is_empty()) {
        Some(spec) => Line::Command(spec, arg.trim().to_string()),
        None => Line::Exec(line),
    }
}
