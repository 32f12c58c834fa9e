//! Headless Chromium (Debian's `chromium`) on a page written to disk: the DOM after its
//! scripts ran (`--dump-dom`), or a screenshot.

use std::path::Path;
use std::process::Command;

/// The browser, or a failure saying how to get it (the tests need it: `.ci/run`
/// installs it).
fn chromium() -> &'static str {
    for candidate in ["chromium", "chromium-browser"] {
        if Command::new(candidate).arg("--version").output().is_ok() {
            return candidate;
        }
    }
    panic!("these tests need Chromium: apt-get install chromium");
}

fn run(page: &Path, fragment: &str, what: &[String]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            // the page's scripts run (and decompress) before the DOM is taken
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(what)
        .arg(format!("file://{}{fragment}", page.display()))
        .output()
        .expect("run chromium")
}

/// The page's DOM once its scripts have run.
pub fn dump_dom(page: &Path, fragment: &str) -> String {
    let out = run(page, fragment, &["--dump-dom".into()]);
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A `width`×`height` screenshot of the page into `png`.
pub fn screenshot(page: &Path, fragment: &str, png: &Path, width: u32, height: u32) {
    let out = run(
        page,
        fragment,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ],
    );
    assert!(
        out.status.success() && png.exists(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
