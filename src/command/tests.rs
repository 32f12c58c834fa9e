use super::*;

/// A table of the parser's own: (name, id).
static NAMES: &[(&str, u8)] = &[
    ("n", 1),
    ("next", 1),
    ("c", 2),
    ("p", 3),
    ("help", 4),
    ("EOF", 5),
];

fn find(word: &str) -> Option<&'static (&'static str, u8)> {
    NAMES.iter().find(|(n, _)| *n == word)
}

fn parsed(line: &str, dialect: Dialect) -> (Option<u8>, String) {
    match parse(line, dialect, find) {
        Line::Command(&(_, id), arg) => (Some(id), arg),
        Line::Exec(stmt) => (None, stmt),
        Line::Empty => (None, String::new()),
    }
}

const OLD: Dialect = Dialect {
    wide_words: false,
    strip_bang: false,
};
const NEW: Dialect = Dialect {
    wide_words: true,
    strip_bang: true,
};

#[test]
fn command_words_are_exact_names() {
    assert_eq!(parsed("n", OLD), (Some(1), String::new()));
    assert_eq!(parsed("  next  ", OLD), (Some(1), String::new()));
    assert_eq!(parsed("p(x)", OLD), (Some(3), "(x)".into()));
    // Not a pdb spelling: a Python statement.
    assert_eq!(parsed("ne", OLD), (None, "ne".into()));
    assert_eq!(parsed("EOF", OLD), (Some(5), String::new()));
    assert_eq!(parse("", OLD, find), Line::Empty);
}

#[test]
fn wide_command_words_make_expressions_of_3_13() {
    // Before 3.13, `c["a"]` is `continue` with an argument; in 3.13 an expression.
    assert_eq!(parsed("c[\"a\"]", OLD), (Some(2), "[\"a\"]".into()));
    assert_eq!(parsed("c[\"a\"]", NEW), (None, "c[\"a\"]".into()));
    assert_eq!(parsed("n.x + 1", NEW), (None, "n.x + 1".into()));
    // A blank still ends the word: `c = 7` is `continue` with `= 7` (which 3.13 refuses).
    assert_eq!(parsed("c = 7", NEW), (Some(2), "= 7".into()));
    assert_eq!(parsed("p x", NEW), (Some(3), "x".into()));
}

#[test]
fn bang_and_question_mark() {
    assert_eq!(parsed("!n = 1", OLD), (None, "n = 1".into()));
    assert_eq!(parsed("! n = 1", OLD), (None, " n = 1".into()));
    assert_eq!(parsed("! n = 1", NEW), (None, "n = 1".into()));
    assert_eq!(parsed("?", OLD), (Some(4), String::new()));
    assert_eq!(parsed("?next", OLD), (Some(4), "next".into()));
}

#[test]
fn chains_split_at_the_first_double_semicolon() {
    assert_eq!(split_chain("p x;; n"), ("p x", Some("n")));
    assert_eq!(split_chain("s ;;p 1;;p 2"), ("s", Some("p 1;;p 2")));
    assert_eq!(split_chain("p 'a;b'"), ("p 'a;b'", None));
}

#[test]
fn argument_signatures() {
    assert!(!Args::Any.refuses("x"));
    assert!(Args::Nothing.refuses("1") && !Args::Nothing.refuses(""));
    assert!(Args::Required.refuses("") && !Args::Required.refuses("x"));
}

#[test]
fn shell_words_split_like_shlex() {
    assert_eq!(
        shell_words("a 'b c' \"d\\\"e\" f\\ g \"h\\i\" ''").unwrap(),
        vec!["a", "b c", "d\"e", "f g", "h\\i", ""]
    );
    assert_eq!(shell_words("'open"), Err(ShellError::NoClosingQuotation));
    assert_eq!(shell_words("a \\"), Err(ShellError::NoEscapedCharacter));
    assert_eq!(
        ShellError::NoEscapedCharacter.to_string(),
        "No escaped character"
    );
}
