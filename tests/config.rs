//! The configuration file and saved breakpoints, through the real binary: what
//! `--print-config` shows, how errors are reported, what the settings change.

mod common;
use common::{finish, rdb, rdb_command, write};

#[test]
fn print_config_shows_every_default_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let run = finish(rdb_command(dir.path(), &["--print-config"]), "");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    for line in [
        "read from no file: the defaults.",
        "theme = \"rdb-ansi\"",
        "[layout]",
        "side = \"right\"",
        "most_recent = \"top\"",
        "memory_mb = 256",
        "maxstring = 120",
        "save = false",
        "step = [\"s\"]",
        "interrupt = [\"ctrl-c\"]",
    ] {
        assert!(run.stdout.contains(line), "no {line:?} in:\n{}", run.stdout);
    }
    // The printed configuration is a valid configuration file saying the same.
    write(dir.path(), "printed.toml", &run.stdout);
    let again = finish(
        rdb_command(dir.path(), &["--config", "printed.toml", "--print-config"]),
        "",
    );
    assert_eq!(again.status, 0, "{}", again.stderr);
    assert_eq!(again.stderr, "");
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&again.stdout), body(&run.stdout));
}

#[test]
fn the_xdg_file_is_read_and_its_errors_are_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        ".config/rdb/config.toml",
        "[history]\nmemory_mb = 12\n[layout]\nsidebar = 3\n[keys]\nnext = \"ctrl-\"\n",
    );
    let run = finish(rdb_command(dir.path(), &["--print-config"]), "");
    assert_eq!(run.status, 1, "errors make --print-config fail");
    let f = file.display();
    assert_eq!(
        run.stderr,
        format!(
            "rdb: {f}: layout.sidebar: unknown key (known here: side, source_width, stack_height, output_height)\n\
             rdb: {f}: keys.next: \"ctrl-\" is not a key: a key is one character or a name, with optional ctrl- or alt- (\"n\", \"N\", \"space\", \"f5\", \"pgdn\", \"ctrl-n\")\n"
        )
    );
    assert!(
        run.stdout.contains(&format!("read from {f}.")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("memory_mb = 12"),
        "the good entries apply"
    );
    assert!(
        run.stdout.contains("next = [\"n\"]"),
        "the bad one keeps its default"
    );

    // A debugging session still starts, with the same errors on stderr.
    write(dir.path(), "prog.py", "x = 1\n");
    let run = rdb(dir.path(), &["prog.py"], "c\n");
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("-> x = 1"), "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
}

#[test]
fn bad_themes_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", "theme = \"Solarized (dark)\"\n");
    let run = finish(
        rdb_command(dir.path(), &["--config", "a.toml", "--print-config"]),
        "",
    );
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
    assert!(run.stdout.contains("theme = \"Solarized (dark)\""));

    write(dir.path(), "b.toml", "theme = \"themes/none.tmTheme\"\n");
    let run = finish(
        rdb_command(dir.path(), &["--config", "b.toml", "--print-config"]),
        "",
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .starts_with("rdb: b.toml: theme: cannot load b.toml/../themes/none.tmTheme")
            || run.stderr.starts_with(&format!(
                "rdb: b.toml: theme: cannot load {}",
                "themes/none.tmTheme"
            )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("theme = \"rdb-ansi\""),
        "the default theme is used"
    );

    write(dir.path(), "c.toml", "theme = \"nord\"\n");
    let run = finish(
        rdb_command(dir.path(), &["--config", "c.toml", "--print-config"]),
        "",
    );
    assert!(
        run.stderr.starts_with(
            "rdb: c.toml: theme: \"nord\" is not a bundled theme (bundled: rdb-ansi, "
        ),
        "{}",
        run.stderr
    );

    write(dir.path(), "d.toml", "[layout\n");
    let run = finish(
        rdb_command(dir.path(), &["--config", "d.toml", "--print-config"]),
        "",
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.starts_with("rdb: d.toml: line 1: "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    write(dir.path(), "prog.py", "x = 1\n");
    let run = rdb(dir.path(), &["--config", "missing.toml", "prog.py"], "c\n");
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "rdb: missing.toml: cannot read it: No such file or directory (os error 2)\n"
    );
    let run = finish(rdb_command(dir.path(), &["--config"]), "");
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (2, "rdb: option --config requires an argument\n")
    );
}

#[test]
fn repr_limits_bound_the_narrative_and_rdb_trace() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prog.py",
        "def f(s):\n    return s * 2\n\nf('a' * 50)\n",
    );
    write(dir.path(), "short.toml", "[repr]\nmaxstring = 12\n");
    let run = rdb(
        dir.path(),
        &["--config", "short.toml", "prog.py"],
        "narrative on\nn\ns\nn\nn\nnarrative call,return\nc\n",
    );
    assert!(
        run.stdout.contains("call f(s='aaa...aaaa')"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("return 'aaa...aaaa'"), "{}", run.stdout);
    let run = rdb(
        dir.path(),
        &["prog.py"],
        "narrative on\nn\ns\nnarrative call\nc\n",
    );
    assert!(
        run.stdout
            .contains(&format!("call f(s='{}')", "a".repeat(50))),
        "{}",
        run.stdout
    );

    let run = finish(
        rdb_command(dir.path(), &["trace", "--config", "short.toml", "prog.py"]),
        "",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("call f(s='aaa...aaaa')"),
        "{}",
        run.stdout
    );
}

#[test]
fn saved_breakpoints_come_back_in_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prog.py",
        "def f(n):\n    return n + 1\n\nx = f(1)\ny = f(x)\nz = 3\n",
    );
    write(dir.path(), "lib/helper.py", "def g():\n    return 1\n");
    let run = rdb(
        dir.path(),
        &["--save-breakpoints", "prog.py"],
        // The program changing directory does not move the file.
        "b f\nb 5, x > 1\ntbreak 6\nb lib/helper.py:2\ndisable 4\n!import os; os.chdir('lib')\nq\n",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!dir.path().join("lib/.rdb-breakpoints.toml").exists());
    let saved = std::fs::read_to_string(dir.path().join(".rdb-breakpoints.toml")).unwrap();
    // From 3.13 pdb puts a function breakpoint on the function's first executable line.
    let f_line = if common::python_minor() >= 13 { 2 } else { 1 };
    assert!(
        saved.contains(&format!(
            "file = \"prog.py\"\nline = {f_line}\nfunction = \"f\""
        )),
        "{saved}"
    );
    assert!(
        saved.contains("file = \"lib/helper.py\"\nline = 2\nenabled = false"),
        "{saved}"
    );

    // The next run starts with them, renumbered from 1, and stops at them.
    let run = rdb(
        dir.path(),
        &["--save-breakpoints", "prog.py"],
        "b\nc\nc\np x\nc\nc\n",
    );
    let out = &run.stdout;
    let file = dir
        .path()
        .canonicalize()
        .unwrap()
        .join(".rdb-breakpoints.toml");
    assert!(
        out.starts_with(&format!("Restored 4 breakpoints from {}\n", file.display())),
        "{out}"
    );
    let prog = dir.path().canonicalize().unwrap().join("prog.py");
    let p = prog.display();
    for row in [
        format!("1   breakpoint   keep yes   at {p}:{f_line}"),
        format!("2   breakpoint   keep yes   at {p}:5\n\tstop only if x > 1"),
        format!("3   breakpoint   del  yes   at {p}:6"),
        "4   breakpoint   keep no    at ".to_string(),
    ] {
        assert!(out.contains(&row), "no {row:?} in:\n{out}");
    }
    assert!(out.contains(&format!("> {p}(2)f()")), "{out}");
    assert!(out.contains(&format!("> {p}(5)<module>()")), "{out}");

    // Without the option nothing is read.
    let run = rdb(dir.path(), &["prog.py"], "b\nc\n");
    assert!(!run.stdout.contains("Restored"), "{}", run.stdout);
    assert!(!run.stdout.contains("breakpoint   keep"), "{}", run.stdout);

    // A line that went away is skipped with a note; clearing all removes the file.
    write(dir.path(), "prog.py", "def f(n):\n    return n + 1\n");
    let run = rdb(
        dir.path(),
        &["--save-breakpoints", "prog.py"],
        "clear\ny\nc\n",
    );
    assert!(
        run.stdout.contains(&format!(
            "*** saved breakpoint at {p}:5 skipped: that line no longer exists or is blank"
        )),
        "{}",
        run.stdout
    );
    assert!(!dir.path().join(".rdb-breakpoints.toml").exists());
}
