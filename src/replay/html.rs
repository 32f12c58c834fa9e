//! `rdb replay FILE --html OUT.html`: the recording as one self-contained web page (the
//! page itself is the interface's: `ui::page`).

use super::Recording;
use crate::ui::page::{render, PageData};

/// The recorded files and their sources: as recorded, else (a recording made without
/// them) as the files are now.
fn sources(rec: &Recording) -> Vec<(String, String)> {
    rec.files
        .iter()
        .filter_map(|f| rec.source(f).map(|text| (f.clone(), text)))
        .collect()
}

/// Writes the page for the recording at `path` to `out`; the exit status.
pub fn run(path: &str, out: &str) -> i32 {
    let rec = match super::batch::open(path) {
        Ok(r) => r,
        Err(status) => return status,
    };
    if std::path::Path::new(out).is_dir() {
        eprintln!("rdb replay: cannot write the page to {out}: it is a directory");
        return 2;
    }
    let recording = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("rdb replay: {path}: {e}");
            return 2;
        }
    };
    let title = std::path::Path::new(&rec.script)
        .file_name()
        .map_or(rec.script.clone(), |n| n.to_string_lossy().into_owned());
    let page = render(&PageData {
        title,
        python: rec.python.clone(),
        recording,
        sources: sources(&rec),
    });
    if let Err(e) = std::fs::write(out, &page) {
        eprintln!("rdb replay: cannot write {out}: {e}");
        return 1;
    }
    eprintln!(
        "rdb replay: {} steps in {out} ({} KB)",
        rec.len(),
        page.len().div_ceil(1024)
    );
    0
}
