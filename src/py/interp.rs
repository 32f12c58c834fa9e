//! Interpreter start-up through `PyConfig`: signal handlers on, the program's argv, the
//! right `sys.executable` (and with it the active virtualenv), `sys.path[0]`.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;

use super::hooks::install_hooks;

/// What the user asked to debug.
#[derive(Debug, Clone)]
pub enum Target {
    /// A script, by its real path, with the path as typed for `sys.argv[0]`.
    Script { path: PathBuf, typed: String },
    /// `-m module`.
    Module(String),
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("Error: {0} does not exist")]
    Missing(String),
    #[error("Error: {0} is a directory")]
    Directory(String),
    #[error("Python failed to start: {0}")]
    Init(String),
    /// Another Python than the one rdb was built for: said in full.
    #[error("{0}")]
    Mismatch(String),
}

impl Target {
    /// Checks a script path the way pdb does before anything runs.
    pub fn script(typed: &str) -> Result<Target, StartError> {
        let p = Path::new(typed);
        if !p.exists() {
            return Err(StartError::Missing(typed.to_string()));
        }
        if p.is_dir() {
            return Err(StartError::Directory(typed.to_string()));
        }
        let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        Ok(Target::Script {
            path,
            typed: typed.to_string(),
        })
    }

    /// The name pdb prints in "The ... will be restarted".
    pub fn display(&self) -> String {
        match self {
            Target::Script { path, .. } => path.display().to_string(),
            Target::Module(m) => m.clone(),
        }
    }
}

/// Starts CPython for `target` with `sys.argv = [argv0, *args]` — or, in the Python
/// package, readies the running interpreter for it (`host`). `unbuffered` makes the
/// program's stdout and stderr unbuffered (as `python -u`), for a live output pane.
pub fn start(target: &Target, args: &[String], unbuffered: bool) -> Result<(), StartError> {
    let argv0 = match target {
        Target::Script { typed, .. } => typed.clone(),
        Target::Module(m) => m.clone(),
    };
    let argv: Vec<String> = std::iter::once(argv0).chain(args.iter().cloned()).collect();
    super::host::start_interpreter(&argv, unbuffered)?;
    Python::attach(|py| -> PyResult<()> {
        let sys = py.import("sys")?;
        // rdb's own imports, before the script's folder is on sys.path, are the standard
        // library's even when the program has a `pprint.py` (which then stays its own).
        let forget_shadowed = super::helpers::helper(py, "forget_shadowed");
        let path0 = match target {
            Target::Script { path, .. } => path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            Target::Module(_) => std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
        };
        forget_shadowed.call1((&path0,))?;
        let path = sys.getattr("path")?;
        if super::host::owned() {
            path.call_method1("insert", (0, path0))?;
        } else {
            // The running python put its own first entry there (the command's folder,
            // or '' for -m); the program's replaces it, as pdb's main does.
            path.set_item(0, path0)?;
            sys.setattr("argv", &argv)?;
        }
        install_hooks(py)
    })
    .map_err(|e| StartError::Init(e.to_string()))
}
