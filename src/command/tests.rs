use super::*;

#[test]
fn command_words_are_exact_names() {
    assert_eq!(parse("n"), Line::Command(Cmd::Next, String::new()));
    assert_eq!(parse("  next  "), Line::Command(Cmd::Next, String::new()));
    assert_eq!(parse("cont"), Line::Command(Cmd::Continue, String::new()));
    assert_eq!(parse("unt 7"), Line::Command(Cmd::Until, "7".into()));
    // Not a pdb spelling: a Python statement.
    assert_eq!(parse("ste"), Line::Exec("ste".into()));
    assert_eq!(
        parse("b fib, n == 1"),
        Line::Command(Cmd::Break, "fib, n == 1".into())
    );
}

#[test]
fn statements_bang_and_help() {
    assert_eq!(parse("x = 5"), Line::Exec("x = 5".into()));
    assert_eq!(parse("!n = 1"), Line::Exec("n = 1".into()));
    assert_eq!(parse("p(x)"), Line::Command(Cmd::P, "(x)".into()));
    assert_eq!(parse("print(x)"), Line::Exec("print(x)".into()));
    assert_eq!(parse("?"), Line::Command(Cmd::Help, String::new()));
    assert_eq!(parse("?next"), Line::Command(Cmd::Help, "next".into()));
    assert_eq!(parse(""), Line::Empty);
    assert_eq!(parse("EOF"), Line::Command(Cmd::Eof, String::new()));
}

#[test]
fn chains_split_at_the_first_double_semicolon() {
    assert_eq!(split_chain("p x;; n"), ("p x", Some("n")));
    assert_eq!(split_chain("s ;;p 1;;p 2"), ("s", Some("p 1;;p 2")));
    assert_eq!(split_chain("p 'a;b'"), ("p 'a;b'", None));
}

#[test]
fn every_command_has_names_usage_and_help() {
    for spec in COMMANDS {
        assert!(!spec.names.is_empty());
        assert!(
            !spec.usage.is_empty() && !spec.help.is_empty(),
            "{:?}",
            spec.cmd
        );
        for name in spec.names {
            assert_eq!(lookup(name).map(|s| s.cmd), Some(spec.cmd));
        }
    }
    assert!(lookup("next")
        .unwrap()
        .help_text()
        .starts_with("n(ext)\n        Continue"));
}

#[test]
fn shell_words_split_like_shlex() {
    assert_eq!(
        shell_words("a 'b c' \"d\\\"e\" f\\ g").unwrap(),
        vec!["a", "b c", "d\"e", "f g"]
    );
    assert!(shell_words("'open").is_none());
}
