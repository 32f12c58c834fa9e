//! The differential check against CPython's pdb: every case under `tests/pdb-cases` is
//! run by `python -m pdb` (of the Python rdb was built for) and by `rdb --batch`, and
//! compared by `tests/pdbdiff/pdbdiff.py` -- by whole transcript, or by stops only for a
//! case whose `stops-only` file says why its whole transcript differs under this Python.

mod common;

use std::path::Path;
use std::process::Command;

/// The python whose pdb is the reference: the one rdb was built against.
fn python() -> String {
    std::env::var("RDB_TEST_PYTHON").unwrap_or_else(|_| env!("RDB_PYTHON_EXECUTABLE").to_string())
}

/// The counts of the checker's last line, "N passed, F failed (W whole transcript, S
/// stops only)".
fn counts(text: &str) -> [usize; 4] {
    let line = text
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .unwrap_or_else(|| panic!("no count line in:\n{text}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    numbers
        .try_into()
        .unwrap_or_else(|_| panic!("not a count line: {line}"))
}

#[test]
fn corpus_matches_pdb() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = root.join("tests/pdb-cases");
    let count = std::fs::read_dir(&cases).unwrap().count();
    assert!(count >= 135, "the corpus has {count} cases");
    let rdb = format!("{} --batch", env!("CARGO_BIN_EXE_rdb"));
    let out = Command::new(python())
        .arg(root.join("tests/pdbdiff/pdbdiff.py"))
        .args(["--rdb", &rdb, "--pdb", &format!("{} -m pdb", python())])
        .arg(&cases)
        .output()
        .expect("run pdbdiff.py");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "pdbdiff failed:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let [passed, failed, whole, stops] = counts(&text);
    assert_eq!((passed, failed), (count, 0), "{text}");
    assert_eq!(whole + stops, passed, "{text}");
    // What is compared by whole transcript today (each case's `stops-only` file says
    // why the others are not, and on which versions); a case may move up from
    // stops-only, never down.
    let at_least = match common::python_minor() {
        ..=9 => 211,
        10 => 223,
        11 => 231,
        12 => 229,
        _ => 238,
    };
    assert!(
        whole >= at_least,
        "only {whole} cases are compared by whole transcript (at least {at_least}):\n{text}"
    );
}
