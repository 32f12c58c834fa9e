//! A hostile corpus: programs that do what programs should not do to their debugger —
//! close its streams, fork, segfault, call its tracer with junk, recurse 10^5 deep, install
//! their own signal handlers and tracers — each run through the real `rdb` binary, with
//! what the user sees and what is on disk afterwards checked against plain `python` or
//! `python -m pdb` of the same version (or, where neither applies, the sane behaviour
//! named in the test's comment).
//!
//! The programs are in `tests/hostile/`; each test copies the ones it needs into a fresh
//! temporary folder. Every child runs in its own process group under a deadline: a run
//! that does not end in time is killed (with whatever it forked) and the test fails with
//! its output.

mod common;

use common::tmux::Tmux;
use common::{python_minor, write};
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RDB: &str = env!("CARGO_BIN_EXE_rdb");
const PYTHON: &str = env!("RDB_PYTHON_EXECUTABLE");
/// How long any one run may take before it is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(90);

// ---------------------------------------------------------------------------------------
// Running children under a deadline
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct Out {
    status: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Out {
    fn both(&self) -> String {
        format!(
            "status {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::sync::mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = pipe.read_to_end(&mut all);
        let _ = tx.send(all);
    });
    rx
}

fn kill_group(pid: u32) {
    // SAFETY: signalling the process group this test created for its own child.
    unsafe { libc::kill(-(pid as i32), libc::SIGKILL) };
}

/// Runs `cmd` in a process group of its own with `stdin` (None: /dev/null) and waits for
/// it and for its output pipes to close; past the deadline the group is killed and the
/// test fails showing what was read.
fn run(cmd: Command, stdin: Option<&[u8]>, deadline: Duration) -> Out {
    run_paced(
        cmd,
        stdin.map(|bytes| vec![(Duration::ZERO, bytes.to_vec())]),
        deadline,
    )
}

/// `run` with stdin written in chunks, each after its pause.
fn run_paced(mut cmd: Command, stdin: Option<Vec<(Duration, Vec<u8>)>>, deadline: Duration) -> Out {
    cmd.process_group(0)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start the child");
    let pid = child.id();
    if let Some(chunks) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            for (pause, bytes) in chunks {
                std::thread::sleep(pause);
                if pipe.write_all(&bytes).is_err() {
                    break;
                }
            }
        });
    }
    let out_rx = reader(child.stdout.take().unwrap());
    let err_rx = reader(child.stderr.take().unwrap());
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > deadline {
            timed_out = true;
            kill_group(pid);
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    // A forked grandchild may still hold the pipes open.
    let left = deadline.saturating_sub(start.elapsed()) + Duration::from_secs(2);
    let mut take = |rx: std::sync::mpsc::Receiver<Vec<u8>>| match rx.recv_timeout(left) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => {
            timed_out = true;
            kill_group(pid);
            String::from_utf8_lossy(&rx.recv().unwrap_or_default()).into_owned()
        }
    };
    let stdout = take(out_rx);
    let stderr = take(err_rx);
    use std::os::unix::process::ExitStatusExt;
    let out = Out {
        status: status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
        stdout,
        stderr,
        elapsed,
    };
    assert!(
        !timed_out,
        "the run did not end within {deadline:?} and was killed:\n{}",
        out.both()
    );
    out
}

/// The environment every child gets: the test's folder as HOME (no rc file of the
/// machine's user), no configuration but the folder's, no bytecode written.
fn base(program: &str, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RDB_TEST_PANIC")
        // cargo's own library path for test binaries; rdb must not need it.
        .env_remove("LD_LIBRARY_PATH")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}

fn rdb_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = base(RDB, dir);
    cmd.arg("--batch").args(args);
    cmd
}

/// `rdb --batch ARGS` with `stdin` as its command input.
fn rdb(dir: &Path, args: &[&str], stdin: &str) -> Out {
    run(rdb_cmd(dir, args), Some(stdin.as_bytes()), DEADLINE)
}

/// `python -m pdb ARGS` of the Python rdb was built for.
fn pdb(dir: &Path, args: &[&str], stdin: &str) -> Out {
    let mut cmd = base(PYTHON, dir);
    cmd.args(["-m", "pdb"]).args(args);
    run(cmd, Some(stdin.as_bytes()), DEADLINE)
}

/// Plain `python ARGS`.
fn python(dir: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut cmd = base(PYTHON, dir);
    cmd.args(args);
    run(cmd, stdin.map(str::as_bytes), DEADLINE)
}

/// `sh -c SCRIPT` in `dir`, with `$RDB` and `$PY` set.
fn shell(dir: &Path, script: &str) -> Out {
    let mut cmd = base("sh", dir);
    cmd.env("RDB", RDB).env("PY", PYTHON).args(["-c", script]);
    run(cmd, None, DEADLINE)
}

/// pdb's transcript with pdb's prompt spelled as rdb's.
fn as_rdb(pdb_stdout: &str) -> String {
    pdb_stdout.replace("(Pdb) ", "(rdb) ")
}

/// Runs the same commands through rdb and pdb and requires the same transcript and the
/// same exit status; returns rdb's run.
fn same_as_pdb(dir: &Path, args: &[&str], commands: &str) -> Out {
    let ours = rdb(dir, args, commands);
    let theirs = pdb(dir, args, commands);
    assert_eq!(
        ours.stdout,
        as_rdb(&theirs.stdout),
        "rdb's transcript (left) differs from pdb's (right) for {args:?} with commands {commands:?}\n\
         rdb stderr:\n{}",
        ours.stderr
    );
    assert_eq!(
        ours.status,
        theirs.status,
        "exit status: rdb {}, pdb {}",
        ours.both(),
        theirs.both()
    );
    ours
}

/// A fresh folder holding the named programs of `tests/hostile/`.
fn folder(fixtures: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::canonicalize(dir.path()).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for name in fixtures {
        std::fs::copy(src.join(name), real.join(name))
            .unwrap_or_else(|e| panic!("copy fixture {name}: {e}"));
    }
    (dir, real)
}

fn read(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name)).ok()
}

fn assert_no_internal_error(out: &Out) {
    for bad in [
        "internal error",
        "panicked",
        "RUST_BACKTRACE",
        "overflowed its stack",
    ] {
        assert!(
            !out.stderr.contains(bad),
            "{bad:?} on stderr:\n{}",
            out.both()
        );
    }
}

// ---------------------------------------------------------------------------------------
// 1. The program ends as under python
// ---------------------------------------------------------------------------------------

/// `rdb --batch -c continue prog.py </dev/null`: the program runs to the end, and then
/// its atexit handler runs, its non-daemon thread is joined and its unclosed file is
/// flushed, exactly as under `python prog.py`.
#[test]
fn end_of_input_after_continue_runs_atexit_joins_threads_and_flushes() {
    let (_t, dir) = folder(&["end_of_program.py"]);
    let mut cmd = rdb_cmd(&dir, &["-c", "continue", "end_of_program.py"]);
    cmd.stdin(Stdio::null());
    let out = run(cmd, None, DEADLINE);
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(out.stdout.contains("main done"), "{}", out.both());
    assert_eq!(read(&dir, "atexit.txt").as_deref(), Some("atexit ran"));
    assert_eq!(read(&dir, "thread.txt").as_deref(), Some("thread finished"));
    assert_eq!(
        read(&dir, "buffered.txt").as_deref(),
        Some("never closed, never flushed")
    );
    assert_no_internal_error(&out);
}

/// `q` at a breakpoint after the program registered an atexit handler, started a thread
/// and wrote to an unclosed file: the same files appear as under `python -m pdb` with the
/// same commands (pdb quits by raising BdbQuit, so the interpreter ends normally).
#[test]
fn quit_at_a_breakpoint_ends_the_program_as_pdb_does() {
    let (_t, dir) = folder(&["end_of_program.py"]);
    let commands = "b 13\nc\nq\n";
    let out = same_as_pdb(&dir, &["end_of_program.py"], commands);
    let ours: Vec<_> = ["atexit.txt", "thread.txt", "buffered.txt"]
        .iter()
        .map(|f| read(&dir, f))
        .collect();
    for f in ["atexit.txt", "thread.txt", "buffered.txt"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    pdb(&dir, &["end_of_program.py"], commands);
    let theirs: Vec<_> = ["atexit.txt", "thread.txt", "buffered.txt"]
        .iter()
        .map(|f| read(&dir, f))
        .collect();
    assert_eq!(ours, theirs, "files after q: rdb (left), pdb (right)");
    assert_eq!(ours[0].as_deref(), Some("atexit ran"), "{}", out.both());
    assert_eq!(ours[1].as_deref(), Some("thread finished"));
    assert_eq!(ours[2].as_deref(), Some("never closed, never flushed"));
}

/// `sys.exit(3)`, then end of input: pdb reports the exit, restarts, and at end of input
/// exits 0; rdb prints the same transcript and exit status, with or without `-c continue`.
/// The atexit handler the run registered runs once per run, as under pdb.
#[test]
fn sys_exit_3_then_end_of_input_is_reported_and_exits_0_like_pdb() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "ex.py",
        "import atexit, sys\n\
         def note(path=__file__ + '.log'):\n    with open(path, 'a') as f:\n        f.write('atexit\\n')\n\
         atexit.register(note)\nprint('bye')\nsys.exit(3)\n",
    );
    for commands in ["c\n", "c\nc\n", "n\nn\nq\n"] {
        let out = same_as_pdb(&dir, &["ex.py"], commands);
        assert_eq!(out.status, 0);
        let log = |dir: &Path| read(dir, "ex.py.log");
        let _ = std::fs::remove_file(dir.join("ex.py.log"));
        rdb(&dir, &["ex.py"], commands);
        let ours = log(&dir);
        let _ = std::fs::remove_file(dir.join("ex.py.log"));
        pdb(&dir, &["ex.py"], commands);
        assert_eq!(
            ours,
            log(&dir),
            "atexit log for {commands:?}: rdb (left), pdb (right)"
        );
    }
    let mut cmd = rdb_cmd(&dir, &["-c", "continue", "ex.py"]);
    cmd.stdin(Stdio::null());
    let out = run(cmd, None, DEADLINE);
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(
        out.stdout
            .contains("bye\nThe program exited via sys.exit(). Exit status: 3\n"),
        "{}",
        out.both()
    );
}

/// A `__del__` that raises while the interpreter shuts down is reported as python reports
/// it ("Exception ignored in ...") and does not change rdb's exit status.
#[test]
fn a_del_raising_at_shutdown_is_reported_like_python() {
    let (_t, dir) = folder(&["del_at_shutdown.py"]);
    let plain = python(&dir, &["del_at_shutdown.py"], None);
    let out = rdb(&dir, &["del_at_shutdown.py"], "c\n");
    assert_eq!(out.status, plain.status, "{}", out.both());
    for want in [
        "Exception ignored in: <function Bad.__del__",
        "RuntimeError: from __del__ at shutdown",
    ] {
        assert!(plain.stderr.contains(want), "{}", plain.both());
        assert!(out.stderr.contains(want), "{}", out.both());
    }
    assert_no_internal_error(&out);
}

// ---------------------------------------------------------------------------------------
// 2. Quitting
// ---------------------------------------------------------------------------------------

/// `q` makes the program see a `bdb.BdbQuit` (rdb's `rdb.Quit` is a subclass), which it
/// catches and runs on, as under pdb.
#[test]
fn the_program_catches_the_quit_as_bdbquit_and_runs_on_like_pdb() {
    let (_t, dir) = folder(&["bdbquit.py"]);
    let out = same_as_pdb(&dir, &["bdbquit.py"], "b 3\nc\nq\n");
    assert!(
        out.stdout.contains("caught True\nran on\n"),
        "{}",
        out.both()
    );
    assert_eq!(read(&dir, "caught.txt").as_deref(), Some("caught"));
    assert_eq!(read(&dir, "ran_on.txt").as_deref(), Some("ran on"));
}

/// Where a `breakpoint()` on line `line` stops: the line after it, or (3.13's pdb steps
/// by instruction after set_trace) its own line.
fn breakpoint_stop_line(line: u32) -> u32 {
    if python_minor() >= 13 {
        line
    } else {
        line + 1
    }
}

/// `q` at a `breakpoint()` in a thread, while the main thread sleeps 30 s: the whole
/// program ends at once, status 0, no traceback, and neither thread runs on.
#[test]
fn quit_at_a_stop_in_a_thread_ends_the_whole_program_promptly() {
    let (_t, dir) = folder(&["quit_in_thread.py"]);
    let out = rdb(&dir, &["-c", "c", "quit_in_thread.py"], "p 6 * 7\nq\n");
    assert!(
        out.stdout.contains(&format!(
            "quit_in_thread.py({})worker()",
            breakpoint_stop_line(3)
        )) && out.stdout.contains("(rdb) 42\n"),
        "{}",
        out.both()
    );
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(
        out.elapsed < Duration::from_secs(15),
        "q took {:?}: the sleeping main thread was waited for",
        out.elapsed
    );
    assert!(!out.stderr.contains("Traceback"), "{}", out.both());
    assert!(out.stderr.trim().is_empty(), "{}", out.both());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(read(&dir, "thread_after.txt"), None);
    assert_eq!(read(&dir, "main_after.txt"), None);
}

// ---------------------------------------------------------------------------------------
// 3. Entry points check their arguments
// ---------------------------------------------------------------------------------------

/// 3.11: while rdb traces, `sys.gettrace()` is rdb's tracer; calling it with a non-frame,
/// a non-str or unknown event, the wrong number of arguments or keywords raises TypeError
/// in the program, and odd but well-typed calls do not crash rdb. Tracing goes on: the
/// breakpoint after the probes stops. From 3.12 `sys.gettrace()` is None (rdb is a
/// sys.monitoring tool) and the test checks that.
#[test]
fn the_legacy_tracer_rejects_every_bad_call_with_typeerror() {
    let (_t, dir) = folder(&["tracer_args.py"]);
    let last = include_str!("hostile/tracer_args.py").lines().count();
    let out = rdb(
        &dir,
        &["tracer_args.py"],
        &format!("b {last}\nc\np 'stopped'\nc\n"),
    );
    assert_ne!(out.status, 139, "rdb crashed:\n{}", out.both());
    assert_no_internal_error(&out);
    if python_minor() >= 12 {
        assert!(out.stdout.contains("tracer is set False"), "{}", out.both());
        return;
    }
    assert!(out.stdout.contains("tracer is set True"), "{}", out.both());
    let wrong: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("NO ERROR") || l.contains("WRONG"))
        .collect();
    assert!(
        wrong.is_empty(),
        "calls that did not raise TypeError:\n{}\n\n{}",
        wrong.join("\n"),
        out.both()
    );
    assert_eq!(
        out.stdout.matches(" TypeError\n").count(),
        17,
        "{}",
        out.both()
    );
    assert_eq!(
        out.stdout.matches(" survived\n").count(),
        4,
        "{}",
        out.both()
    );
    assert!(
        out.stdout.contains(&format!(
            "tracer_args.py({last})<module>()\n-> print('all probed')\n(rdb) 'stopped'"
        )),
        "tracing stopped working after the probes:\n{}",
        out.both()
    );
    assert_eq!(out.status, 0);
}

/// 3.12+: `sys.monitoring.register_callback(0, event, None)` hands back rdb's callback for
/// each event rdb uses; calling it with the wrong number of arguments, a non-code object,
/// a non-int offset or keywords raises TypeError. After putting each callback back the
/// breakpoint on the last line still stops.
#[test]
fn monitoring_callbacks_reject_bad_calls_with_typeerror() {
    if python_minor() < 12 {
        println!(
            "note: sys.monitoring exists from 3.12; nothing to check on 3.{}",
            python_minor()
        );
        return;
    }
    let (_t, dir) = folder(&["monitoring_args.py"]);
    let last = include_str!("hostile/monitoring_args.py").lines().count();
    let out = rdb(
        &dir,
        &["monitoring_args.py"],
        &format!("b {last}\nc\np reached\nc\n"),
    );
    assert_ne!(out.status, 139, "rdb crashed:\n{}", out.both());
    assert_no_internal_error(&out);
    assert!(out.stdout.contains("probed True"), "{}", out.both());
    let wrong: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("NO ERROR") || l.contains("WRONG"))
        .collect();
    assert!(wrong.is_empty(), "{}\n\n{}", wrong.join("\n"), out.both());
    assert!(
        out.stdout.contains("(rdb) 'the line after'\n"),
        "the breakpoint after restoring the callbacks did not stop:\n{}",
        out.both()
    );
    assert_eq!(out.status, 0);
}

/// `os._exit` with a wrong argument raises as under python; `os._exit(3)` from a thread
/// ends the process with status 3 at once (the main thread sleeps 30 s).
#[test]
fn os_exit_checks_its_argument_and_exits_from_a_thread_with_its_status() {
    let (_t, dir) = folder(&["os_exit.py"]);
    let plain = python(&dir, &["os_exit.py"], None);
    let out = rdb(&dir, &["os_exit.py"], "c\n");
    assert_eq!(plain.status, 3, "{}", plain.both());
    assert_eq!(out.status, 3, "{}", out.both());
    let raised = |s: &str| {
        s.lines()
            .filter(|l| l.contains("raised"))
            .map(|l| l.trim_start_matches("(rdb) ").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(raised(&out.stdout), raised(&plain.stdout), "{}", out.both());
    assert_eq!(raised(&out.stdout).len(), 5);
    assert!(out.stdout.contains("thread exits"), "{}", out.both());
    assert!(!out.stdout.contains("not reached"));
    assert!(out.elapsed < Duration::from_secs(20), "{:?}", out.elapsed);
}

// ---------------------------------------------------------------------------------------
// 4. Panics
// ---------------------------------------------------------------------------------------

/// A package whose `__init__` starts a non-daemon thread that writes `late.txt` after
/// 1.5 s: `rdb -m pkg.mod` imports it before the first stop, as `python -m` does.
fn package_with_a_late_writer(dir: &Path) {
    write(
        dir,
        "pkg/__init__.py",
        "import threading, time\n\
         def _late():\n    time.sleep(1.5)\n    open('late.txt', 'w').write('ran')\n\
         threading.Thread(target=_late).start()\n",
    );
    write(dir, "pkg/mod.py", "x = 1\nprint('mod ran')\n");
}

/// `RDB_TEST_PANIC=trace`: the trace callback panics at the first stop. One paragraph on
/// stderr starting `rdb: internal error:`, status 101, and the program does not go on
/// (its thread never writes its file).
#[test]
fn a_panic_in_the_trace_callback_ends_everything_with_101() {
    let (_t, dir) = folder(&[]);
    package_with_a_late_writer(&dir);
    // Without the panic the thread does write its file: the check below can fail.
    let normal = rdb(&dir, &["-m", "pkg.mod"], "c\n");
    assert_eq!(normal.status, 0, "{}", normal.both());
    assert_eq!(read(&dir, "late.txt").as_deref(), Some("ran"));
    std::fs::remove_file(dir.join("late.txt")).unwrap();

    let mut cmd = rdb_cmd(&dir, &["-m", "pkg.mod"]);
    cmd.env("RDB_TEST_PANIC", "trace");
    let out = run(cmd, Some(b"n\nn\n"), DEADLINE);
    assert_eq!(out.status, 101, "{}", out.both());
    assert!(
        out.stderr.starts_with("rdb: internal error:"),
        "{}",
        out.both()
    );
    assert_eq!(
        out.stderr.trim_end().split("\n\n").count(),
        1,
        "one paragraph:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked at"), "{}", out.stderr);
    assert!(!out.stdout.contains("mod ran"), "{}", out.both());
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        read(&dir, "late.txt"),
        None,
        "the program ran on after the panic"
    );
}

// ---------------------------------------------------------------------------------------
// 5. The program's own input
// ---------------------------------------------------------------------------------------

/// Piped stdin in batch: the program's `input()` and `sys.stdin.readline()` take the next
/// line of stdin, interleaved with rdb's commands exactly as under pdb.
#[test]
fn the_programs_input_reads_the_next_stdin_line_like_pdb() {
    let (_t, dir) = folder(&["input_interleave.py"]);
    let out = same_as_pdb(
        &dir,
        &["input_interleave.py"],
        "n\nn\nALPHA\nn\nn\nBETA LINE\np line\nn\nn\nGAMMA\np a, b\nn\nc\n",
    );
    assert!(
        out.stdout.contains("(rdb) ('ALPHA', 'GAMMA')\n"),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("read 'BETA LINE\\n'"), "{}", out.both());
}

// ---------------------------------------------------------------------------------------
// 6. Batch computes nothing pdb would not
// ---------------------------------------------------------------------------------------

/// A `__repr__` that counts its calls: over `n`, `s` and `r` the program sees exactly as
/// many reprs under rdb as under pdb (none over `n`; one per return stop pdb prints as
/// `->C()`), and the narrative is off unless asked for.
#[test]
fn batch_makes_exactly_the_reprs_pdb_makes() {
    let (_t, dir) = folder(&["repr_counter.py"]);
    let count = |out: &Out| -> u32 {
        out.stdout
            .lines()
            .find_map(|l| l.trim_start_matches("(rdb) ").strip_prefix("reprs "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no count in\n{}", out.both()))
    };
    let cases = [
        ("n\n".repeat(7) + "c\n", 0),
        (
            "n\nn\nn\nn\nn\ns\nn\ns\nr\nr\nn\ns\ns\nn\nn\nr\nn\nc\n".to_string(),
            3,
        ),
        ("n\n".repeat(5) + &"s\n".repeat(14) + "c\n", 2),
    ];
    for (commands, want) in cases {
        let out = same_as_pdb(&dir, &["repr_counter.py"], &commands);
        assert_eq!(count(&out), want, "{commands:?}\n{}", out.both());
    }
    let out = rdb(&dir, &["repr_counter.py"], "s\ns\nnarrative\nc\n");
    assert!(
        out.stdout
            .contains("*** The narrative is off: 'narrative on' starts telling it"),
        "{}",
        out.both()
    );
    assert_eq!(count(&out), 0, "{}", out.both());
}

// ---------------------------------------------------------------------------------------
// 7. rdb's output does not depend on the program's
// ---------------------------------------------------------------------------------------

/// After the program closes `sys.stdout`, replaces it by a StringIO, or closes fd 1, the
/// session goes on: later commands run and their output appears; status 0.
#[test]
fn the_program_closing_or_replacing_stdout_leaves_the_session_going() {
    let (_t, dir) = folder(&[]);
    for (name, source) in [
        (
            "close.py",
            "import sys\nprint('before')\nsys.stdout.close()\nx = 1\ny = 2\n",
        ),
        (
            "swap.py",
            "import sys, io\nprint('before')\nsys.stdout = io.StringIO()\nx = 1\ny = 2\n",
        ),
        (
            "fd1.py",
            "import os\nprint('before', flush=True)\nos.close(1)\nx = 1\ny = 2\n",
        ),
        (
            "none.py",
            "import sys\nprint('before')\nsys.stdout = None\nx = 1\ny = 2\n",
        ),
        (
            "dup2.py",
            "import os\nprint('before', flush=True)\nos.dup2(os.open(os.devnull, os.O_WRONLY), 1)\nx = 1\ny = 2\n",
        ),
    ] {
        write(&dir, name, source);
        let out = rdb(&dir, &[name], "n\nn\nn\np 42\nn\np x\nc\np 43\n");
        assert_eq!(out.status, 0, "{name}: {}", out.both());
        assert!(out.stdout.contains("before\n"), "{name}: {}", out.both());
        for want in [
            format!("{name}(4)<module>()\n-> x = 1\n(rdb) 42\n"),
            format!("{name}(5)<module>()\n-> y = 2\n(rdb) 1\n"),
            "(rdb) 43\n".to_string(),
        ] {
            assert!(
                out.stdout.contains(&want),
                "{name}: missing {want:?}:\n{}",
                out.both()
            );
        }
        assert_no_internal_error(&out);
    }
}

/// `!print(...)` at a stop writes to the debugger's output under pdb even when the program
/// has replaced `sys.stdout` by a StringIO (pdb's `default` swaps in its own stdout while
/// the statement runs), and a bare expression is echoed even when the program replaced
/// `sys.displayhook`. (pdb's prompts do go to the StringIO; rdb's need not.)
#[test]
fn statements_typed_at_a_stop_print_to_the_session_like_pdb() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "swap.py",
        "import sys, io\nsys.stdout = io.StringIO()\nsys.displayhook = lambda v: None\nx = 1\ny = 2\n",
    );
    let commands = "n\nn\nn\n!print('bang')\n6 * 7\np x\nn\nx\nc\n";
    let theirs = pdb(&dir, &["swap.py"], commands);
    let ours = rdb(&dir, &["swap.py"], commands);
    let answers = |s: &str| -> Vec<String> {
        s.replace("(Pdb) ", "")
            .replace("(rdb) ", "")
            .lines()
            .filter(|l| !l.starts_with("> ") && !l.starts_with("-> "))
            .filter(|l| !l.starts_with("The program finished"))
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        answers(&theirs.stdout),
        ["bang", "42", "*** NameError: name 'x' is not defined", "1"],
        "{}",
        theirs.both()
    );
    assert_eq!(
        answers(&ours.stdout),
        answers(&theirs.stdout),
        "rdb (left), pdb (right):\n{}",
        ours.both()
    );
}

/// `rdb --help | head -c 10` and `rdb --batch prog.py | head -1` (a transcript far longer
/// than the pipe holds): rdb ends with status 0 or 141 and prints nothing on stderr.
#[test]
fn a_reader_going_away_ends_rdb_quietly() {
    let (_t, dir) = folder(&[]);
    write(&dir, "loop.py", "for i in range(100000):\n    x = i\n");
    write(&dir, "cmds", &"n\n".repeat(20000));
    let help = shell(
        &dir,
        "bash -c '\"$RDB\" --help | head -c 10 >/dev/null; echo \"status=${PIPESTATUS[0]}\"'",
    );
    assert!(
        help.stdout.contains("status=0") || help.stdout.contains("status=141"),
        "{}",
        help.both()
    );
    assert_eq!(help.stderr, "", "{}", help.both());
    let batch = shell(
        &dir,
        "bash -c '\"$RDB\" --batch loop.py < cmds | head -1; echo \"status=${PIPESTATUS[0]}\"'",
    );
    assert!(
        batch.stdout.contains("loop.py(1)<module>()"),
        "{}",
        batch.both()
    );
    assert!(
        batch.stdout.contains("status=0") || batch.stdout.contains("status=141"),
        "{}",
        batch.both()
    );
    assert_eq!(batch.stderr, "", "{}", batch.both());
}

/// The program writes 10 MB to stdout in batch mode: every byte arrives, in order, and the
/// transcript is pdb's.
#[test]
fn ten_megabytes_of_program_output_in_batch_arrive_whole() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "big.py",
        "import sys\nchunk = 'y' * 1023 + '\\n'\nfor i in range(10240):\n    sys.stdout.write(chunk)\n\
         print('tail marker')\nx = 1\n",
    );
    let out = same_as_pdb(&dir, &["big.py"], "b 6\nc\np x\np 42\nc\n");
    assert_eq!(
        out.stdout
            .matches(&format!("{}\n", "y".repeat(1023)))
            .count(),
        10240
    );
    assert!(
        out.stdout.contains("tail marker\n> ") && out.stdout.contains("(rdb) 42\n"),
        "{}",
        &out.stdout[out.stdout.len().saturating_sub(2000)..]
    );
}

/// `print(..., file=sys.stderr, flush=True)` interleaved with stdout, both going to one
/// pipe (`2>&1`): the merged transcript is pdb's, line for line.
#[test]
fn stderr_and_stdout_merged_interleave_like_pdb() {
    let (_t, dir) = folder(&["interleave.py"]);
    let commands = "n\nn\nn\nn\nb 7\nc\np x\nc\n";
    write(&dir, "cmds", commands);
    let ours = shell(&dir, "\"$RDB\" --batch interleave.py < cmds 2>&1");
    let theirs = shell(&dir, "\"$PY\" -m pdb interleave.py < cmds 2>&1");
    assert_eq!(ours.stdout, as_rdb(&theirs.stdout));
    assert!(ours.stdout.contains("out 0\n> "), "{}", ours.both());
    assert!(ours
        .stdout
        .contains("out 4\nerr 4\nunflushed out\nunflushed err\n"));
}

// ---------------------------------------------------------------------------------------
// 8. Frames without __builtins__
// ---------------------------------------------------------------------------------------

/// `types.FunctionType(code, {})`: stepped into and through, `p` of a local, of a builtin,
/// and of an unassigned name, exactly as pdb (which also leaves `__builtins__` in the
/// function's globals after evaluating there).
#[test]
fn a_frame_without_builtins_is_stepped_and_evaluated_in_like_pdb() {
    let (_t, dir) = folder(&["no_builtins.py"]);
    let out = same_as_pdb(
        &dir,
        &["no_builtins.py"],
        "n\nn\nn\nn\ns\np a\np x\nn\nn\np b\np len\nn\nn\np c\nn\np r\nn\np r\nc\n",
    );
    let mut wanted = vec![
        "(rdb) 5\n",
        "(rdb) *** NameError: name 'x' is not defined\n",
        "(rdb) <built-in function len>\n",
    ];
    // 3.9 gives such a function `None` as its only builtin, so its `except NameError`
    // fails and the run ends in a post-mortem there
    if python_minor() >= 10 {
        wanted.push("template()->1\n");
    }
    for want in wanted {
        assert!(out.stdout.contains(want), "{want:?}:\n{}", out.both());
    }
    same_as_pdb(
        &dir,
        &["no_builtins.py"],
        "b 3\nc\np a\nn\nn\np b\n!q = 7\nll\ndisplay b\nn\nn\nn\np q\nn\nc\n",
    );
}

// ---------------------------------------------------------------------------------------
// The rest of the corpus
// ---------------------------------------------------------------------------------------

/// The program's own SIGINT handler (and its later `default_int_handler`) behaves as under
/// plain python, whether rdb continues or steps over the `os.kill`. (Under pdb `c`
/// replaces the program's handler with pdb's; rdb keeps the program's, as promised.)
#[test]
fn the_programs_sigint_handler_runs_as_under_python() {
    let (_t, dir) = folder(&["sigint.py"]);
    let plain = python(&dir, &["sigint.py"], None);
    let expected =
        "handler ran 2\nhandler ran 2\nhits [2, 2] True\nKeyboardInterrupt raised\nend\n";
    assert_eq!(plain.stdout, expected, "{}", plain.both());
    for commands in ["c\n", "n\nn\nn\nn\nc\n"] {
        let out = rdb(&dir, &["sigint.py"], commands);
        let program: String = out
            .stdout
            .lines()
            .map(|l| l.trim_start_matches("(rdb) "))
            .filter(|l| {
                ["handler", "hits", "Keyboard", "no Keyboard", "end"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(program, expected, "{commands:?}:\n{}", out.both());
        assert_eq!(out.status, 0, "{}", out.both());
    }
    // Stepping over each line, the stops are pdb's.
    same_as_pdb(&dir, &["sigint.py"], &("n\n".repeat(11) + "q\n"));
}

/// `sys.setprofile` by the program while rdb traces: the profiler sees what it sees under
/// pdb and rdb stops where pdb stops.
#[test]
fn the_programs_setprofile_coexists_with_stepping_like_pdb() {
    let (_t, dir) = folder(&["setprofile.py"]);
    for commands in [
        "c\n",
        "b 7\nc\np x\nc\np x\nc\n",
        "n\nn\nn\nn\nn\ns\nn\nn\nn\nn\nn\nn\nn\nc\n",
    ] {
        let out = same_as_pdb(&dir, &["setprofile.py"], commands);
        assert!(
            out.stdout.contains(
                "profile events [('call', 'f'), ('return', 'f'), ('call', 'f'), ('return', 'f'), ('c_call', '<module>')]"
            ),
            "{}",
            out.both()
        );
    }
}

/// `threading.settrace(mytrace)` by the program, then a thread: README promises that a
/// program installing its own tracer keeps rdb's breakpoints, so the breakpoint in the
/// thread stops; from 3.12 (a sys.monitoring tool) the program's tracer also sees what it
/// sees under python.
#[test]
fn the_programs_threading_settrace_keeps_breakpoints_in_threads() {
    if python_minor() < 12 {
        // Before 3.12 a tracer the program gives `threading.settrace` replaces rdb's in
        // the threads it starts (README, "Robustness and security").
        return;
    }
    let (_t, dir) = folder(&["threading_settrace.py"]);
    let plain = python(&dir, &["threading_settrace.py"], None);
    let out = rdb(&dir, &["threading_settrace.py"], "b 8\nc\np n\nc\n");
    assert!(
        out.stdout
            .contains("threading_settrace.py(8)work()\n-> total = n * 2\n(rdb) 21\n"),
        "the breakpoint in the thread did not stop:\n{}",
        out.both()
    );
    if python_minor() >= 12 {
        let saw = |s: &str| {
            s.lines()
                .find(|l| l.contains("thread tracer saw"))
                .map(|l| l.trim_start_matches("(rdb) ").to_string())
        };
        assert_eq!(saw(&out.stdout), saw(&plain.stdout), "{}", out.both());
    }
}

/// coverage.py under rdb: `rdb --batch -m coverage run script.py` with `b script.py:2`
/// stops there, and `coverage report` afterwards shows exactly what a plain
/// `coverage run` measures. coverage is installed into a venv of the built-for Python; if
/// that fails (no network) the test says so and passes.
#[test]
fn coverage_measures_the_right_lines_while_rdb_stops_at_a_breakpoint() {
    if python_minor() < 12 {
        // Before 3.12 coverage's tracer and rdb's take turns (README, "Robustness and
        // security"): this holds from 3.12, where both are sys.monitoring tools.
        return;
    }
    let (_t, dir) = folder(&["coverage_script.py"]);
    std::fs::rename(dir.join("coverage_script.py"), dir.join("script.py")).unwrap();
    let venv = dir.join("venv");
    let made = run(
        {
            let mut c = base(PYTHON, &dir);
            c.args(["-m", "venv"]).arg(&venv);
            c
        },
        None,
        Duration::from_secs(300),
    );
    assert_eq!(made.status, 0, "{}", made.both());
    let pip = run(
        {
            let mut c = base(venv.join("bin/python").to_str().unwrap(), &dir);
            c.args([
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "coverage",
            ]);
            c
        },
        None,
        Duration::from_secs(300),
    );
    if pip.status != 0 {
        println!(
            "note: pip could not install coverage; skipping:\n{}",
            pip.both()
        );
        return;
    }
    let vpy = venv.join("bin/python");
    let vpy = vpy.to_str().unwrap();
    let report = |dir: &Path| {
        let mut c = base(vpy, dir);
        c.args(["-m", "coverage", "report", "-m"]);
        run(c, None, DEADLINE)
    };
    let mut plain = base(vpy, &dir);
    plain.args(["-m", "coverage", "run", "script.py"]);
    let plain = run(plain, None, DEADLINE);
    assert_eq!(plain.status, 0, "{}", plain.both());
    let want = report(&dir);
    assert!(want.stdout.contains("script.py"), "{}", want.both());
    std::fs::remove_file(dir.join(".coverage")).unwrap();

    let mut cmd = rdb_cmd(&dir, &["-m", "coverage", "run", "script.py"]);
    cmd.env("VIRTUAL_ENV", &venv);
    let out = run(cmd, Some(b"b script.py:2\nc\np x\ncl 1\nc\nq\n"), DEADLINE);
    assert!(
        out.stdout
            .contains("script.py(2)used()\n-> y = x * 2\n(rdb) 0\n"),
        "the breakpoint did not stop:\n{}",
        out.both()
    );
    assert!(out.stdout.contains("total 6"), "{}", out.both());
    let got = report(&dir);
    assert_eq!(
        got.stdout,
        want.stdout,
        "coverage under rdb (left) vs plain coverage (right):\n{}\n{}",
        got.both(),
        out.both()
    );
}

/// `faulthandler.enable()`, a `gc.callbacks` entry and an object with `__del__` in a
/// cycle collected by `p gc.collect()` at a stop: the transcript is pdb's, the finalizer
/// wrote its file, and faulthandler's dump shows the program's frame only, as python's.
#[test]
fn faulthandler_gc_callbacks_and_del_while_stopped_like_pdb() {
    let (_t, dir) = folder(&["faulthandler_gc.py"]);
    let out = same_as_pdb(
        &dir,
        &["faulthandler_gc.py"],
        "b 16\nc\np gc.collect() > 0\np 2\nn\nc\n",
    );
    assert!(
        out.stdout.contains("(rdb) del ran\nTrue\n(rdb) 2\n"),
        "{}",
        out.both()
    );
    assert!(
        out.stdout.contains("gc phases ['start', 'stop']"),
        "{}",
        out.both()
    );
    assert_eq!(read(&dir, "del.txt").as_deref(), Some("del"));
    let dump: Vec<&str> = out
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("Current thread"))
        .skip(1)
        .take_while(|l| l.starts_with("  File"))
        .collect();
    assert_eq!(
        dump,
        [format!(
            "  File \"{}\", line 18 in <module>",
            dir.join("faulthandler_gc.py").display()
        )],
        "{}",
        out.stderr
    );
}

/// A program that segfaults (with faulthandler on) ends as under python: faulthandler's
/// report, status 139, the output before it kept.
#[test]
fn a_segfaulting_program_ends_as_under_python() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "segv.py",
        "import faulthandler, ctypes\nfaulthandler.enable()\nprint('before', flush=True)\nctypes.string_at(0)\n",
    );
    let plain = python(&dir, &["segv.py"], None);
    let out = rdb(&dir, &["segv.py"], "c\n");
    assert_eq!(out.status, plain.status, "{}", out.both());
    assert_eq!(out.status, 139);
    assert!(out.stdout.contains("before"), "{}", out.both());
    assert!(
        out.stderr
            .contains("Fatal Python error: Segmentation fault"),
        "{}",
        out.both()
    );
    assert!(!out.stderr.contains("internal error"), "{}", out.both());
}

/// `s` into a generator, step it to its `yield`, back in the caller `.close()` it and step
/// into the `finally`: pdb's stops, pdb's `GeneratorExit` line.
#[test]
fn a_generator_closed_mid_step_steps_like_pdb() {
    let (_t, dir) = folder(&["generator_close.py"]);
    let out = same_as_pdb(
        &dir,
        &["generator_close.py"],
        "n\nn\nn\ns\ns\ns\ns\ns\ns\nc\n",
    );
    assert!(
        out.stdout.contains("(rdb) GeneratorExit\n"),
        "{}",
        out.both()
    );
    same_as_pdb(
        &dir,
        &["generator_close.py"],
        "n\nn\ns\ns\ns\ns\ns\ns\ns\ns\ns\ns\nc\n",
    );
    same_as_pdb(&dir, &["generator_close.py"], "b 6\nc\nn\nn\nn\nc\n");
}

/// `os.fork()` without exec, the child returning normally from the module: README says a
/// forked child runs undebugged and never touches the terminal. So the child runs to its
/// end as under python (its atexit handler runs, it never restarts the program nor reads
/// rdb's commands), and the parent stops at its breakpoint once.
#[test]
fn a_forked_child_that_returns_normally_runs_undebugged_to_its_end() {
    let (_t, dir) = folder(&["fork_child.py"]);
    let out = rdb(&dir, &["fork_child.py"], "b work\nc\np tag\nc\nq\n");
    let o = &out.stdout;
    assert_eq!(
        o.matches("fork_child.py(3)work()").count(),
        1,
        "{}",
        out.both()
    );
    assert!(
        o.contains("-> value = tag * 2\n(rdb) 5\n"),
        "{}",
        out.both()
    );
    assert_eq!(o.matches("child done").count(), 1, "{}", out.both());
    assert_eq!(
        o.matches("end of module child").count(),
        1,
        "{}",
        out.both()
    );
    assert_eq!(o.matches("child status 0").count(), 1, "{}", out.both());
    assert!(
        o.contains("parent 10\nend of module parent\n"),
        "{}",
        out.both()
    );
    assert_eq!(
        o.matches("The program finished and will be restarted")
            .count(),
        1,
        "only the parent restarts:\n{}",
        out.both()
    );
    assert!(
        !o.contains("NameError"),
        "the child read rdb's commands:\n{}",
        out.both()
    );
    assert_eq!(read(&dir, "child.txt").as_deref(), Some("child 42"));
    assert_eq!(
        read(&dir, "child_atexit.txt").as_deref(),
        Some("child atexit")
    );
    assert_eq!(out.status, 0);
}

/// A forked child's `sys.exit(3)` or uncaught exception reaches the parent as the same
/// exit status as under python (3, 1), with python's traceback on stderr; the child does
/// not report it as a debugger would ("The program exited via sys.exit()", post-mortem).
#[test]
fn a_forked_childs_exit_status_reaches_the_parent_as_under_python() {
    let (_t, dir) = folder(&["fork_status.py"]);
    for (how, status) in [("exit", 3), ("raise", 1)] {
        let plain = python(&dir, &["fork_status.py", how], None);
        assert!(plain.stdout.contains(&format!("child status {status}")));
        let out = rdb(&dir, &["fork_status.py", how], "c\nq\n");
        assert!(
            out.stdout.contains(&format!("child status {status}\n")),
            "{how}: {}",
            out.both()
        );
        assert!(
            !out.stdout.contains("Exit status: 3"),
            "{how}: {}",
            out.both()
        );
        assert!(
            !out.stdout.contains("Uncaught exception"),
            "{how}: {}",
            out.both()
        );
        if how == "raise" {
            assert!(
                out.stderr.contains("ValueError: child boom"),
                "{}",
                out.both()
            );
        }
    }
}

/// A program that forks: rdb adds nothing on stderr that python does not print (3.12
/// warns "This process is multi-threaded, use of fork() may lead to deadlocks" when the
/// process has more than one thread — rdb's own threads must not make the program's fork
/// look multi-threaded).
#[test]
fn fork_prints_no_warning_python_does_not_print() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "f.py",
        "import os\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nos.waitpid(pid, 0)\nprint('forked')\n",
    );
    let plain = python(&dir, &["f.py"], None);
    let out = rdb(&dir, &["f.py"], "c\n");
    assert!(out.stdout.contains("forked"), "{}", out.both());
    assert_eq!(out.stderr, plain.stderr, "{}", out.both());
}

/// `subprocess.run([sys.executable, '-c', ...])`: the children are plain pythons (argv,
/// exit status, inherited stdout/stderr, no rdb environment leaked), as under pdb.
#[test]
fn subprocess_children_run_as_plain_python_like_pdb() {
    let (_t, dir) = folder(&["subprocess_children.py"]);
    let out = same_as_pdb(&dir, &["subprocess_children.py"], "b 9\nc\np x\nn\nn\nc\n");
    for want in [
        "rc 5 out child says ['a b']",
        "inherited out",
        "env False False",
    ] {
        assert!(out.stdout.contains(want), "{want}: {}", out.both());
    }
    assert!(out.stderr.contains("inherited err"), "{}", out.both());
}

/// 10^5-deep recursion in a thread with a 512 MB stack and recursion limit 200000: runs
/// as under python, and a breakpoint at the bottom stops with `n == 0`.
#[test]
fn deep_recursion_in_a_thread_with_a_big_stack_runs_and_stops() {
    let (_t, dir) = folder(&["deep_thread.py"]);
    let plain = python(&dir, &["deep_thread.py"], None);
    assert_eq!(plain.stdout, "depth [100000]\n", "{}", plain.both());
    let out = rdb(&dir, &["deep_thread.py"], "c\n");
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(out.stdout.contains("depth [100000]\n"), "{}", out.both());
    let out = rdb(&dir, &["deep_thread.py"], "b 7\nc\np n\ncl 1\nc\n");
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(
        out.stdout
            .contains("deep_thread.py(7)down()\n-> return 0\n(rdb) 0\n"),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("depth [100000]\n"), "{}", out.both());
    assert_no_internal_error(&out);
}

/// How deep `deep_main.py` recurses: 10^5 from 3.11, where a Python call takes no C
/// stack; before, plain python itself dies past about 20,000 frames, so 8,000 there.
fn deep_depth() -> &'static str {
    if python_minor() >= 11 {
        "100000"
    } else {
        "8000"
    }
}

/// Deep recursion in the main thread (python and pdb run it fine with the recursion limit
/// raised): rdb runs it, and a breakpoint at the bottom stops there, as pdb does.
#[test]
fn deep_recursion_in_the_main_thread_stops_at_the_bottom_like_pdb() {
    let (_t, dir) = folder(&["deep_main.py"]);
    let depth = deep_depth();
    let args = ["deep_main.py", depth];
    let plain = python(&dir, &args, None);
    assert_eq!(plain.stdout, format!("depth {depth}\n"), "{}", plain.both());
    let out = rdb(&dir, &args, "c\n");
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(
        out.stdout.contains(&format!("depth {depth}\n")),
        "{}",
        out.both()
    );
    let out = same_as_pdb(&dir, &args, "b 5\nc\np n\ncl 1\nc\n");
    assert!(
        out.stdout.contains("-> return 0\n(rdb) 0\n"),
        "{}",
        out.both()
    );
    assert_no_internal_error(&out);
}

/// The same recursion with a breakpoint elsewhere in its file (on the line that starts
/// it): after `c` the recursive frames run in a file with a breakpoint, so they are
/// traced; the run ends as under pdb.
#[test]
fn deep_recursion_in_a_file_with_a_breakpoint_runs_like_pdb() {
    let (_t, dir) = folder(&["deep_main.py"]);
    let depth = deep_depth();
    let out = same_as_pdb(&dir, &["deep_main.py", depth], "b 7\nc\nc\n");
    assert!(
        out.stdout.contains(&format!("depth {depth}\n")),
        "{}",
        out.both()
    );
    assert_no_internal_error(&out);
}

/// `sys.settrace(sys.gettrace())` in the program, in a function being stepped and at
/// module level: stepping goes on exactly as under pdb.
#[test]
fn settrace_of_gettrace_keeps_stepping_like_pdb() {
    let (_t, dir) = folder(&["settrace_gettrace.py"]);
    let out = same_as_pdb(
        &dir,
        &["settrace_gettrace.py"],
        "n\nn\ns\nn\nn\nn\nn\nn\nn\ns\nn\nn\nn\nn\nn\nc\n",
    );
    assert!(out.stdout.contains("done 2 3"), "{}", out.both());
}

/// `sys.stdin.close()` by the program: the program's next `input()` fails as under python
/// (ValueError), and rdb, which reads its commands from its own stdin, goes on with them.
#[test]
fn the_program_closing_sys_stdin_leaves_the_session_going() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "ci.py",
        "import sys\nsys.stdin.close()\nx = 1\ntry:\n    input()\nexcept ValueError as e:\n    print('input:', e)\n\
         y = 2\nprint('end', x, y)\n",
    );
    let plain = python(&dir, &["ci.py"], Some(""));
    assert!(plain
        .stdout
        .contains("input: I/O operation on closed file."));
    let out = rdb(
        &dir,
        &["ci.py"],
        "n\nn\np 42\nn\nn\nn\nn\nn\nn\nn\np y\nc\np 43\n",
    );
    assert_eq!(out.status, 0, "{}", out.both());
    for want in [
        "ci.py(3)<module>()\n-> x = 1\n(rdb) 42\n",
        "input: I/O operation on closed file.\n",
        "(rdb) 2\n",
        "end 1 2\n",
        "(rdb) 43\n",
    ] {
        assert!(
            out.stdout.contains(want),
            "missing {want:?}:\n{}",
            out.both()
        );
    }
}

/// `os.close(0)` by the program: its `input()` fails as under python (OSError: Bad file
/// descriptor) rather than quietly taking one of rdb's command lines, and rdb goes on with
/// its commands.
#[test]
fn the_program_closing_fd_0_sees_it_closed_and_the_session_goes_on() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "c0.py",
        "import os\nos.close(0)\nx = 1\ntry:\n    input()\nexcept (ValueError, OSError, EOFError) as e:\n    print('input:', type(e).__name__)\n\
         y = 2\nprint('end', x, y)\n",
    );
    let plain = python(&dir, &["c0.py"], Some(""));
    assert!(plain.stdout.contains("input: OSError"), "{}", plain.both());
    let out = rdb(
        &dir,
        &["c0.py"],
        "n\nn\np 42\nn\nn\nn\nn\nn\nn\nn\np y\nc\np 43\n",
    );
    assert_eq!(out.status, 0, "{}", out.both());
    for want in [
        "(rdb) 42\n",
        "input: OSError\n",
        "(rdb) 2\n",
        "end 1 2\n",
        "(rdb) 43\n",
    ] {
        assert!(
            out.stdout.contains(want),
            "missing {want:?}:\n{}",
            out.both()
        );
    }
}

/// The program closes every descriptor above 2 (`os.closerange(3, 65536)`, as old-style
/// daemons do): the session goes on — rdb's own descriptors are rdb's business — and
/// later commands still run and print.
#[test]
fn the_program_closing_every_descriptor_above_2_leaves_the_session_going() {
    let (_t, dir) = folder(&["closerange.py"]);
    let out = rdb(
        &dir,
        &["closerange.py"],
        "n\nn\nn\np 42\nn\nn\np x\nc\np 43\n",
    );
    assert_no_internal_error(&out);
    for want in [
        "closerange.py(4)<module>()\n-> x = 1\n(rdb) 42\n",
        "after\n",
        "closerange.py(6)<module>()\n-> y = 2\n(rdb) 1\n",
        "(rdb) 43\n",
    ] {
        assert!(
            out.stdout.contains(want),
            "missing {want:?}:\n{}",
            out.both()
        );
    }
    assert_eq!(out.status, 0, "{}", out.both());
}

/// A SIGALRM whose handler raises fires while rdb waits for the next command: the session
/// goes on (the next commands run) and the exception is not lost silently — the program
/// sees it when it resumes (python would raise it inside the `try`, which catches it), or
/// rdb reports it.
#[test]
fn a_signal_handler_raising_while_rdb_waits_for_a_command_does_not_end_the_session() {
    let (_t, dir) = folder(&["alarm_at_prompt.py"]);
    let out = run_paced(
        rdb_cmd(&dir, &["alarm_at_prompt.py"]),
        Some(vec![
            (Duration::ZERO, b"b 9\nc\n".to_vec()),
            (Duration::from_millis(2500), b"p 1\nn\nn\nn\nc\n".to_vec()),
        ]),
        DEADLINE,
    );
    assert!(
        out.stdout
            .contains("alarm_at_prompt.py(9)<module>()\n-> x = 1\n(rdb) "),
        "{}",
        out.both()
    );
    assert!(
        out.stdout.contains("(rdb) 1\n"),
        "the commands after the alarm did not run:\n{}",
        out.both()
    );
    assert!(
        out.stdout.contains("caught alarm fired") || out.stdout.contains("Alarm: alarm fired"),
        "the handler's exception vanished:\n{}",
        out.both()
    );
    assert!(out.stdout.contains("end\n"), "{}", out.both());
}

/// A condition with a side effect and a display of a counting call: evaluated exactly as
/// often as under pdb (hits, `ignore`, `tbreak`, `disable`, `undisplay`).
#[test]
fn conditions_and_displays_are_evaluated_as_often_as_under_pdb() {
    let (_t, dir) = folder(&["side_effects.py"]);
    for commands in [
        "b 9, cond(i)\nc\np i\nc\nc\ndisplay disp()\nn\nn\nn\nn\ncl 1\nc\n",
        "display disp()\nn\nn\nn\nn\nn\nn\nn\nn\nundisplay\nb 9, cond(i)\nignore 1 1\nc\nc\n\
         condition 1 cond(i) and cond(i)\nc\ncl 1\nc\n",
        "b work, cond(i)\nc\nc\ndisable 1\nc\n",
        "b 9, cond(i)\ntbreak 10, cond(i+1)\nc\nc\nc\nc\nc\nc\n",
    ] {
        let out = same_as_pdb(&dir, &["side_effects.py"], commands);
        assert!(out.stdout.contains("calls "), "{}", out.both());
    }
}

/// Reprs that raise SystemExit, KeyboardInterrupt or ValueError, an int too long to
/// print, and `!raise SystemExit(4)` at a stop: pdb's messages, and the program goes on.
#[test]
fn reprs_and_statements_that_raise_at_a_stop_like_pdb() {
    let (_t, dir) = folder(&["odd_values.py"]);
    // 3.9's and 3.10's pdb end in its own traceback at `display b` (its repr raises):
    // there rdb says what 3.11's pdb says, checked apart
    let display = if python_minor() >= 11 {
        "display b\n"
    } else {
        let ours = rdb(&dir, &["odd_values.py"], "b 13\nc\ndisplay b\nc\n");
        assert!(
            ours.stdout
                .contains("(rdb) display b: *** repr(b) failed: ValueError: bad repr ***\n"),
            "{}",
            ours.both()
        );
        ""
    };
    let out = same_as_pdb(
        &dir,
        &["odd_values.py"],
        &format!(
            "b 13\nc\np e\np k\np b\npp b\np huge\n!raise SystemExit(4)\n!raise KeyboardInterrupt\n\
             p [e]\n{display}whatis e\nn\np x\nc\n"
        ),
    );
    assert!(
        out.stdout.contains("(rdb) *** SystemExit: 5\n"),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("still running 1"), "{}", out.both());
}

/// An uncaught exception in a thread goes to `threading.excepthook`, the program's own
/// hook when it set one, as under pdb.
#[test]
fn an_exception_in_a_thread_goes_to_threading_excepthook_like_pdb() {
    let (_t, dir) = folder(&["thread_exception.py"]);
    let out = same_as_pdb(&dir, &["thread_exception.py"], "c\nq\n");
    assert!(
        out.stdout.contains("hook saw ['ValueError']"),
        "{}",
        out.both()
    );
    assert!(
        out.stderr.contains("ValueError: thread boom"),
        "{}",
        out.both()
    );
}

/// A script in a folder with a space, named with non-ASCII letters, and run through a
/// symlink; its output mixes `os.write(1)`, unflushed `print(end='')` and
/// `sys.stdout.write`: pdb's transcript, byte for byte, in every case.
#[test]
fn odd_script_paths_and_mixed_output_like_pdb() {
    let (_t, dir) = folder(&["mixed_output.py"]);
    std::fs::create_dir(dir.join("dir with space")).unwrap();
    let odd = "dir with space/naïve ü.py";
    std::fs::rename(dir.join("mixed_output.py"), dir.join(odd)).unwrap();
    std::os::unix::fs::symlink(odd, dir.join("link.py")).unwrap();
    for script in [odd, "link.py"] {
        for commands in ["n\nn\nn\nn\nn\nn\nn\nn\nc\n", "b 8\nc\nc\n", "c\n"] {
            same_as_pdb(&dir, &[script], commands);
        }
    }
}

/// A thread started with `_thread.start_new_thread` (not `threading`): README promises
/// that a breakpoint hit in a thread the program started stops in that thread.
#[test]
fn a_breakpoint_in_a_raw_thread_stops() {
    if python_minor() < 12 {
        // Before 3.12 rdb traces the threads `threading` starts, not `_thread`'s
        // (README, "Robustness and security").
        return;
    }
    let (_t, dir) = folder(&["raw_thread.py"]);
    let out = rdb(&dir, &["raw_thread.py"], "b 4\nc\np n\nc\n");
    assert!(
        out.stdout
            .contains("raw_thread.py(4)work()\n-> total = n * 2\n(rdb) 21\n"),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("done [42]"), "{}", out.both());
}

/// A breakpoint set at a stop in the main thread, on a line that an already running
/// thread executes over and over: `c` stops there, in that thread (chosen behaviour:
/// "Breakpoint 1 at ..." means the next crossing of the line stops, in any thread — the
/// README's thread promise; pdb traces no thread at all).
#[test]
fn a_breakpoint_set_later_stops_in_an_already_running_thread() {
    let (_t, dir) = folder(&["running_thread.py"]);
    let out = rdb(
        &dir,
        &["running_thread.py"],
        "c\nb 5\nc\np state['n'] > 0\ncl 1\nc\n",
    );
    assert!(
        out.stdout
            .contains("running_thread.py(5)spin()\n-> state['n'] += 1\n(rdb) True\n"),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("spun True"), "{}", out.both());
}

/// The program rewrites its own source (line 6 changes, a line 7 appears), ends, and is
/// restarted: the second run's stops and listings show the new source, as under pdb.
#[test]
fn a_program_rewriting_its_source_is_listed_anew_after_restart_like_pdb() {
    let (_t, dir) = folder(&["rewrites_itself.py"]);
    // 3.10's pdb numbers a module's `ll` from 0 (GH-103319): there a range is listed
    let listing = if python_minor() == 10 { "l 5, 8" } else { "ll" };
    let commands = format!("c\nl\nn\nn\nn\nn\nn\n{listing}\nc\nl 1,3\n");
    let commands = commands.as_str();
    let ours = rdb(&dir, &["rewrites_itself.py"], commands);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/rewrites_itself.py"),
        dir.join("rewrites_itself.py"),
    )
    .unwrap();
    let theirs = pdb(&dir, &["rewrites_itself.py"], commands);
    assert_eq!(ours.stdout, as_rdb(&theirs.stdout));
    assert!(
        ours.stdout
            .contains("rewrites_itself.py(7)<module>()\n-> extra = \"new line\""),
        "{}",
        ours.both()
    );
}

// ---------------------------------------------------------------------------------------
// The full-screen interface, in tmux
// ---------------------------------------------------------------------------------------

/// rdb's end in the interface, by the wrapper's report.
trait Exited {
    /// Waits for rdb to have exited (the wrapper's `EXIT=` and mode lines) and returns
    /// the screen, asserting the status and that the terminal is back in cooked mode on
    /// the main screen.
    fn exited_with(&self, status: i32) -> String;
}

impl Exited for Tmux {
    fn exited_with(&self, status: i32) -> String {
        let screen = self.wait_for("ICANON-CHECKED");
        let cooked = screen.lines().any(|l| l.trim() == "icanon");
        assert!(
            screen.contains(&format!("EXIT={status}")) && cooked,
            "wanted EXIT={status} in cooked mode:\n{screen}"
        );
        assert!(
            !self.alternate_screen(),
            "still on the alternate screen:\n{screen}"
        );
        screen
    }
}

/// The shell command that prints a marker, runs rdb (under a deadline) and reports its
/// status and the terminal mode.
fn wrapped(env: &str, rdb_args: &str) -> String {
    format!(
        "echo MARKER-BEFORE-RDB; env -u RUST_BACKTRACE XDG_CONFIG_HOME=./.config HOME=. PYTHONDONTWRITEBYTECODE=1 {env} \
         timeout --foreground 120 {RDB} {rdb_args}; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; \
         echo ICANON-CHECKED; sleep 60"
    )
}

fn tui(dir: &Path, env: &str, args: &str, first_stop: &str) -> Tmux {
    let tmux = Tmux::start(dir, &wrapped(env, args));
    tmux.wait_for(first_stop);
    tmux
}

/// In the interface: `c` to the end, then `q`: atexit ran, the thread was joined, the
/// unclosed file flushed; status 0, cooked mode.
#[test]
fn tui_continue_then_quit_ends_the_program_as_python() {
    let (_t, dir) = folder(&["end_of_program.py"]);
    let tmux = tui(
        &dir,
        "",
        "end_of_program.py",
        "end_of_program.py:1 <module>()",
    );
    tmux.keys("c");
    tmux.wait_for(" finished ");
    tmux.keys("q");
    tmux.exited_with(0);
    assert_eq!(read(&dir, "atexit.txt").as_deref(), Some("atexit ran"));
    assert_eq!(read(&dir, "thread.txt").as_deref(), Some("thread finished"));
    assert_eq!(
        read(&dir, "buffered.txt").as_deref(),
        Some("never closed, never flushed")
    );
}

/// In the interface: `q` at a breakpoint mid-program ends it as pdb's `q` does: atexit
/// ran, the thread was joined, the unclosed file flushed.
#[test]
fn tui_quit_at_a_breakpoint_runs_atexit_and_joins_threads() {
    let (_t, dir) = folder(&["end_of_program.py"]);
    let tmux = tui(
        &dir,
        "",
        "end_of_program.py",
        "end_of_program.py:1 <module>()",
    );
    tmux.keys(":");
    tmux.keys("b 13");
    tmux.keys("Enter");
    tmux.wait_for("Breakpoint 1 at");
    tmux.keys("c");
    tmux.wait_for("end_of_program.py:13 <module>()");
    tmux.keys("q");
    tmux.exited_with(0);
    assert_eq!(read(&dir, "atexit.txt").as_deref(), Some("atexit ran"));
    assert_eq!(read(&dir, "thread.txt").as_deref(), Some("thread finished"));
    assert_eq!(
        read(&dir, "buffered.txt").as_deref(),
        Some("never closed, never flushed")
    );
}

/// In the interface: `q` at a `breakpoint()` in a thread ends the program at once even
/// though the main thread sleeps 30 s; status 0, no traceback, cooked mode.
#[test]
fn tui_quit_at_a_stop_in_a_thread_ends_the_program_promptly() {
    let (_t, dir) = folder(&["quit_in_thread.py"]);
    let tmux = tui(
        &dir,
        "",
        "quit_in_thread.py",
        "quit_in_thread.py:1 <module>()",
    );
    tmux.keys("c");
    tmux.wait_for(&format!(
        "quit_in_thread.py:{} worker()",
        breakpoint_stop_line(3)
    ));
    let asked = Instant::now();
    tmux.keys("q");
    let screen = tmux.exited_with(0);
    assert!(
        asked.elapsed() < Duration::from_secs(15),
        "q took {:?}",
        asked.elapsed()
    );
    assert!(!screen.contains("Traceback"), "{screen}");
    assert_eq!(read(&dir, "thread_after.txt"), None);
    assert_eq!(read(&dir, "main_after.txt"), None);
}

/// In the interface: `os._exit(3)` from a thread: status 3, the terminal restored.
#[test]
fn tui_os_exit_from_a_thread_keeps_its_status_and_restores_the_terminal() {
    let (_t, dir) = folder(&["os_exit.py"]);
    let tmux = tui(&dir, "", "os_exit.py", "os_exit.py:1 <module>()");
    tmux.keys("c");
    let screen = tmux.exited_with(3);
    assert!(screen.contains("thread exits"), "{screen}");
}

/// `RDB_TEST_PANIC=ui` (the interface panics painting the first stop) and `=trace` (the
/// trace callback panics at the first stop): cooked mode, no second screen and nothing of
/// the interface left on the main one, one paragraph starting `rdb: internal error:`,
/// status 101, and the program's thread never writes its file.
#[test]
fn tui_panics_restore_the_terminal_and_stop_the_program() {
    for mode in ["ui", "trace"] {
        let (_t, dir) = folder(&[]);
        package_with_a_late_writer(&dir);
        let tmux = Tmux::start(
            &dir,
            &wrapped(&format!("RDB_TEST_PANIC={mode}"), "-m pkg.mod"),
        );
        let screen = tmux.exited_with(101);
        let text = screen.replace('\n', "");
        assert!(
            text.contains("rdb: internal error:") && text.contains("exits with status 101"),
            "{mode}: {screen}"
        );
        if mode == "ui" {
            assert_nothing_of_the_interface_before_the_report(&screen, mode);
        }
        assert!(!screen.contains("panicked at"), "{mode}: {screen}");
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(read(&dir, "late.txt"), None, "{mode}: the program ran on");
    }
}

fn assert_nothing_of_the_interface_before_the_report(screen: &str, what: &str) {
    let before_report = screen
        .split("rdb: internal error:")
        .next()
        .unwrap_or_default();
    assert!(
        !before_report.contains('│')
            && !before_report.contains('┌')
            && !before_report.contains('└'),
        "{what}: the interface was left on the main screen:\n{screen}"
    );
}

/// `RDB_TEST_PANIC=trace` in the interface, forty times: not once may part of the
/// interface's frame be left on the main screen after rdb exits. rdb's panic hook
/// restores the terminal on the panicking (Python) thread while the interface thread may
/// still be writing its first frame, so the frame's lower rows can land on the main
/// screen after the alternate screen was left. The window is small: this was seen in
/// between 0 and 1 in 8 runs depending on the machine's load, so the test can only fail
/// when rdb is wrong, but a pass does not prove the race gone.
#[test]
fn tui_a_trace_panic_never_leaves_the_interface_on_the_main_screen() {
    let (_t, dir) = folder(&[]);
    write(&dir, "p.py", "x = 1\ny = 2\n");
    for attempt in 1..=40 {
        let tmux = Tmux::start(&dir, &wrapped("RDB_TEST_PANIC=trace", "p.py"));
        let screen = tmux.exited_with(101);
        assert_nothing_of_the_interface_before_the_report(&screen, &format!("attempt {attempt}"));
    }
}

/// In the interface: `input()` in a program thread is answered at rdb's prompt; the
/// program gets the line.
#[test]
fn tui_input_in_a_thread_is_answered_at_rdbs_prompt() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "ask.py",
        "import threading\ndef w():\n    global got\n    got = input('thread asks? ')\n\
         t = threading.Thread(target=w)\nt.start(); t.join()\n\
         open('answer.txt', 'w').write(got)\nprint('answer was', got)\n",
    );
    let tmux = tui(&dir, "", "ask.py", "ask.py:1 <module>()");
    tmux.keys("c");
    tmux.wait_for("input: thread asks?");
    tmux.keys("Zed Q");
    tmux.keys("Enter");
    tmux.wait_for("answer was Zed Q");
    tmux.keys("q");
    tmux.exited_with(0);
    assert_eq!(read(&dir, "answer.txt").as_deref(), Some("Zed Q"));
}

/// In the interface: a module whose globals hold a non-str key (`globals()[1] = ...`, which
/// python allows) still shows its other variables in the locals pane (chosen behaviour:
/// the odd key is skipped or shown by its repr, the rest stay).
#[test]
fn tui_a_non_str_key_in_globals_does_not_hide_the_other_variables() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "ik.py",
        "title = 'abc'\nglobals()[1] = 'int key'\nx = 2\ny = 3\n",
    );
    let tmux = tui(&dir, "", "ik.py", "ik.py:1 <module>()");
    for line in 2..=4 {
        tmux.keys("n");
        tmux.wait_for(&format!("ik.py:{line} <module>()"));
    }
    let start = Instant::now();
    let mut screen = tmux.screen();
    while !screen.contains("int 2") && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
        screen = tmux.screen();
    }
    assert!(
        screen.contains("title") && screen.contains("str 'abc'") && screen.contains("int 2"),
        "the locals pane lost the variables:\n{screen}"
    );
    tmux.keys("q");
    tmux.exited_with(0);
}

/// In the interface: a program that segfaults (and one that aborts) takes rdb with it, as
/// it would take python — but the terminal must not be left raw on the second screen:
/// status 139 (134), cooked mode, main screen.
#[test]
fn tui_a_crashing_program_leaves_the_terminal_usable() {
    for (source, status) in [
        ("import ctypes\nprint('before', flush=True)\nctypes.string_at(0)\n", 139),
        (
            "import os, signal\nprint('before', flush=True)\nos.kill(os.getpid(), signal.SIGABRT)\n",
            134,
        ),
    ] {
        let (_t, dir) = folder(&[]);
        write(&dir, "crash.py", source);
        let tmux = tui(&dir, "", "crash.py", "crash.py:1 <module>()");
        tmux.keys("c");
        tmux.exited_with(status);
    }
}

/// In the interface: the program closes every descriptor above 2. rdb keeps working (the
/// next stop shows, `q` exits 0) and restores the terminal.
#[test]
fn tui_the_program_closing_descriptors_above_2_leaves_rdb_working() {
    let (_t, dir) = folder(&["closerange.py"]);
    let tmux = tui(&dir, "", "closerange.py", "closerange.py:1 <module>()");
    for line in [2, 3, 4, 5] {
        tmux.keys("n");
        let screen = tmux.wait_for_any(&[&format!("closerange.py:{line} <module>()"), "EXIT="]);
        assert!(
            !screen.contains("EXIT="),
            "rdb died at line {line}:\n{screen}"
        );
    }
    tmux.keys("q");
    tmux.exited_with(0);
}

/// In the interface: a SIGALRM whose handler raises fires while paused at line 9 (inside
/// a `try` that catches it); after `n` the program must have seen it, as under python:
/// "caught alarm fired" in the output.
#[test]
fn tui_a_signal_handler_raising_while_paused_reaches_the_program() {
    let (_t, dir) = folder(&["alarm_at_prompt.py"]);
    let tmux = tui(
        &dir,
        "",
        "alarm_at_prompt.py",
        "alarm_at_prompt.py:1 <module>()",
    );
    tmux.keys(":");
    tmux.keys("b 9");
    tmux.keys("Enter");
    tmux.wait_for("Breakpoint 1 at");
    tmux.keys("c");
    tmux.wait_for("alarm_at_prompt.py:9 <module>()");
    std::thread::sleep(Duration::from_millis(2000));
    tmux.keys("n");
    std::thread::sleep(Duration::from_millis(500));
    tmux.keys("n");
    std::thread::sleep(Duration::from_millis(500));
    tmux.keys("c");
    let screen = tmux.wait_for(" finished ");
    assert!(
        screen.contains("caught alarm fired"),
        "the handler's exception never reached the program:\n{screen}"
    );
    tmux.keys("q");
    tmux.exited_with(0);
}

/// In the interface: when rdb says the program finished, the output pane already shows
/// the program's last line (five runs; the two travel apart, so this is a race unless
/// rdb orders them).
#[test]
fn tui_the_programs_last_output_comes_before_the_end_message() {
    let (_t, dir) = folder(&[]);
    write(&dir, "lw.py", "x = 1\nprint('last', 'words')\n");
    for attempt in 1..=5 {
        let tmux = tui(&dir, "", "lw.py", "lw.py:1 <module>()");
        // As a user does: look at the first stop for a moment before continuing.
        std::thread::sleep(Duration::from_millis(800));
        tmux.keys("c");
        let screen = tmux.wait_for(" finished ");
        assert!(
            screen.contains("│last words"),
            "attempt {attempt}: rdb said finished before the program's output showed:\n{screen}"
        );
        tmux.keys("q");
        tmux.exited_with(0);
    }
}

/// In the interface: the program rewrites its own source and ends; after `R` the source
/// pane shows the file as it is now (line 6 `VERSION = 2`, a new line 7), not the copy
/// from the first run.
#[test]
fn tui_a_restart_shows_the_source_as_it_is_now() {
    let (_t, dir) = folder(&["rewrites_itself.py"]);
    let tmux = tui(
        &dir,
        "",
        "rewrites_itself.py",
        "rewrites_itself.py:1 <module>()",
    );
    tmux.keys("c");
    tmux.wait_for(" finished ");
    tmux.keys("R");
    tmux.wait_for("rewrites_itself.py:1 <module>()");
    for line in [2, 3, 4, 6, 7] {
        tmux.keys("n");
        tmux.wait_for(&format!("rewrites_itself.py:{line} <module>()"));
    }
    let screen = tmux.screen();
    assert!(
        screen.contains("VERSION = 2") && screen.contains("extra = \"new line\""),
        "the source pane shows the old file:\n{screen}"
    );
    tmux.keys("q");
    tmux.exited_with(0);
}

/// In the interface: `q`, then `y`, while the program's main thread sleeps 30 s in C
/// code: rdb ends promptly (as `q` at a stop in a thread does), status 0, and the program
/// does not run on after its sleep.
#[test]
fn tui_quit_while_the_program_sleeps_ends_promptly() {
    let (_t, dir) = folder(&[]);
    write(
        &dir,
        "slp.py",
        "import time\nprint('sleeping', flush=True)\ntime.sleep(30)\nopen('woke.txt', 'w').write('woke')\n",
    );
    let tmux = tui(&dir, "", "slp.py", "slp.py:1 <module>()");
    tmux.keys("c");
    tmux.wait_for("│sleeping");
    tmux.keys("q");
    tmux.wait_for("Quit? It is running (y/n)");
    let asked = Instant::now();
    tmux.keys("y");
    tmux.exited_with(0);
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "quitting took {:?}: the sleep was waited out",
        asked.elapsed()
    );
    assert_eq!(read(&dir, "woke.txt"), None);
}

/// rdb's C entry points called with arbitrary Python values (a property test: seeded
/// random calls, `RDB_FUZZ_SEED` and `RDB_FUZZ_COUNT` for longer runs): every call
/// returns or raises an ordinary exception, nothing crashes, and stepping goes on.
#[test]
fn random_calls_into_rdbs_entry_points_never_crash_it() {
    let (_t, dir) = folder(&["random_calls.py"]);
    let seed = std::env::var("RDB_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let count = std::env::var("RDB_FUZZ_COUNT").unwrap_or_else(|_| "20000".into());
    // A breakpoint at the end keeps the file traced (3.11's tracer object set) throughout.
    let line = std::fs::read_to_string(dir.join("random_calls.py"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("after = "))
        .unwrap()
        + 1;
    let commands = format!("b {line}\nc\nc\nq\n");
    let out = rdb(&dir, &["random_calls.py", &seed, &count], &commands);
    assert_no_internal_error(&out);
    assert!(
        out.stdout.contains(&format!("calls {count} targets True")),
        "{}",
        out.both()
    );
    assert!(out.stdout.contains("still stepping"), "{}", out.both());
    assert_eq!(out.status, 0, "{}", out.both());
}

/// 3,000-deep recursion through a dead function, with a breakpoint in the recursing one
/// hit 31 times (3.11 wires that function during each hook-free run; each trip maps a
/// chunk its frame keeps until it returns): under a 400 MB address-space limit the
/// program runs to its end as under pdb.
#[test]
fn recursion_through_dead_code_with_many_stops_fits_a_small_address_space() {
    let (_t, dir) = folder(&["recursion_through_dead_code.py"]);
    let commands = format!("b 8\n{}", "c\n".repeat(32));
    std::fs::write(dir.join("commands"), &commands).unwrap();
    let out = shell(
        &dir,
        "ulimit -v 400000 && \"$RDB\" --batch recursion_through_dead_code.py < commands",
    );
    assert_eq!(out.status, 0, "{}", out.both());
    assert!(out.stdout.contains("bottom 0"), "{}", out.both());
    assert_eq!(
        out.stdout.matches("-> mark = n").count(),
        31,
        "{}",
        out.both()
    );
    assert!(!out.both().contains("MemoryError"), "{}", out.both());
    assert_no_internal_error(&out);
}

/// A function of a module imported before rdb watched `exec` (a `sitecustomize`), kept
/// over an `importlib.reload` of its module and called from dead code: rdb never saw
/// that code object made, so nothing of that file is wired (3.11) and its breakpoint
/// stops as under pdb.
#[test]
fn a_function_imported_before_rdb_started_stops_after_its_module_is_reloaded() {
    let (_t, dir) = folder(&[]);
    std::fs::create_dir(dir.join("site")).unwrap();
    write(
        &dir,
        "site/sitecustomize.py",
        "def helper(x):\n    y = x * 2\n    return y\n",
    );
    write(
        &dir,
        "rl.py",
        "import importlib, sitecustomize\nold = sitecustomize.helper\n\
         importlib.reload(sitecustomize)\ndef dead():\n    return old(3)\n\
         def live():\n    return 1\nlive()\nprint(dead())\n",
    );
    let commands = "b site/sitecustomize.py:2\nb 7\nc\nc\np x\nc\n";
    let with_site = |mut cmd: Command| {
        cmd.env("PYTHONPATH", dir.join("site"));
        run(cmd, Some(commands.as_bytes()), DEADLINE)
    };
    let ours = with_site(rdb_cmd(&dir, &["rl.py"]));
    let mut pdb_cmd = base(PYTHON, &dir);
    pdb_cmd.args(["-m", "pdb", "rl.py"]);
    let theirs = with_site(pdb_cmd);
    assert!(theirs.stdout.contains("(Pdb) 3\n"), "{}", theirs.both());
    assert_eq!(ours.stdout, as_rdb(&theirs.stdout), "{}", ours.both());
}
