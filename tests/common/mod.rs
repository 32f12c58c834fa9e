//! Running the real `rdb` binary on scripts written into a temporary folder.
#![allow(dead_code)]

pub mod browser;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

pub fn rdb_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rdb"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("VIRTUAL_ENV")
        // Only a configuration a test writes into its own folder.
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

pub fn finish(mut cmd: Command, stdin: &str) -> Run {
    use std::io::Write;
    let mut child = cmd.spawn().expect("start rdb");
    // Feed stdin from a thread: a long transcript would otherwise fill the stdout pipe
    // while we are still writing.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out: Output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `rdb --batch ARGS` in `dir` with `stdin` as the command input.
pub fn rdb(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["--batch"];
    all.extend_from_slice(args);
    finish(rdb_command(dir, &all), stdin)
}

/// The minor version of the Python rdb was built for (3.X).
pub fn python_minor() -> u32 {
    static MINOR: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MINOR.get_or_init(|| {
        let out = Command::new(env!("RDB_PYTHON_EXECUTABLE"))
            .args(["-c", "import sys; print(sys.version_info[1])"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    })
}

/// `lat.py` in latin-1 with a coding cookie, and `bom.py` in UTF-8 with a BOM.
pub fn write_latin1_and_bom_sources(dir: &Path) {
    std::fs::write(
        dir.join("lat.py"),
        b"# -*- coding: latin-1 -*-\nname = \"caf\xe9\"\nprint(name)\n",
    )
    .unwrap();
    std::fs::write(dir.join("bom.py"), b"\xef\xbb\xbfword = \"na\xc3\xafve\"\n").unwrap();
}
