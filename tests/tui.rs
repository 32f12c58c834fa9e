//! End-to-end: the real binary in a real terminal (tmux), driven by keys, read back from
//! the reconstructed screen.

mod common;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    name: String,
}

impl Tmux {
    fn start(dir: &std::path::Path, command: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let name = format!("rdb-e2e-{}-{n}", std::process::id());
        // The tmux server exits when its last session ends, so a session started just
        // then by a parallel test can fail to connect: try again.
        let mut attempts = 0;
        loop {
            let out = Command::new("tmux")
                .args(["new-session", "-d", "-s", &name, "-x", "100", "-y", "30"])
                .arg("-c")
                .arg(dir)
                .arg(command)
                .env_remove("TMUX")
                .output()
                .expect("tmux is installed (.ci/run installs it)");
            attempts += 1;
            if out.status.success() {
                return Tmux { name };
            }
            assert!(
                attempts < 5,
                "tmux new-session failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, keys])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

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
    assert!(screen.contains("1▶ total = 0"), "{screen}");

    tmux.keys("n");
    let screen = tmux.wait_for("prog.py:2 <module>()");
    assert!(screen.contains("2▶ d = {'a': [1, 2]}"), "{screen}");
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
    tmux.wait_for("ended");
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
    tmux.wait_for("program input");
    tmux.keys("Bob");
    tmux.keys("Enter");
    tmux.wait_for("ended");
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
    tmux.wait_for("ended");
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
        "import sys\nchunk = 'x' * 99 + '\\n'\nfor i in range(200_000):\n    sys.stdout.write(chunk)\nprint('last line')\n",
    );
    tmux.keys("c");
    tmux.wait_for("ended");
    let screen = tmux.wait_for("last line");
    assert!(screen.contains("earlier lines dropped"), "{screen}");
    quit_cleanly(&tmux);
    assert!(screen.contains("last line"), "{screen}");
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
    let command = format!("env -u RUST_BACKTRACE RDB_TEST_PANIC=1 {}", wrapped("p.py"));
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
/// output pane and the rest applies.
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
    assert!(
        screen.contains("theme: \"nonexistent-theme\" is not a bundled theme"),
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
        at("  <module>  prog.py:4") < at("> f  prog.py:1"),
        "{screen}"
    );
    assert!(rows[0].find(" stack ").unwrap() < rows[0].find(" prog.py ").unwrap());
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
