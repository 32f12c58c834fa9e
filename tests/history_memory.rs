//! The history of stops stays within its memory bound: 100,000 stops in batch mode with
//! `--history-mb 1`, against the same run with the default bound. Each run's peak
//! resident memory is rdb's own, read at the last stop from `/proc/self/status`
//! (`VmHWM`, the peak since `exec`) by a `p` command: not the children's `ru_maxrss`,
//! which also counts the image each child started as, a copy of this test process.

mod common;

use common::{rdb, write};

/// The peak RSS printed by `HWM`'s `p` command, in kB.
fn peak_kb(stdout: &str) -> i64 {
    let line = stdout
        .lines()
        .find(|l| l.contains("('@@hwm', "))
        .unwrap_or_else(|| panic!("no peak in {}", &stdout[stdout.len().saturating_sub(500)..]));
    line.split(|c: char| !c.is_ascii_digit())
        .find_map(|w| w.parse().ok())
        .unwrap()
}

const HWM: &str =
    "p ('@@hwm', int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]))\n";

#[test]
fn a_hundred_thousand_stops_stay_under_the_history_bound() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "loop.py",
        "for i in range(50000):\n    x = i\nprint('done')\n",
    );
    let commands = format!("{}{HWM}history\n", "n\n".repeat(100_000));

    let bounded = rdb(dir.path(), &["--history-mb", "1", "loop.py"], &commands);
    let bounded_rss = peak_kb(&bounded.stdout);
    let summary = bounded
        .stdout
        .lines()
        .find(|l| l.contains("stops kept"))
        .unwrap_or_else(|| {
            panic!(
                "no summary in {}",
                &bounded.stdout[bounded.stdout.len() - 500..]
            )
        });
    // "(rdb) 2520 stops kept, about 1024 KB; 37481 older stops dropped"
    let numbers: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    let (kept_kb, dropped) = (numbers[1], numbers[2]);
    assert!(kept_kb <= 1024, "{summary}");
    assert!(dropped > 90_000, "{summary}");

    let unbounded = rdb(dir.path(), &["loop.py"], &commands);
    assert!(unbounded.stdout.contains("0 older stops dropped"));
    let unbounded_rss = peak_kb(&unbounded.stdout);
    assert!(
        bounded_rss + 15_000 < unbounded_rss,
        "bounded peak {bounded_rss} KB, unbounded peak {unbounded_rss} KB"
    );
    assert!(bounded_rss < 40_000, "bounded peak {bounded_rss} KB");
}
