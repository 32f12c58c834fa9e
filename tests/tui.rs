//! End-to-end: the real binary in a real terminal (tmux), driven by keys, read back from
//! the reconstructed screen.

mod common;
use common::tmux::Tmux;
use std::process::Command;
use std::time::{Duration, Instant};

/// The shell command that runs rdb and then reports its exit status and the terminal
/// mode (`icanon` when cooked, `-icanon` when left raw).
fn wrapped(rdb_args: &str) -> String {
    let rdb = env!("CARGO_BIN_EXE_rdb");
    format!(
        "XDG_CONFIG_HOME=./.config {rdb} {rdb_args}; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 30"
    )
}

fn cooked_mode(screen: &str) -> bool {
    screen.lines().any(|l| l.trim() == "icanon")
}

/// Writes `file` with `source` into a fresh folder and runs rdb on it in tmux, waiting
/// for the first stop.
fn debug(file: &str, source: &str) -> (tempfile::TempDir, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), source).unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped(file));
    tmux.wait_for(&format!("{file}:1 <module>()"));
    (dir, tmux)
}

/// `q`, then rdb must have exited 0 with the terminal back in cooked mode.
fn quit_cleanly(tmux: &Tmux) -> String {
    tmux.keys("q");
    let screen = tmux.wait_for("icanon");
    assert!(
        screen.contains("EXIT=0") && cooked_mode(&screen),
        "{screen}"
    );
    screen
}

#[test]
fn step_through_a_script_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("prog.py"),
        "total = 0\nd = {'a': [1, 2]}\nfor i in range(3):\n    total += i\nprint('total is', total)\n",
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped("prog.py"));

    let screen = tmux.wait_for("prog.py:1 <module>()");
    assert!(screen.contains("paused"), "{screen}");
    assert!(screen.contains("1 ▶ total = 0"), "{screen}");

    tmux.keys("n");
    let screen = tmux.wait_for("prog.py:2 <module>()");
    assert!(screen.contains("2 ▶ d = {'a': [1, 2]}"), "{screen}");
    assert!(
        screen.contains("total int 0"),
        "locals show the assignment:\n{screen}"
    );

    tmux.keys("n");
    tmux.wait_for("prog.py:3 <module>()");
    // Focus the variables pane, select `d`, expand it.
    tmux.keys("Tab");
    tmux.keys("Tab");
    tmux.keys("j");
    tmux.keys("Enter");
    let screen = tmux.wait_for("'a' list [1, 2]");
    assert!(screen.contains("▾ d"), "{screen}");

    tmux.keys("c");
    tmux.wait_for("finished");
    // The output pane shows the prints.
    tmux.wait_for("total is 3");

    tmux.keys("q");
    let screen = tmux.wait_for("icanon");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("total is 3"),
        "output written to the terminal at exit:\n{screen}"
    );
    let mode = screen
        .lines()
        .find(|l| l.trim().ends_with("icanon"))
        .unwrap_or("");
    assert_eq!(
        mode.trim(),
        "icanon",
        "terminal back in cooked mode:\n{screen}"
    );
}

#[test]
fn without_a_terminal_it_asks_for_batch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.py"), "x = 1\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rdb"))
        .current_dir(dir.path())
        .arg("p.py")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("use --batch"), "{err}");
}

#[test]
fn input_is_answered_in_the_interface() {
    let (_dir, tmux) = debug("ask.py", "name = input('Name? ')\nprint('hello', name)\n");
    tmux.keys("c");
    tmux.wait_for("input: Name?");
    tmux.keys("Bob");
    tmux.keys("Enter");
    tmux.wait_for("finished");
    let screen = tmux.wait_for("hello Bob");
    assert!(screen.contains("Name? Bob"), "{screen}");
    quit_cleanly(&tmux);
}

#[test]
fn piped_stdin_goes_to_the_program_and_keys_come_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cat.py"),
        "import sys\ndata = sys.stdin.read()\nprint('got', data.strip())\n",
    )
    .unwrap();
    let tmux = Tmux::start(
        dir.path(),
        &format!("echo piped-data | {}", wrapped("cat.py")),
    );
    tmux.wait_for("cat.py:1 <module>()");
    tmux.keys("c");
    tmux.wait_for("finished");
    tmux.wait_for("got piped-data");
    tmux.keys("q");
    tmux.wait_for("EXIT=0");
}

#[test]
fn os_exit_restores_the_terminal_and_keeps_its_status() {
    let (_dir, tmux) = debug(
        "bye.py",
        "import os\nprint('bye now', flush=True)\nos._exit(4)\n",
    );
    tmux.keys("c");
    let screen = tmux.wait_for("icanon");
    assert!(screen.contains("EXIT=4"), "{screen}");
    assert!(screen.contains("bye now"), "{screen}");
    assert!(cooked_mode(&screen), "{screen}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("idle.py"), "x = 1\n").unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped("idle.py"));
    tmux.wait_for("idle.py:1 <module>()");
    let out = Command::new("tmux")
        .args(["list-panes", "-t", &tmux.name, "-F", "#{pane_pid}"])
        .output()
        .unwrap();
    let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let killed = Command::new("pkill")
        .args(["-TERM", "-P", &shell, "-f", "rdb"])
        .status()
        .unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("icanon");
    assert!(screen.contains("EXIT=143"), "{screen}");
    assert!(cooked_mode(&screen), "{screen}");
}

#[test]
fn resizing_below_the_minimum_says_so_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.py"), "x = 1\ny = 2\n").unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped("r.py"));
    tmux.wait_for("r.py:1 <module>()");
    let resize = |w: &str, h: &str| {
        let ok = Command::new("tmux")
            .args(["resize-window", "-t", &tmux.name, "-x", w, "-y", h])
            .status()
            .unwrap();
        assert!(ok.success());
    };
    resize("20", "5");
    tmux.wait_for("terminal too small");
    // Keys do nothing while the panes cannot be shown.
    tmux.keys("n");
    std::thread::sleep(Duration::from_millis(300));
    resize("100", "30");
    tmux.wait_for("r.py:1 <module>()");
    tmux.keys("n");
    tmux.wait_for("r.py:2 <module>()");
    quit_cleanly(&tmux);
}

#[test]
fn ctrl_c_pauses_a_running_program_and_output_streams_meanwhile() {
    let (_dir, tmux) = debug(
        "spin.py",
        "import time\ni = 0\nwhile True:\n    i += 1\n    if i % 200000 == 0:\n        print('tick', i, flush=True)\n",
    );
    tmux.keys("c");
    tmux.wait_for("running");
    tmux.wait_for("tick 200000");
    tmux.keys("C-c");
    let screen = tmux.wait_for("paused");
    assert!(screen.contains("Program interrupted"), "{screen}");
    assert!(screen.contains("spin.py:"), "{screen}");
    quit_cleanly(&tmux);
}

#[test]
fn a_flood_of_output_keeps_the_interface_responsive_and_bounded() {
    let (_dir, tmux) = debug(
        "flood.py",
        "import sys\nchunk = 'x' * 90 + '\\n'\nfor i in range(200_000):\n    sys.stdout.write('%06d' % i + chunk)\nprint('last line')\n",
    );
    tmux.keys("c");
    tmux.wait_for("finished");
    tmux.wait_for("last line");
    // The scroll-back holds the newest 10,000 rows; each 96-character line takes two
    // rows of the 53-column pane, so its oldest line is about 195,000.
    tmux.keys("o");
    tmux.keys("g");
    let oldest_on = |screen: &str| {
        screen
            .lines()
            .filter_map(|l| l.trim_start_matches('│').get(..6)?.parse::<u32>().ok())
            .min()
    };
    // `o` alone may already show the pane scrolled back: wait for `g`'s top.
    let screen = tmux.wait_until("the top of the scroll-back", |s| {
        s.contains("scrolled back") && oldest_on(s).is_some_and(|n| n < 199_000)
    });
    let oldest = oldest_on(&screen).unwrap_or_else(|| panic!("no numbered line in\n{screen}"));
    assert!(
        (194_000..196_000).contains(&oldest),
        "oldest kept line {oldest}:\n{screen}"
    );
    quit_cleanly(&tmux);
}

#[test]
fn a_repr_that_raises_is_shown_as_such_and_stepping_goes_on() {
    let (_dir, tmux) = debug(
        "bad.py",
        "class Bad:\n    def __repr__(self):\n        raise ValueError('nope')\n\nb = Bad()\nx = 1\ny = 2\n",
    );
    tmux.keys("n");
    tmux.wait_for("bad.py:5 <module>()");
    tmux.keys("n");
    let screen = tmux.wait_for("bad.py:6 <module>()");
    assert!(screen.contains("<repr failed: ValueError('"), "{screen}");
    tmux.keys("n");
    tmux.wait_for("bad.py:7 <module>()");
    tmux.keys("q");
    tmux.wait_for("EXIT=0");
}

#[test]
fn a_repr_that_never_returns_times_out_and_stepping_goes_on() {
    let (_dir, tmux) = debug(
        "hang.py",
        "class Hang:\n    def __repr__(self):\n        while True:\n            pass\n\nh = Hang()\nx = 1\ny = 2\n",
    );
    tmux.keys("n");
    tmux.wait_for("hang.py:6 <module>()");
    tmux.keys("n");
    let screen = tmux.wait_for("hang.py:7 <module>()");
    assert!(screen.contains("<repr timed out>"), "{screen}");
    tmux.keys("n");
    let screen = tmux.wait_for("hang.py:8 <module>()");
    assert!(screen.contains("int 1"), "{screen}");
    tmux.keys("q");
    let screen = tmux.wait_for("icanon");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

#[test]
fn present_flag_starts_in_presentation_mode() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.py"), "x = 1\n").unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped("--present p.py"));
    let screen = tmux.wait_for("p.py:1 <module>()");
    assert!(
        !screen.contains("? help"),
        "no hints in presentation mode:\n{screen}"
    );
    assert!(!screen.contains('│'), "no side borders:\n{screen}");
    tmux.keys("P");
    tmux.wait_for("? help");
    quit_cleanly(&tmux);
}

#[test]
fn a_panic_restores_the_terminal_and_reports_in_one_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.py"), "print('hello from the program')\n").unwrap();
    let command = format!(
        "env -u RUST_BACKTRACE RDB_TEST_PANIC=ui {}",
        wrapped("p.py")
    );
    let tmux = Tmux::start(dir.path(), &command);
    let screen = tmux.wait_for("icanon");
    assert!(screen.contains("EXIT=101"), "{screen}");
    assert!(cooked_mode(&screen), "{screen}");
    let report = screen.replace('\n', "");
    assert!(
        report.contains("rdb: internal error: RDB_TEST_PANIC is set at src/ui/mod.rs")
            && report.contains("This is a bug in rdb, not in your program"),
        "{screen}"
    );
    assert!(!screen.contains("panicked at"), "{screen}");
}

#[test]
fn huge_values_show_bounded_and_stepping_goes_on() {
    let (_dir, tmux) = debug(
        "huge.py",
        "def nest(n):\n    d = []\n    for _ in range(n):\n        d = [d]\n    return d\n\
         big = 'x' * 10_000_000\nmany = list(range(10**6))\ndeep = nest(500)\nend = 1\n",
    );
    for line in [6, 7, 8, 9] {
        tmux.keys("n");
        tmux.wait_for(&format!("huge.py:{line} <module>()"));
    }
    let screen = tmux.screen();
    for row in [
        "big  str 'xxxx",
        "many list [0, 1, 2, 3, 4, 5, ...]",
        "deep list [[[[[[[...]]]]]]]",
    ] {
        assert!(screen.contains(row), "{row:?} not in\n{screen}");
    }
    quit_cleanly(&tmux);
}

#[test]
fn latin1_and_bom_sources_show_their_characters() {
    let dir = tempfile::tempdir().unwrap();
    common::write_latin1_and_bom_sources(dir.path());
    for (file, line, text) in [
        ("lat.py", 2, "name = \"café\""),
        ("bom.py", 1, "word = \"naïve\""),
    ] {
        let tmux = Tmux::start(dir.path(), &wrapped(file));
        let screen = tmux.wait_for(&format!("{file}:{line} <module>()"));
        assert!(screen.contains(text), "{screen}");
        assert!(!screen.contains('\u{fffd}'), "{screen}");
        quit_cleanly(&tmux);
    }
}

/// A configuration file rebinds keys and arranges the panes; a bad entry is shown in the
/// console and the rest applies.
#[test]
fn a_configuration_file_rebinds_keys_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("prog.py"),
        "def f(n):\n    return n + 1\n\nx = f(1)\ny = f(x)\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".config/rdb")).unwrap();
    std::fs::write(
        dir.path().join(".config/rdb/config.toml"),
        "theme = \"nonexistent-theme\"\n[keys]\nnext = [\"x\"]\nstep = \"n\"\nquit = \"Q\"\n\
         [layout]\nside = \"left\"\n[stack]\nmost_recent = \"bottom\"\n",
    )
    .unwrap();
    let tmux = Tmux::start(dir.path(), &wrapped("prog.py"));
    let screen = tmux.wait_for("prog.py:1 <module>()");
    let console = bottom_panes(&screen).1.replace('\n', "");
    assert!(
        console.contains("existent-theme\" is not a bundled theme"),
        "{screen}"
    );
    assert!(screen.contains("Q quit"), "{screen}");
    tmux.keys("x");
    tmux.wait_for("prog.py:4 <module>()");
    tmux.keys("n");
    let screen = tmux.wait_for("prog.py:1 f()");
    let rows: Vec<&str> = screen.lines().collect();
    let at = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    assert!(
        at("  <module>  prog.py:4") < at("> f(n=1)  prog.py:1"),
        "{screen}"
    );
    assert!(rows[0].find(" stack").unwrap() < rows[0].find(" prog.py ").unwrap());
    tmux.keys("q");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!tmux.screen().contains("EXIT="), "q is no longer quit");
    tmux.keys("Q");
    let screen = tmux.wait_for("icanon");
    assert!(
        screen.contains("EXIT=0") && cooked_mode(&screen),
        "{screen}"
    );
}

/// The bottom panes' text: (output, console), cut at the console's left border.
fn bottom_panes(screen: &str) -> (String, String) {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains("┌ console") || r.contains(" console "))
        .unwrap_or_else(|| panic!("no console pane in\n{screen}"));
    let cut = rows[top]
        .char_indices()
        .map(|(i, _)| i)
        .zip(rows[top].chars())
        .filter(|(_, c)| *c == '┌')
        .map(|(i, _)| i)
        .nth(1)
        .unwrap_or_else(|| rows[top].find(" console ").unwrap());
    let (mut output, mut console) = (String::new(), String::new());
    for row in rows[top + 1..].iter().take_while(|r| {
        !r.starts_with('└')
            && !r.starts_with(" paused")
            && !r.starts_with(" finished")
            && !r.starts_with(" running")
    }) {
        let col = row
            .char_indices()
            .nth(rows[top][..cut].chars().count())
            .map_or(row.len(), |(i, _)| i);
        output.push_str(row[..col].trim_matches(|c| c == '│' || c == ' '));
        output.push('\n');
        console.push_str(row[col..].trim_matches(|c| c == '│' || c == ' '));
        console.push('\n');
    }
    (output, console)
}

fn start_sized(dir: &std::path::Path, args: &str, width: u16, height: u16) -> Tmux {
    let tmux = Tmux::start(dir, &wrapped(args));
    tmux.resize(width, height);
    tmux
}

#[test]
fn output_keeps_its_order_and_debugger_messages_stay_in_the_console() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("order.py"),
        "import sys\n\
         def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n\
         print(fact(6))\n\
         for i in range(6):\n    print('out', i, flush=True)\n    print('err', i, file=sys.stderr, flush=True)\n\
         print('all', 'done')\n",
    )
    .unwrap();
    // Five runs in a row: a race between the two streams would show as a flake.
    for run in 0..5 {
        let tmux = start_sized(dir.path(), "order.py", 120, 70);
        tmux.wait_for("order.py:1 <module>()");
        tmux.keys("n");
        tmux.wait_for("order.py:2 <module>()");
        tmux.keys("n");
        tmux.wait_for("order.py:4 <module>()");
        // `n` over a line that prints: the value in the output, pdb's words apart.
        tmux.keys("n");
        let screen = tmux.wait_for("order.py:5 <module>()");
        let (output, _) = bottom_panes(&screen);
        assert!(output.contains("720"), "run {run}:\n{screen}");
        tmux.keys("c");
        let screen = tmux.wait_for("all done");
        let (output, console) = bottom_panes(&screen);
        let lines: Vec<&str> = output.lines().filter(|l| !l.is_empty()).collect();
        let mut want = vec!["720".to_string()];
        for i in 0..6 {
            want.push(format!("out {i}"));
            want.push(format!("err {i}"));
        }
        want.push("all done".into());
        assert_eq!(lines, want, "run {run}:\n{screen}");
        for line in ["The program finished", "--Return--", "--Call--"] {
            assert!(
                !output.contains(line),
                "run {run}: {line:?} in the output:\n{screen}"
            );
        }
        let screen = tmux.wait_for("The program finished");
        assert!(
            bottom_panes(&screen).1.contains("The program finished"),
            "{console}"
        );
        quit_cleanly(&tmux);
    }
}

#[test]
fn the_program_terminal_is_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("term.py"),
        "import os, sys\n\
         def f():\n\treturn 'tabbed'\n\
         print('tty', sys.stdout.isatty(), sys.stderr.isatty())\n\
         print('size', os.get_terminal_size().columns, os.get_terminal_size().lines)\n\
         print('col1\\tcol2')\n\
         print('\\x1b[31mred text\\x1b[0m')\n\
         for i in range(5):\n    print('\\rprogress %d/5' % (i + 1), end='', flush=True)\n\
         print()\n\
         f()\n",
    )
    .unwrap();
    let tmux = start_sized(dir.path(), "term.py", 100, 40);
    let screen = tmux.wait_for("term.py:1 <module>()");
    // A tab-indented body shows indented in the source, as Python reads it.
    assert!(
        screen.contains("   3           return 'tabbed'"),
        "{screen}"
    );
    tmux.keys("c");
    let screen = tmux.wait_for("finished");
    let (output, _) = bottom_panes(&screen);
    assert!(output.contains("tty True True"), "{screen}");
    assert!(output.contains("col1    col2"), "{screen}");
    assert!(
        output.contains("progress 5/5") && !output.contains("progress 1/5"),
        "{screen}"
    );
    assert!(
        output.contains("red text") && !output.contains("[31m"),
        "{screen}"
    );
    // The program's terminal is the output pane's inside: 55% of 100 columns, less borders.
    assert!(output.contains("size 53 8"), "{screen}");
    let coloured = tmux.screen_escaped();
    assert!(
        coloured.contains("\x1b[31mred text") || coloured.contains("\x1b[38;5;1mred text"),
        "{coloured}"
    );
    quit_cleanly(&tmux);
}

#[test]
fn resizing_while_running_resizes_the_program_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("size.py"),
        "import os, time\nlast = None\nwhile True:\n    now = os.get_terminal_size().columns\n    \
         if now != last:\n        print('columns', now, flush=True)\n        last = now\n    time.sleep(0.02)\n",
    )
    .unwrap();
    let tmux = start_sized(dir.path(), "size.py", 100, 30);
    tmux.wait_for("size.py:1 <module>()");
    tmux.keys("c");
    tmux.wait_for("columns 53");
    tmux.resize(120, 40);
    tmux.wait_for("columns 64");
    tmux.keys("C-c");
    tmux.wait_for("paused");
    quit_cleanly(&tmux);
}

#[test]
fn presentation_mode_at_100x30_keeps_panes_and_names_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pres.py"),
        "def compute_running_total(x):\n    return x + 1 # a comment that is long enough to reach the stack column easily\n\n\
         compute_running_total(1)\n",
    )
    .unwrap();
    let tmux = start_sized(dir.path(), "--present pres.py", 100, 30);
    tmux.wait_for("pres.py:1 <module>()");
    tmux.keys("n");
    tmux.wait_for("pres.py:4 <module>()");
    tmux.keys("s");
    let screen = tmux.wait_for("pres.py:1 compute_running_total");
    let rows: Vec<&str> = screen.lines().collect();
    let stack_col = rows[0]
        .find(" stack")
        .map(|b| rows[0][..b].chars().count())
        .unwrap_or_else(|| panic!("{screen}"));
    for row in &rows[1..12] {
        let before: String = row.chars().skip(stack_col - 1).take(2).collect();
        assert!(
            before.is_empty() || before.starts_with(' '),
            "the source runs into the stack: {row:?}\n{screen}"
        );
    }
    assert!(
        screen.contains("> compute_running_total"),
        "the stack entry keeps the whole name:\n{screen}"
    );
    quit_cleanly(&tmux);
}

#[test]
fn the_history_steps_over_stops_not_over_commands() {
    let (_dir, tmux) = debug(
        "deep.py",
        "def c():\n    return 1\ndef b():\n    return c()\ndef a():\n    return b()\na()\n",
    );
    // Keys pressed while the program runs do nothing: one step at a time.
    for n in 2..=7 {
        tmux.keys("s");
        tmux.wait_for(&format!("history {n}/{n}"));
    }
    tmux.keys("u");
    tmux.wait_for("frame 2 of 3");
    tmux.keys("u");
    tmux.wait_for("frame 1 of 3");
    tmux.keys("d");
    tmux.wait_for("frame 2 of 3");
    tmux.keys("d");
    tmux.wait_for("deep.py:3 b()");
    tmux.keys(":");
    tmux.keys("p 1 + 1");
    tmux.keys("Enter");
    tmux.wait_for("history 7/7");
    tmux.keys("Left");
    let screen = tmux.wait_for("history 6/7 (past)");
    assert!(
        screen.contains("deep.py:6 a()"),
        "one key, one execution stop back:\n{screen}"
    );
    // the commands say what the line interface says, in the console
    tmux.keys(":");
    tmux.keys("back 2");
    tmux.keys("Enter");
    let screen = tmux.wait_for("history 4/7 (past)");
    assert!(screen.contains("> "), "{screen}");
    tmux.keys(":");
    tmux.keys("history");
    tmux.keys("Enter");
    tmux.wait_for("7 stops kept");
    tmux.keys(":");
    tmux.keys("forward 9");
    tmux.keys("Enter");
    tmux.wait_for("history 7/7");
    tmux.keys(":");
    tmux.keys("forward");
    tmux.keys("Enter");
    tmux.wait_for("*** Already at the present");
    quit_cleanly(&tmux);
}

#[test]
fn a_double_ctrl_c_gets_a_program_out_of_a_long_sleep() {
    let (_dir, tmux) = debug("nap.py", "import time\ntime.sleep(30)\nprint('after')\n");
    tmux.keys("c");
    tmux.wait_for("running");
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    tmux.keys("C-c");
    tmux.keys("C-c");
    let screen = tmux.wait_for("KeyboardInterrupt");
    assert!(start.elapsed() < Duration::from_secs(5), "{screen}");
    tmux.wait_for("paused");
    quit_cleanly(&tmux);
}

#[test]
fn questions_are_asked_in_the_console_and_only_the_answer_is_taken() {
    let (_dir, tmux) = debug("q.py", "x = 1\ny = 2\nz = 3\n");
    tmux.keys(":");
    tmux.keys("break 2");
    tmux.keys("Enter");
    tmux.wait_for("Breakpoint 1 at");
    tmux.keys(":");
    tmux.keys("clear");
    tmux.keys("Enter");
    tmux.wait_for("Clear all breaks? (y/n)");
    tmux.keys("s");
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.screen();
    assert!(
        screen.contains("q.py:1 <module>()"),
        "s was not taken as a step:\n{screen}"
    );
    tmux.keys("y");
    tmux.wait_for("Deleted breakpoint 1");
    // An empty command line repeats the last command, as in pdb.
    tmux.keys(":");
    tmux.keys("n");
    tmux.keys("Enter");
    tmux.wait_for("q.py:2 <module>()");
    tmux.keys(":");
    tmux.keys("Enter");
    tmux.wait_for("q.py:3 <module>()");
    quit_cleanly(&tmux);
}

#[test]
fn restart_while_running_asks_first_and_marks_the_new_run() {
    // the output's words are not the source's: the source pane shows the source at once
    let (_dir, tmux) = debug(
        "loop.py",
        "import time\nprint('run', 'started', flush=True)\nwhile True:\n    time.sleep(0.01)\n",
    );
    tmux.keys("c");
    tmux.wait_for_all(&["run started", " running "]);
    tmux.keys("R");
    tmux.wait_for("Restart? It is running (y/n)");
    tmux.keys("y");
    let screen = tmux.wait_for("the program starts again");
    assert!(screen.contains("run started"), "{screen}");
    tmux.wait_for("loop.py:1 <module>()");
    quit_cleanly(&tmux);
}

#[test]
fn errors_stand_out_in_the_console() {
    let (_dir, tmux) = debug("e.py", "x = 1\n");
    tmux.keys(":");
    tmux.keys("p undefined_name");
    tmux.keys("Enter");
    tmux.wait_for("*** NameError");
    let coloured = tmux.screen_escaped();
    let line = coloured
        .lines()
        .find(|l| l.contains("*** NameError"))
        .unwrap_or_default();
    let red = line.contains("31m") || line.contains("38;5;1m");
    assert!(line.contains("\x1b[1m") && red, "bold red: {line:?}");
    quit_cleanly(&tmux);
}

#[test]
fn input_in_a_program_thread_is_answered_through_the_interface() {
    let (dir, tmux) = debug(
        "ta.py",
        "import threading\n\
         def ask():\n    open('answer.txt', 'w').write(input('thread asks: '))\n\
         t = threading.Thread(target=ask)\nt.start()\nt.join()\nprint('answered')\n",
    );
    tmux.keys("c");
    tmux.wait_for("input: thread asks:");
    tmux.keys("yes please");
    tmux.keys("Enter");
    tmux.wait_for("answered");
    // q while it still runs would ask first: wait for the end.
    tmux.wait_for("R restart, q quit");
    quit_cleanly(&tmux);
    let answer = std::fs::read_to_string(dir.path().join("answer.txt")).unwrap();
    assert_eq!(answer, "yes please");
}

#[test]
fn os_exit_in_a_program_thread_restores_the_terminal_with_its_status() {
    let (_dir, tmux) = debug(
        "tx.py",
        "import os, threading, time\n\
         threading.Thread(target=lambda: os._exit(3)).start()\ntime.sleep(10)\n",
    );
    tmux.keys("c");
    let screen = tmux.wait_for("icanon");
    assert!(
        screen.contains("EXIT=3") && cooked_mode(&screen),
        "{screen}"
    );
}

#[test]
fn a_panic_in_the_trace_function_ends_rdb_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.py"),
        "import time\nopen('started', 'w')\ntime.sleep(1)\nopen('late', 'w')\n",
    )
    .unwrap();
    let command = format!(
        "env -u RUST_BACKTRACE RDB_TEST_PANIC=trace {}",
        wrapped("p.py")
    );
    let tmux = Tmux::start(dir.path(), &command);
    let screen = tmux.wait_for("icanon");
    assert!(
        screen.contains("EXIT=101") && cooked_mode(&screen),
        "{screen}"
    );
    let report = screen.replace('\n', "");
    assert!(
        report.contains("rdb: internal error: RDB_TEST_PANIC=trace is set at src/session/mod.rs"),
        "{screen}"
    );
    assert!(
        !screen.contains("panicked at") && !screen.contains("┌"),
        "{screen}"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !dir.path().join("late").exists(),
        "the program kept running"
    );
}

#[test]
fn continue_at_the_post_mortem_prompt_restarts_as_pdb_says() {
    let (_dir, tmux) = debug("boom.py", "x = 1\nraise ValueError('boom')\n");
    tmux.keys("c");
    let screen = tmux.wait_for("post-mortem");
    assert!(
        bottom_panes(&screen)
            .1
            .replace('\n', "")
            .contains("Running 'cont' or 'step' will restart the program"),
        "{screen}"
    );
    tmux.keys("c");
    let screen = tmux.wait_for("boom.py:1 <module>()");
    assert!(screen.contains("the program starts again"), "{screen}");
    quit_cleanly(&tmux);
}

#[test]
fn a_file_edited_between_runs_is_shown_as_it_is_now() {
    let (dir, tmux) = debug("edit.py", "x = 'first version'\n");
    tmux.wait_for("first version");
    tmux.keys("c");
    tmux.wait_for("finished");
    std::fs::write(dir.path().join("edit.py"), "x = 'second version'\n").unwrap();
    tmux.keys("R");
    let screen = tmux.wait_for("second version");
    assert!(!screen.contains("first version"), "{screen}");
    quit_cleanly(&tmux);
}

#[test]
fn a_breakpoint_command_list_is_typed_at_its_own_prompt_and_runs_at_each_hit() {
    let (_dir, tmux) = debug(
        "cl.py",
        "def f(x):\n    y = x * 10\n    return y\n\nfor i in range(2):\n    f(i)\nprint('done')\n",
    );
    for line in ["b 3", "commands 1"] {
        tmux.keys(":");
        tmux.keys(line);
        tmux.keys("Enter");
    }
    tmux.wait_for("(com) ");
    tmux.keys("p ('listed', y)");
    tmux.keys("Enter");
    // The echoed line, and the prompt open again for the next.
    tmux.wait_for_count("(com) ", 2);
    // (tmux reads a lone "end" as the End key.)
    tmux.keys("en");
    tmux.keys("d");
    tmux.keys("Enter");
    tmux.keys("c");
    let screen = tmux.wait_for("('listed', 0)");
    assert!(
        screen.contains("cl.py:3 f()"),
        "the prompt follows the list: {screen}"
    );
    tmux.keys("c");
    tmux.wait_for("('listed', 10)");
    quit_cleanly(&tmux);
}

#[test]
fn the_programs_own_pdb_set_trace_and_post_mortem_stop_in_the_interface() {
    let (_dir, tmux) = debug(
        "own.py",
        "import pdb\n\
         def f():\n    here = 'in f'\n    pdb.set_trace()\n    return here\n\
         f()\n\
         try:\n    1 / 0\nexcept ZeroDivisionError:\n    pdb.post_mortem()\n\
         print('after both')\n",
    );
    tmux.keys("c");
    // 3.13's set_trace stops at the next instruction, still on the call's line
    let line = if common::python_minor() >= 13 { 4 } else { 5 };
    let screen = tmux.wait_for(&format!("own.py:{line} f()"));
    assert!(screen.contains("here str 'in f'"), "{screen}");
    assert!(
        !screen.contains("(Pdb)"),
        "no pdb prompt of its own: {screen}"
    );
    tmux.keys("c");
    let screen = tmux.wait_for("post-mortem");
    assert!(screen.contains("own.py:8 <module>()"), "{screen}");
    tmux.keys("c");
    tmux.wait_for("after both");
    tmux.wait_for("R restart, q quit");
    quit_cleanly(&tmux);
}

#[test]
fn debug_nests_a_session_whose_level_the_status_line_shows() {
    let (_dir, tmux) = debug(
        "nest.py",
        "def f(n):\n    twice = n * 2\n    return twice\n\nprint(f(1))\n",
    );
    tmux.keys("n");
    tmux.wait_for("nest.py:5 <module>()");
    tmux.keys(":");
    tmux.keys("debug f(21)");
    tmux.keys("Enter");
    let screen = tmux.wait_for("debug 1 ·");
    assert!(screen.contains("ENTERING RECURSIVE DEBUGGER"), "{screen}");
    tmux.keys("s");
    tmux.wait_for("nest.py:1 f()");
    tmux.keys("n");
    tmux.wait_for("nest.py:2 f()");
    tmux.keys("n");
    let screen = tmux.wait_for("nest.py:3 f()");
    assert!(
        screen.contains("twice int 42"),
        "the nested call's own values: {screen}"
    );
    tmux.keys("c");
    tmux.wait_for("LEAVING RECURSIVE DEBUGGER");
    // the message comes before the outer stop is shown again: wait for that stop
    let screen = tmux.wait_for("line  nest.py:5 <module>()");
    let status = screen.lines().last().unwrap_or_default().to_string();
    assert!(!status.contains("debug 1"), "{screen}");
    quit_cleanly(&tmux);
}

#[test]
fn cursor_breakpoints_work_in_a_folder_whose_name_has_a_comma_and_a_colon() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("with, comma:colon");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("prog.py"),
        "total = 0\nfor i in range(5):\n    total += i\nprint('total', total)\ndone = True\n",
    )
    .unwrap();
    let tmux = Tmux::start(&dir, &wrapped("prog.py"));
    tmux.wait_for("prog.py:1 <module>()");
    tmux.keys("j");
    tmux.keys("j");
    tmux.keys("b");
    let screen = tmux.wait_for("Breakpoint 1 at");
    assert!(!screen.contains("***"), "{screen}");
    tmux.keys("c");
    tmux.wait_for("prog.py:3 <module>()");
    // the cursor is on the running line, which holds the breakpoint: b clears it
    tmux.keys("b");
    tmux.wait_for("Deleted breakpoint 1");
    tmux.keys("j");
    tmux.keys("j");
    tmux.keys("t");
    let screen = tmux.wait_for_all(&["prog.py:5 <module>()", "total 10"]);
    assert!(!screen.contains("***"), "{screen}");
    quit_cleanly(&tmux);
}

const THREE_DEEP: &str = "def grandchild(items, k):\n    items.append(k)\n    total = sum(items)\n    return total\n\n\
def child(items, n):\n    label = 'child %d' % n\n    return grandchild(items, n * 10)\n\n\
def parent():\n    shared = []\n    alias = shared\n    return child(shared, 1)\n\nprint(parent())\n";

#[test]
fn the_frames_view_shows_every_frame_and_tags_what_they_share() {
    let (_dir, tmux) = debug("fam.py", THREE_DEEP);
    // a projector's worth of room: the boxes' titles whole
    tmux.resize(150, 45);
    tmux.keys(":");
    tmux.keys("b 3");
    tmux.keys("Enter");
    tmux.wait_for("Breakpoint 1 at");
    tmux.keys("c");
    // the stack pane shows arguments and the shared list's tag
    tmux.wait_for_all(&["fam.py:3 grandchild()", "grandchild(items=#1 [10], k=10)"]);
    tmux.keys("F");
    tmux.wait_for_all(&[
        "grandchild(items=#1 [10], k=10)  line 3",
        "child(items=#1 [10], n=1)  line 8",
        "parent()  line 13",
        "label    'child 1'",
        "shared   #1 [10]",
        "alias    #1 [10]",
    ]);
    // the tag is in one colour everywhere (magenta, bold: tag_style(1))
    let coloured = tmux.screen_escaped();
    let tags = coloured.matches("#1 ").count();
    let magenta = coloured.matches("[38;5;5m#1 ").count();
    assert!(
        tags >= 6 && magenta == tags,
        "{tags} tags, {magenta} magenta:\n{coloured}"
    );
    // `F` again: the variables pane is back
    tmux.keys("F");
    tmux.wait_for("┌ locals");
    quit_cleanly(&tmux);
}

#[test]
fn the_mouse_selects_a_frame_and_toggles_a_breakpoint() {
    let (_dir, tmux) = debug("fam.py", THREE_DEEP);
    // a click on line 3's number sets a breakpoint there
    let (_, row) = tmux.locate("total = sum(items)").unwrap();
    tmux.click(3, row);
    tmux.wait_for("Breakpoint 1 at");
    tmux.keys("c");
    tmux.wait_for("fam.py:3 grandchild()");
    // a click on the caller's entry selects its frame
    let (column, row) = tmux.locate("parent()  fam.py:13").unwrap();
    tmux.click(column + 2, row);
    tmux.wait_for_all(&["frame 2 of 4", "fam.py:13 parent()"]);
    // back in the newest frame, a second click on the line number clears the breakpoint
    tmux.keys("d");
    tmux.keys("d");
    tmux.wait_for("fam.py:3 grandchild()");
    let (_, row) = tmux.locate("total = sum(items)").unwrap();
    tmux.click(3, row);
    tmux.wait_for("Deleted breakpoint 1");
    quit_cleanly(&tmux);
}
