//! The differential check against CPython's pdb: every case under `tests/pdb-cases` and
//! `../shared/pdb-cases` must stop where `python3 -m pdb` stops, in the same format.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("RDB_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(
        dir.join("pdbdiff.py").is_file(),
        "pdbdiff.py not found in {} (set RDB_SHARED to the shared folder)",
        dir.display()
    );
    dir
}

/// The python whose pdb is the reference: the one rdb was built against.
fn python() -> String {
    std::env::var("RDB_TEST_PYTHON").unwrap_or_else(|_| env!("RDB_PYTHON_EXECUTABLE").to_string())
}

fn pdbdiff(cases: &Path) {
    let shared = shared_dir();
    let rdb = format!("{} --batch", env!("CARGO_BIN_EXE_rdb"));
    let out = Command::new(python())
        .arg(shared.join("pdbdiff.py"))
        .args(["--rdb", &rdb, "--pdb", &format!("{} -m pdb", python())])
        .arg(cases)
        .output()
        .expect("run pdbdiff.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pdbdiff failed on {}:\n{text}{}",
        cases.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
fn own_corpus_matches_pdb() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdb-cases");
    let count = std::fs::read_dir(&cases).unwrap().count();
    assert!(count >= 30, "the corpus has {count} cases");
    pdbdiff(&cases);
}

#[test]
fn shared_cases_match_pdb() {
    pdbdiff(&shared_dir().join("pdb-cases"));
}
