//! A plain clone of the repository builds its tests: nothing they need lives outside it.
//! The committed state (HEAD: only committed files are in a clone) is cloned with `git
//! clone --local` into a temporary folder, its `tests/`, `src/`, `benches/` and `.ci/`
//! are searched for the reference material that lived beside the repository, and every
//! test is built there, offline, into a target folder of its own under this build's
//! (`<target>/clone`, so that later runs only rebuild rdb itself).

use std::path::{Path, PathBuf};
use std::process::Command;

/// This build's target folder: the test binary is `<target>/<profile>/deps/clone-...`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Every file under `dir` that mentions one of `needles`, with the line.
fn mentions(dir: &Path, needles: &[String], found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            mentions(&path, needles, found);
        } else if let Ok(text) = std::fs::read(&path) {
            let text = String::from_utf8_lossy(&text);
            for (n, line) in text.lines().enumerate() {
                if needles.iter().any(|needle| line.contains(needle.as_str())) {
                    found.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
}

#[test]
fn a_plain_clone_builds_its_tests() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !repo.join(".git").exists() {
        eprintln!("{} is not a git checkout: nothing to clone", repo.display());
        return;
    }
    let head = git(repo, &["rev-parse", "HEAD"]);
    let changed = git(repo, &["status", "--porcelain", "--untracked-files=no"]);
    if !changed.is_empty() {
        eprintln!("note: the clone has HEAD ({head}), without the uncommitted changes:\n{changed}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let clone = tmp.path().join("rdb");
    let out = Command::new("git")
        .args(["clone", "--quiet", "--local", "--no-checkout"])
        .arg(repo)
        .arg(&clone)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(&clone, &["checkout", "--quiet", "--detach", &head]);

    // Spelled in pieces, so that this file does not mention them itself.
    let needles = [["..", "shared"].join("/"), ["RDB", "SHARED"].join("_")];
    let mut found = Vec::new();
    for dir in ["tests", "src", "benches", ".ci"] {
        mentions(&clone.join(dir), &needles, &mut found);
    }
    assert!(
        found.is_empty(),
        "the repository still reaches outside itself:\n{}",
        found.join("\n")
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["test", "--no-run", "--offline", "--quiet"])
        .current_dir(&clone)
        .env("CARGO_TARGET_DIR", target_dir().join("clone"))
        .env("PYO3_PYTHON", env!("RDB_PYTHON_EXECUTABLE"))
        // Whether it builds is the question: no debug info (half the time, 40% of
        // the disk).
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo test --no-run in a clone of {head} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
