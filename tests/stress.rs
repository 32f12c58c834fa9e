//! Stress: generated programs (loops, calls, generators, exceptions, recursion, classes,
//! closures) × random command sequences, each through `rdb --batch` with a time bound
//! and compared with `python -m pdb` by `tests/pdbdiff/pdbdiff.py`, by whole transcript:
//! no crash, no hang, no difference. `RDB_STRESS_COUNT=2000 RDB_STRESS_SEED=7 cargo test
//! --test stress` for a longer run.

use std::path::Path;
use std::process::Command;

#[test]
fn generated_programs_stop_where_pdb_stops() {
    let count = std::env::var("RDB_STRESS_COUNT").unwrap_or_else(|_| "200".into());
    let seed = std::env::var("RDB_STRESS_SEED").unwrap_or_else(|_| "1".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = env!("RDB_PYTHON_EXECUTABLE");
    let cases = tempfile::tempdir().unwrap();
    let made = Command::new(python)
        .arg(root.join("tests/stress/gen.py"))
        .args([&seed, &count])
        .arg(cases.path())
        .status()
        .unwrap();
    assert!(made.success());
    let rdb = format!("{} --batch", env!("CARGO_BIN_EXE_rdb"));
    let out = Command::new(python)
        .arg(root.join("tests/pdbdiff/pdbdiff.py"))
        .args([
            "--mode",
            "whole",
            "--rdb",
            &rdb,
            "--pdb",
            &format!("{python} -m pdb"),
            "--timeout",
            "20",
        ])
        .arg(cases.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && text.contains(&format!(
                "{count} passed, 0 failed ({count} whole transcript"
            )),
        "seed {seed}:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
