use std::path::Path;

use super::keymap::{Action, Key, KeyCode};
use super::*;

fn read(text: &str) -> (Config, Vec<String>) {
    let (config, errors) = parse(text, Path::new("/home/u/.config/rdb/config.toml"));
    (config, errors.iter().map(ToString::to_string).collect())
}

const FILE: &str = "/home/u/.config/rdb/config.toml";

#[test]
fn an_empty_file_is_the_defaults() {
    let (config, errors) = read("");
    assert!(errors.is_empty());
    assert_eq!(
        config,
        Config {
            source: Some(FILE.into()),
            ..Config::default()
        }
    );
}

#[test]
fn every_setting_is_read() {
    let (config, errors) = read(
        r#"
theme = "base16-ocean.dark"
[layout]
side = "left"
source_width = 70
stack_height = 30
output_height = 20
[stack]
most_recent = "bottom"
[history]
memory_mb = 64
[repr]
maxstring = 40
maxlist = 3
[breakpoints]
save = true
[ui]
mouse = false
[keys]
step = ["x", "f11"]
quit = "ctrl-q"
"#,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert!(!config.mouse);
    assert_eq!(config.theme, Theme::Bundled("base16-ocean.dark".into()));
    assert_eq!(
        config.layout,
        Layout {
            side: Side::Left,
            source_width: 70,
            stack_height: 30,
            output_height: 20
        }
    );
    assert_eq!(config.stack_order, StackOrder::NewestAtBottom);
    assert_eq!(config.history_mb, 64);
    assert_eq!(config.repr.maxstring, 40);
    assert_eq!(config.repr.maxlist, 3);
    assert_eq!(config.repr.maxother, ReprLimits::default().maxother);
    assert!(config.save_breakpoints);
    assert_eq!(
        config.keys.keys_of(Action::Step),
        &[Key::plain('x'), Key::special(KeyCode::F(11))]
    );
    assert_eq!(config.keys.action_for(Key::plain('s')), None);
    assert_eq!(config.keys.action_for(Key::plain('q')), None);
    assert_eq!(
        config.keys.action_for(Key::parse("ctrl-q").unwrap()),
        Some(Action::Quit)
    );
}

#[test]
fn theme_paths_are_relative_to_the_file() {
    let (config, _) = read(r#"theme = "themes/mine.tmTheme""#);
    assert_eq!(
        config.theme,
        Theme::File("/home/u/.config/rdb/themes/mine.tmTheme".into())
    );
    let (config, _) = read(r#"theme = "/abs/x.tmTheme""#);
    assert_eq!(config.theme, Theme::File("/abs/x.tmTheme".into()));
}

/// Each bad entry: its message, and the rest of the file still applies.
#[test]
fn every_error_names_the_file_and_the_key() {
    let cases: &[(&str, &str)] = &[
        ("colour = 1", "colour: unknown key (known here: theme, layout, stack, history, ui, repr, breakpoints, keys)"),
        ("theme = 3", "theme: expected a string, found integer"),
        ("layout = 3", "layout: expected a table ([layout]), found integer"),
        ("[layout]\nside = \"top\"", r#"layout.side: "top" is not one of "left", "right""#),
        ("[layout]\nsource_width = 95", "layout.source_width: 95 is out of range: it must be from 20 to 85"),
        ("[layout]\nstack_height = \"big\"", "layout.stack_height: expected a whole number from 10 to 90, found string"),
        ("[layout]\noutput_height = 5", "layout.output_height: 5 is out of range: it must be from 10 to 60"),
        ("[layout]\nwidth = 5", "layout.width: unknown key (known here: side, source_width, stack_height, output_height)"),
        ("[stack]\nmost_recent = \"up\"", r#"stack.most_recent: "up" is not one of "top", "bottom""#),
        ("[stack]\norder = 1", "stack.order: unknown key (known here: most_recent)"),
        ("[history]\nmemory_mb = 0", "history.memory_mb: 0 is out of range: it must be from 1 to 1048576"),
        ("[history]\nsize = 0", "history.size: unknown key (known here: memory_mb)"),
        ("[repr]\nmaxstring = -1", "repr.maxstring: -1 is out of range: it must be from 1 to 1000000"),
        ("[repr]\nmaxstr = 10", "repr.maxstr: unknown key (known here: maxlevel, maxtuple, maxlist, maxdict, maxset, maxstring, maxlong, maxother)"),
        ("[breakpoints]\nsave = \"yes\"", "breakpoints.save: expected true or false, found string"),
        ("[ui]\nmouse = 1", "ui.mouse: expected true or false, found integer"),
        ("[breakpoints]\nfile = 1", "breakpoints.file: unknown key (known here: save)"),
        ("[keys]\nstep = \"ctrl-\"", r#"keys.step: "ctrl-" is not a key: a key is one character or a name, with optional ctrl- or alt- ("n", "N", "space", "f5", "pgdn", "ctrl-n")"#),
        ("[keys]\nstep = 5", "keys.step: expected a string, found integer"),
        ("[keys]\nstep = \"x\"\nnext = \"x\"", r#"keys.next: "x" is already bound to step"#),
    ];
    for (text, message) in cases {
        let touches_history = text.contains("[history]");
        let full = if touches_history {
            text.to_string()
        } else {
            format!("{text}\n[history]\nmemory_mb = 7\n")
        };
        let (config, errors) = read(&full);
        assert_eq!(errors, vec![format!("{FILE}: {message}")], "for {text:?}");
        if !touches_history {
            assert_eq!(config.history_mb, 7, "the rest of {text:?} applies");
        }
    }
    let (_, errors) = read("[keys]\nstepp = \"x\"");
    assert!(
        errors[0].starts_with(&format!(
            "{FILE}: keys.stepp: unknown action (actions: step, next, return,"
        )),
        "{errors:?}"
    );
}

#[test]
fn a_syntax_error_gives_the_line_and_all_defaults() {
    let (config, errors) = read("[history]\nmemory_mb = 7\n[layout\nside = 1\n");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{FILE}: line 3: ")),
        "{errors:?}"
    );
    assert!(errors[0].ends_with("; using the defaults"), "{errors:?}");
    assert!(!errors[0].contains('\n'));
    assert_eq!(config.history_mb, Config::default().history_mb);
}

#[test]
fn a_missing_explicit_file_is_an_error() {
    let err = load(Some(Path::new("/nonexistent/rdb.toml"))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/nonexistent/rdb.toml: cannot read it: No such file or directory (os error 2)"
    );
}

#[test]
fn the_rendered_configuration_reads_back_the_same() {
    let (config, errors) = read(
        "theme = \"x/y.tmTheme\"\n[keys]\nstep = [\"x\", \"space\", \"\\\"\"]\n[stack]\nmost_recent = \"bottom\"\n[repr]\nmaxdict = 9\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let text = render(&config, &["rdb-ansi"]);
    let (again, errors) = read(&text);
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    assert_eq!(again, config, "{text}");
    let (defaults, _) = read(&render(&Config::default(), &["rdb-ansi"]));
    assert_eq!(defaults.keys, Keymap::default());
}
