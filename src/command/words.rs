//! pdb's `run`/`restart` arguments: Python's `shlex.split` (POSIX mode), with its two
//! errors.

/// Why `shlex.split` refuses a line (its `ValueError` texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShellError {
    #[error("No closing quotation")]
    NoClosingQuotation,
    #[error("No escaped character")]
    NoEscapedCharacter,
}

/// `shlex.split(s)`: blanks separate; `'…'` is literal; in `"…"` a backslash escapes
/// only `"` and `\`; elsewhere it escapes any character.
pub fn shell_words(s: &str) -> Result<Vec<String>, ShellError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next().ok_or(ShellError::NoClosingQuotation)? {
                        '\'' => break,
                        other => cur.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next().ok_or(ShellError::NoClosingQuotation)? {
                        '"' => break,
                        '\\' => match chars.next().ok_or(ShellError::NoClosingQuotation)? {
                            e @ ('"' | '\\') => cur.push(e),
                            other => {
                                cur.push('\\');
                                cur.push(other);
                            }
                        },
                        other => cur.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next().ok_or(ShellError::NoEscapedCharacter)?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}
