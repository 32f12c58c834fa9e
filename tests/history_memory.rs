//! The history of stops stays within its memory bound: 100,000 stops in batch mode with
//! `--history-mb 1`, against the same run with the default bound. (One test in this
//! binary, so the children's peak RSS is this test's alone.)

mod common;

use common::{rdb, write};

fn peak_children_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given.
    unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init().ru_maxrss
    }
}

#[test]
fn a_hundred_thousand_stops_stay_under_the_history_bound() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "loop.py",
        "for i in range(50000):\n    x = i\nprint('done')\n",
    );
    let commands = format!("{}history\n", "n\n".repeat(100_000));

    let bounded = rdb(dir.path(), &["--history-mb", "1", "loop.py"], &commands);
    let bounded_rss = peak_children_rss_kb();
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
    let unbounded_rss = peak_children_rss_kb();
    assert!(
        bounded_rss + 15_000 < unbounded_rss,
        "bounded peak {bounded_rss} KB, unbounded peak {unbounded_rss} KB"
    );
    assert!(bounded_rss < 40_000, "bounded peak {bounded_rss} KB");
}
