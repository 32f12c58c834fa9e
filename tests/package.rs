//! The Python package, as its users get it: `pip install` of this repository into a fresh
//! virtualenv of a Python other than the one the binary was built for (3.12 by default;
//! `RDB_PACKAGE_PYTHON` names another), then the venv's `rdb`, `python -m rdb`,
//! `rdb.set_trace()`, `PYTHONBREAKPOINT=rdb.set_trace` and pytest's `--pdbcls=rdb:Rdb`,
//! each compared with what that Python's pdb prints for the same commands.
//!
//! Ignored by default (the install builds rdb once more, and pip fetches maturin and
//! pytest from the registry): `cargo test --test package -- --ignored`, as `.ci/run` does.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use common::tmux::Tmux;

/// The interpreter the venv is made from: `RDB_PACKAGE_PYTHON`, else pyenv's 3.12, else
/// `python3.12` on PATH.
fn base_python() -> PathBuf {
    if let Some(p) = std::env::var_os("RDB_PACKAGE_PYTHON") {
        return PathBuf::from(p);
    }
    let pyenv_root = Command::new("pyenv")
        .arg("root")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if let Some(root) = pyenv_root {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("versions"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin/python3.12"))
            .filter(|p| p.exists())
            .collect();
        found.sort();
        if let Some(p) = found.pop() {
            return p;
        }
    }
    let on_path = Command::new("sh")
        .args(["-c", "command -v python3.12"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    on_path.expect("a CPython 3.12 (pyenv's, or python3.12 on PATH), or RDB_PACKAGE_PYTHON")
}

/// The virtualenv with rdb (from this repository) and pytest installed, made once.
fn venv() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("rdb-package-")
            .tempdir()
            .unwrap()
            .keep();
        let venv = dir.join("venv");
        let made = Command::new(base_python())
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .unwrap();
        assert!(made.success(), "python -m venv failed");
        let out = Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "pytest"])
            .arg(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pip install failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        venv
    })
}

fn bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

/// `program args` in `dir` with `stdin`, standard error into the same pipe as standard
/// output (as a terminal shows them); the status and that text.
fn run(
    dir: &Path,
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> (i32, String) {
    use std::io::Write;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("\"$@\" 2>&1")
        .arg("sh")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env_remove("PYTHONBREAKPOINT")
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.as_bytes()).unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// rdb's transcript read as pdb's: its prompt, its quit exception's name and pytest's
/// timings aside.
fn as_pdb(text: &str) -> String {
    let text = text
        .replace("(rdb) ", "(Pdb) ")
        .replace("rdb.Quit", "bdb.BdbQuit");
    text.lines()
        .map(|l| match l.find(" in 0.") {
            Some(i) if l.ends_with('s') || l.ends_with('=') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pdb_only_frames(text: &str) -> String {
    // pdb's quit traceback goes through bdb.py's dispatch functions; rdb's does not.
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("File \"") && line.contains("/bdb.py\"") {
            while lines
                .peek()
                .is_some_and(|l| l.starts_with("    ") && !l.trim_start().starts_with("File "))
            {
                lines.next();
            }
            continue;
        }
        out.push(line);
    }
    as_pdb(&out.join("\n"))
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn rdb_version_names_the_venvs_python() {
    let dir = tempfile::tempdir().unwrap();
    let (status, text) = run(dir.path(), &bin("rdb"), &["--version"], &[], "");
    assert_eq!(status, 0, "{text}");
    assert!(text.starts_with("rdb 0.1.0 (CPython 3.12"), "{text}");
    assert!(text.contains(&venv().display().to_string()), "{text}");
    let (_, text) = run(
        dir.path(),
        &bin("python"),
        &[
            "-c",
            "import rdb, sys; print(rdb.__file__.startswith(sys.prefix))",
        ],
        &[],
        "",
    );
    assert_eq!(text.trim(), "True");
}

/// The corpus through `launcher` ("rdb" or "python -m rdb"), against the venv's pdb.
fn corpus_through(launcher: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = bin("python");
    let out = Command::new(&python)
        .arg(root.join("tests/pdbdiff/pdbdiff.py"))
        .args(["--rdb", &format!("{launcher} --batch")])
        .args(["--pdb", &format!("{} -m pdb", python.display())])
        .arg(root.join("tests/pdb-cases"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn the_venvs_rdb_command_matches_its_pdb_on_the_corpus() {
    corpus_through(&bin("rdb").display().to_string());
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn python_dash_m_rdb_matches_its_pdb_on_the_corpus() {
    corpus_through(&format!("{} -m rdb", bin("python").display()));
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn the_program_sees_the_venv_and_its_packages() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "prog.py",
        "import sys, pytest\nprint(sys.prefix == sys.base_prefix, sys.prefix)\n",
    );
    let (status, text) = run(
        dir.path(),
        &bin("rdb"),
        &["--batch", "prog.py"],
        &[],
        "c\nq\n",
    );
    assert_eq!(status, 0, "{text}");
    assert!(
        text.contains(&format!("False {}", venv().display())),
        "{text}"
    );
}

const TWO_BREAKPOINTS: &str = "\
def f(x):
    y = x * 2
    breakpoint()
    z = y + 1
    return z
print(f(3))
print(f(4))
print('end')
";

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn pythonbreakpoint_rdb_set_trace_stops_as_pdb_does() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", TWO_BREAKPOINTS);
    let commands = "p y\nn\np z\nwhere\nc\np x, y\nc\n";
    let python = bin("python");
    let (status, rdb) = run(
        dir.path(),
        &python,
        &["prog.py"],
        &[("PYTHONBREAKPOINT", "rdb.set_trace")],
        commands,
    );
    assert_eq!(status, 0, "{rdb}");
    let (_, pdb) = run(dir.path(), &python, &["prog.py"], &[], commands);
    assert_eq!(as_pdb(&rdb), as_pdb(&pdb));
    assert!(rdb.contains("(rdb) 6\n"), "{rdb}");
    assert!(rdb.trim_end().ends_with("end"), "{rdb}");
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn import_rdb_set_trace_post_mortem_and_runcall_match_pdb() {
    let dir = tempfile::tempdir().unwrap();
    let program = "\
import sys
import DEBUGGER as dbg

def g(a):
    return 10 / a

def h(n):
    total = n + 1
    return total * 2

dbg.set_trace()
value = 5
try:
    g(0)
except ZeroDivisionError:
    dbg.post_mortem()
print('after post-mortem')
print('runcall gave', dbg.runcall(h, 4))
try:
    g(0)
except ZeroDivisionError as e:
    dbg.post_mortem(e.__traceback__)
print('end')
";
    common::write(
        dir.path(),
        "with_rdb.py",
        &program.replace("DEBUGGER", "rdb"),
    );
    common::write(
        dir.path(),
        "with_pdb.py",
        &program.replace("DEBUGGER", "pdb"),
    );
    let commands = "n\np value\nc\np a\nup\np a\nc\np n\nn\np total\nc\nw\nc\n";
    let python = bin("python");
    let (status, rdb) = run(dir.path(), &python, &["with_rdb.py"], &[], commands);
    assert_eq!(status, 0, "{rdb}");
    let (_, pdb) = run(dir.path(), &python, &["with_pdb.py"], &[], commands);
    assert_eq!(
        as_pdb(&rdb).replace("with_rdb", "F"),
        as_pdb(&pdb).replace("with_pdb", "F")
    );
    assert!(rdb.contains("runcall gave 10"), "{rdb}");
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn q_at_a_set_trace_stop_quits_as_pdb_does() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", TWO_BREAKPOINTS);
    let python = bin("python");
    let (status, rdb) = run(
        dir.path(),
        &python,
        &["prog.py"],
        &[("PYTHONBREAKPOINT", "rdb.set_trace")],
        "q\n",
    );
    let (pdb_status, pdb) = run(dir.path(), &python, &["prog.py"], &[], "q\n");
    assert_eq!((status, pdb_status), (1, 1), "{rdb}");
    assert_eq!(pdb_only_frames(&rdb), pdb_only_frames(&pdb));
}

const TESTS: &str = "\
def helper(n):
    return n * 10

def test_fails():
    value = helper(4)
    print('captured output')
    assert value == 41

def test_breakpoint():
    here = 5
    breakpoint()
    assert here == 5
";

/// pytest with `args` and `commands`, with rdb as its debugger and then with pdb.
fn pytest_both(args: &[&str], env: &[(&str, &str)], commands: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "test_it.py", TESTS);
    let python = bin("python");
    let base = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_it.py"];
    let mut with_rdb: Vec<&str> = base.to_vec();
    with_rdb.extend_from_slice(args);
    with_rdb.push("--pdbcls=rdb:Rdb");
    let (_, rdb) = run(dir.path(), &python, &with_rdb, env, commands);
    let mut with_pdb: Vec<&str> = base.to_vec();
    with_pdb.extend_from_slice(args);
    let (_, pdb) = run(dir.path(), &python, &with_pdb, &[], commands);
    (rdb, pdb)
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn pytest_pdb_with_rdb_is_post_mortem_on_the_failing_test() {
    let (rdb, pdb) = pytest_both(&["--pdb", "-k", "fails"], &[], "p value\nwhere\nc\n");
    assert_eq!(as_pdb(&rdb), as_pdb(&pdb));
    assert!(rdb.contains("(rdb) 40\n"), "{rdb}");
    assert!(rdb.contains("PDB continue (IO-capturing resumed)"), "{rdb}");
    // q ends the session as pdb's does: pytest's Exit.
    let (rdb, pdb) = pytest_both(&["--pdb"], &[], "q\n");
    assert_eq!(as_pdb(&rdb), as_pdb(&pdb));
    assert!(rdb.contains("Exit: Quitting debugger"), "{rdb}");
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn pytest_trace_with_rdb_stops_at_each_tests_first_line() {
    let (rdb, pdb) = pytest_both(&["--trace", "-k", "fails"], &[], "n\nn\np value\nc\n");
    assert_eq!(as_pdb(&rdb), as_pdb(&pdb));
    assert!(rdb.contains("PDB runcall"), "{rdb}");
    assert!(rdb.contains("test_it.py(5)test_fails()"), "{rdb}");
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn breakpoint_in_a_test_with_capture_on() {
    // Through pdb.set_trace (pytest's own hook) and through PYTHONBREAKPOINT.
    for env in [vec![], vec![("PYTHONBREAKPOINT", "rdb.set_trace")]] {
        let (rdb, pdb) = pytest_both(&["-k", "breakpoint"], &env, "p here\nn\nc\n");
        assert_eq!(as_pdb(&rdb), as_pdb(&pdb), "{env:?}");
        assert!(
            rdb.contains("PDB set_trace (IO-capturing turned off)"),
            "{rdb}"
        );
        assert!(rdb.contains("1 passed"), "{rdb}");
    }
}

#[test]
#[ignore = "builds and installs the package: cargo test --test package -- --ignored"]
fn set_trace_in_a_terminal_opens_the_full_screen_interface() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", TWO_BREAKPOINTS);
    let command = format!(
        "PYTHONBREAKPOINT=rdb.set_trace XDG_CONFIG_HOME=./.config {} prog.py; echo EXIT=$?; sleep 30",
        bin("python").display()
    );
    let tmux = Tmux::start(dir.path(), &command);
    let screen = tmux.wait_for("prog.py:4 f()");
    assert!(screen.contains("4 ▶     z = y + 1"), "{screen}");
    assert!(screen.contains("<module>  prog.py:6"), "{screen}");
    tmux.keys("c");
    let screen = tmux.wait_for("<module>  prog.py:7");
    assert!(screen.contains("│7 "), "the first call's output: {screen}");
    tmux.keys("c");
    let screen = tmux.wait_for("EXIT=0");
    assert!(!tmux.alternate_screen(), "{screen}");
    for line in ["7", "9", "end"] {
        assert!(screen.lines().any(|l| l.trim() == line), "{line}: {screen}");
    }
}
