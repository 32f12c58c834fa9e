//! Interpreter start-up through `PyConfig`: signal handlers on, the program's argv, the
//! right `sys.executable` (and with it the active virtualenv), `sys.path[0]`.

use std::ffi::CString;
use std::mem::MaybeUninit;
use std::path::{Path, PathBuf};

use pyo3::ffi;
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

/// The interpreter rdb runs on: the active virtualenv's python (so that `site` reads its
/// `pyvenv.cfg`), else the python rdb was built against.
fn executable() -> String {
    let built = env!("RDB_PYTHON_EXECUTABLE").to_string();
    let venv = std::env::var_os("VIRTUAL_ENV")
        .map(PathBuf::from)
        .or_else(venv_of_python_on_path);
    match venv {
        Some(v) if v.join("pyvenv.cfg").is_file() => {
            let exe = v.join("bin").join("python");
            if exe.exists() {
                exe.display().to_string()
            } else {
                built
            }
        }
        _ => built,
    }
}

/// The virtualenv whose `bin/python3` comes first on PATH, if any.
fn venv_of_python_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let dir = std::env::split_paths(&path).find(|d| d.join("python3").exists())?;
    let root = dir.parent()?;
    root.join("pyvenv.cfg")
        .is_file()
        .then(|| root.to_path_buf())
}

fn status_error(status: ffi::PyStatus) -> Option<String> {
    // SAFETY: PyStatus_Exception only reads the status struct.
    if unsafe { ffi::PyStatus_Exception(status) } == 0 {
        return None;
    }
    let msg = if status.err_msg.is_null() {
        "unknown error".to_string()
    } else {
        // SAFETY: a non-null err_msg is a NUL-terminated static C string.
        unsafe { std::ffi::CStr::from_ptr(status.err_msg) }
            .to_string_lossy()
            .into_owned()
    };
    Some(msg)
}

/// Starts CPython for `target` with `sys.argv = [argv0, *args]`. `unbuffered` makes the
/// program's stdout and stderr unbuffered (as `python -u`), for a live output pane.
pub fn start(target: &Target, args: &[String], unbuffered: bool) -> Result<(), StartError> {
    let argv0 = match target {
        Target::Script { typed, .. } => typed.clone(),
        Target::Module(m) => m.clone(),
    };
    let argv: Vec<CString> = std::iter::once(argv0)
        .chain(args.iter().cloned())
        .map(|a| CString::new(a).map_err(|_| StartError::Init("argument with a NUL byte".into())))
        .collect::<Result<_, _>>()?;
    let argv_ptrs: Vec<*mut std::os::raw::c_char> =
        argv.iter().map(|a| a.as_ptr() as *mut _).collect();
    let exe = CString::new(executable()).map_err(|_| StartError::Init("bad path".into()))?;

    let mut config = MaybeUninit::<ffi::PyConfig>::uninit();
    // SAFETY: PyConfig_InitPythonConfig fully initialises the struct; the fields we then
    // set are plain ints or set through the config API, which copies the strings. The
    // config is cleared after use.
    unsafe {
        ffi::PyConfig_InitPythonConfig(config.as_mut_ptr());
        let config = config.assume_init_mut();
        config.install_signal_handlers = 1;
        config.parse_argv = 0;
        if unbuffered {
            config.buffered_stdio = 0;
        }
        let result = (|| {
            if let Some(e) = status_error(ffi::PyConfig_SetBytesArgv(
                config,
                argv_ptrs.len() as isize,
                argv_ptrs.as_ptr() as *mut _,
            )) {
                return Err(e);
            }
            if let Some(e) = status_error(ffi::PyConfig_SetBytesString(
                config,
                &mut config.executable,
                exe.as_ptr(),
            )) {
                return Err(e);
            }
            if let Some(e) = status_error(ffi::Py_InitializeFromConfig(config)) {
                return Err(e);
            }
            Ok(())
        })();
        ffi::PyConfig_Clear(config);
        result.map_err(StartError::Init)?;
    }

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
        sys.getattr("path")?.call_method1("insert", (0, path0))?;
        install_hooks(py)
    })
    .map_err(|e| StartError::Init(e.to_string()))
}

/// Ends the interpreter the way python does when a program ends: non-daemon threads are
/// joined, `atexit` handlers run, the standard streams are flushed. Returns the process
/// exit status: `status`, or python's 120 when flushing failed. Nothing of Python may be
/// used afterwards; call it once, on the thread that started the interpreter, last.
pub fn shutdown(status: i32) -> i32 {
    // SAFETY: both only read the runtime's state.
    let ours = unsafe { ffi::Py_IsInitialized() != 0 && ffi::PyGILState_Check() != 0 };
    if !ours {
        return status;
    }
    // SAFETY: the interpreter is initialised and this thread holds its GIL (checked
    // above, outside any pyo3 scope); nothing of rdb's uses Python after this.
    let finalized = unsafe { ffi::Py_FinalizeEx() };
    if finalized < 0 && status == 0 {
        120
    } else {
        status
    }
}
