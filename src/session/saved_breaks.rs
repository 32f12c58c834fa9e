//! Breakpoints kept between runs (`--save-breakpoints`, as pudb's saved breakpoints):
//! `./.rdb-breakpoints.toml`, with paths relative to that folder so a project can move.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{toml_string, SAVED_BREAKPOINTS_FILE as FILE_NAME};
use crate::engine::Breakpoints;
use crate::py;

/// The saved-breakpoints file of the project in `dir`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Adds the breakpoints saved in `path` (if it exists) whose line still exists; returns
/// what to tell the user.
pub fn restore(path: &Path, breaks: &mut Breakpoints) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let shown = path.display();
    let table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            return vec![format!(
                "*** {shown}: {}; no breakpoints restored",
                e.message().trim_end()
            )]
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let entries = match table.get("breakpoint") {
        Some(toml::Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let mut notes = Vec::new();
    let mut restored = 0;
    for (i, entry) in entries.iter().enumerate() {
        let field = |name: &str| entry.get(name);
        let (Some(file), Some(line)) = (
            field("file").and_then(toml::Value::as_str),
            field("line").and_then(toml::Value::as_integer),
        ) else {
            notes.push(format!(
                "*** {shown}: breakpoint {} needs a file and a line; skipped",
                i + 1
            ));
            continue;
        };
        let file = py::canonic(&dir.join(file).to_string_lossy());
        let line = u32::try_from(line).unwrap_or(0);
        if line == 0 || py::getline(&file, line, None).trim().is_empty() {
            notes.push(format!("*** saved breakpoint at {file}:{line} skipped: that line no longer exists or is blank"));
            continue;
        }
        let text = |name: &str| {
            field(name)
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        let flag = |name: &str, default: bool| {
            field(name)
                .and_then(toml::Value::as_bool)
                .unwrap_or(default)
        };
        let number = breaks
            .add(
                &file,
                line,
                flag("temporary", false),
                text("condition"),
                text("function"),
            )
            .number;
        if let Ok(bp) = breaks.by_number_mut(&number.to_string()) {
            bp.enabled = flag("enabled", true);
        }
        restored += 1;
    }
    if restored > 0 {
        let s = if restored == 1 { "" } else { "s" };
        notes.insert(0, format!("Restored {restored} breakpoint{s} from {shown}"));
    }
    notes
}

/// Writes the current breakpoints to `path` (removing it when there are none).
pub fn save(path: &Path, breaks: &Breakpoints) -> std::io::Result<()> {
    if breaks.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or(dir.to_path_buf());
    let mut out = String::from(
        "# rdb's saved breakpoints (rdb --save-breakpoints); files are relative to this folder\n",
    );
    for bp in breaks.iter() {
        let file = Path::new(&bp.file);
        let file = file.strip_prefix(&dir).unwrap_or(file);
        let _ = write!(
            out,
            "\n[[breakpoint]]\nfile = {}\nline = {}\n",
            toml_string(&file.to_string_lossy()),
            bp.line
        );
        if let Some(f) = &bp.funcname {
            let _ = writeln!(out, "function = {}", toml_string(f));
        }
        if let Some(c) = &bp.cond {
            let _ = writeln!(out, "condition = {}", toml_string(c));
        }
        if bp.temporary {
            out.push_str("temporary = true\n");
        }
        if !bp.enabled {
            out.push_str("enabled = false\n");
        }
    }
    std::fs::write(path, out)
}
