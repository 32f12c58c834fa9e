//! Who owns the interpreter — the one place where rdb's two ways in differ. The `rdb`
//! binary embeds the CPython it was built against: it refuses another version (a
//! virtualenv of another Python, another libpython), starts it through `PyConfig`, and
//! finalizes it at the end. In the Python package, rdb is an extension module of the
//! python that imported it: the interpreter is running already, and its end is python's.

use std::ffi::CString;
use std::mem::MaybeUninit;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;

use super::interp::StartError;

/// rdb runs inside a python that imported it (set by the extension module).
static EXTENSION: AtomicBool = AtomicBool::new(false);

/// Called by the extension module when python imports it.
pub fn running_in_python() {
    EXTENSION.store(true, Ordering::SeqCst);
}

/// In a running python, the frame that called rdb to run a program (the `rdb`
/// command's own): the program's stack ends below it, as a script's ends in the binary.
static CALLER_FRAME: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether `frame` (a frame object's address) is the caller's frame around the program.
pub(crate) fn is_callers_frame(frame: *mut ffi::PyObject) -> bool {
    let caller = CALLER_FRAME.load(Ordering::Relaxed);
    caller != 0 && caller == frame as usize
}

/// Whether rdb owns the interpreter (the binary) rather than runs inside one.
pub fn owned() -> bool {
    !EXTENSION.load(Ordering::SeqCst)
}

/// The version rdb was built for ("3.11.7"), as the build found it.
const BUILT_VERSION: Option<&str> = option_env!("RDB_PYTHON_VERSION");
/// The interpreter rdb was built against.
const BUILT_EXECUTABLE: Option<&str> = option_env!("RDB_PYTHON_EXECUTABLE");

/// `3.11` of `3.11.7`.
fn minor_of(version: &str) -> &str {
    let mut dots = version.match_indices('.').map(|(i, _)| i);
    let _ = dots.next();
    match dots.next() {
        Some(i) => &version[..i],
        None => version,
    }
}

/// One line for `--version`: the Python rdb runs (version and executable).
pub fn describe_python() -> String {
    if owned() {
        let version = BUILT_VERSION.unwrap_or("unknown");
        format!("CPython {version}, {}", executable().unwrap_or_else(|e| e))
    } else {
        Python::attach(|py| {
            let sys = py.import("sys");
            let get = |name: &str| {
                sys.as_ref()
                    .ok()
                    .and_then(|s| s.getattr(name).ok())
                    .and_then(|v| v.str().ok())
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            };
            let version = get("version");
            let version = version.split_whitespace().next().unwrap_or("");
            format!("CPython {version}, {}", get("executable"))
        })
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

/// The `version` a virtualenv's `pyvenv.cfg` records (`version = 3.12.1`, or
/// `version_info = 3.12.1.final.0` from some tools).
fn venv_version(venv: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(venv.join("pyvenv.cfg")).ok()?;
    text.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        matches!(key.trim(), "version" | "version_info").then(|| value.trim().to_string())
    })
}

/// The interpreter rdb runs on: the active virtualenv's python (so that `site` reads its
/// `pyvenv.cfg`), else the python rdb was built against; an error naming both versions
/// when the virtualenv is another Python's.
fn executable() -> Result<String, String> {
    let built = BUILT_EXECUTABLE.unwrap_or("python3").to_string();
    let venv = std::env::var_os("VIRTUAL_ENV")
        .map(PathBuf::from)
        .or_else(venv_of_python_on_path)
        .filter(|v| v.join("pyvenv.cfg").is_file());
    let Some(venv) = venv else {
        return Ok(built);
    };
    if let (Some(theirs), Some(ours)) = (venv_version(&venv), BUILT_VERSION) {
        if minor_of(&theirs) != minor_of(ours) {
            return Err(format!(
                "rdb: the virtualenv {} is Python {theirs}, but this rdb was built for Python \
                 {ours} ({built}): install rdb into that environment (pip install rdb), or \
                 build rdb with PYO3_PYTHON={}/bin/python",
                venv.display(),
                venv.display()
            ));
        }
    }
    let exe = venv.join("bin").join("python");
    Ok(if exe.exists() {
        exe.display().to_string()
    } else {
        built
    })
}

/// The libpython this process loaded is the one rdb was built against (same version),
/// and that interpreter is still there.
fn check_libpython() -> Result<(), String> {
    // SAFETY: Py_GetVersion may be called before the interpreter starts; it returns a
    // static NUL-terminated string.
    let loaded = unsafe { std::ffi::CStr::from_ptr(ffi::Py_GetVersion()) }
        .to_string_lossy()
        .into_owned();
    let loaded = loaded.split_whitespace().next().unwrap_or("").to_string();
    let (Some(ours), Some(exe)) = (BUILT_VERSION, BUILT_EXECUTABLE) else {
        return Ok(());
    };
    if loaded != ours {
        return Err(format!(
            "rdb: this rdb loaded the libpython of Python {loaded}, but it was built against \
             Python {ours} ({exe}): unset LD_LIBRARY_PATH, reinstall that Python, or build \
             rdb again"
        ));
    }
    if !std::path::Path::new(exe).exists() {
        return Err(format!(
            "rdb: the Python this rdb was built against ({exe}, {ours}) is not there any more: \
             reinstall it, or build rdb again"
        ));
    }
    Ok(())
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

/// The python that imported rdb had its own `__main__` (the `rdb` command's script):
/// kept here while the program runs as a `__main__` of its own, and put back at the end.
static CALLERS_MAIN: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();

/// The `__main__` module the program runs in: the interpreter's own in the binary; in a
/// running python, a fresh one in `sys.modules` (the caller's script must find its own
/// globals again when rdb returns to it).
pub(crate) fn main_module(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyModule>> {
    if owned() {
        return py.import("__main__");
    }
    let modules = py.import("sys")?.getattr("modules")?;
    if CALLERS_MAIN.get(py).is_none() {
        let _ = CALLERS_MAIN.set(py, modules.get_item("__main__")?.unbind());
    }
    let fresh = pyo3::types::PyModule::new(py, "__main__")?;
    modules.set_item("__main__", &fresh)?;
    Ok(fresh)
}

/// Whether the Python rdb would run is the one it was built for (the binary: its
/// libpython and the active virtualenv); the error says which and what to do.
pub fn check() -> Result<(), String> {
    if !owned() {
        return Ok(());
    }
    check_libpython()?;
    executable().map(|_| ())
}

/// Starts the interpreter with `argv` (the binary), after checking it is the one rdb was
/// built for; in a running python, makes its standard streams unbuffered if asked.
pub(crate) fn start_interpreter(argv: &[String], unbuffered: bool) -> Result<(), StartError> {
    if !owned() {
        // SAFETY: the caller holds the GIL (it called rdb from Python); the frame is
        // borrowed and outlives the run, which it is waiting for.
        let caller = unsafe { ffi::PyEval_GetFrame() };
        CALLER_FRAME.store(caller as usize, Ordering::Relaxed);
        if unbuffered {
            Python::attach(|py| {
                if let Ok(sys) = py.import("sys") {
                    for name in ["stdout", "stderr"] {
                        if let Ok(s) = sys.getattr(name) {
                            let kwargs = pyo3::types::PyDict::new(py);
                            let _ = kwargs.set_item("write_through", true);
                            let _ = s.call_method("reconfigure", (), Some(&kwargs));
                        }
                    }
                }
            });
        }
        return Ok(());
    }
    check_libpython().map_err(StartError::Mismatch)?;
    let exe = executable().map_err(StartError::Mismatch)?;
    let argv: Vec<CString> = argv
        .iter()
        .map(|a| {
            CString::new(a.as_str())
                .map_err(|_| StartError::Init("argument with a NUL byte".into()))
        })
        .collect::<Result<_, _>>()?;
    let argv_ptrs: Vec<*mut std::os::raw::c_char> =
        argv.iter().map(|a| a.as_ptr() as *mut _).collect();
    let exe = CString::new(exe).map_err(|_| StartError::Init("bad path".into()))?;

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

    Ok(())
}

/// Ends the interpreter the way python does when a program ends: non-daemon threads are
/// joined, `atexit` handlers run, the standard streams are flushed. Returns the process
/// exit status: `status`, or python's 120 when flushing failed. Nothing of Python may be
/// used afterwards; call it once, on the thread that started the interpreter, last.
pub fn shutdown(status: i32) -> i32 {
    if !owned() {
        CALLER_FRAME.store(0, Ordering::Relaxed);
        // python's own end does all this when rdb returns to it.
        super::value::flush_std_streams();
        Python::attach(|py| {
            if let (Some(main), Ok(sys)) = (CALLERS_MAIN.get(py), py.import("sys")) {
                let _ = sys
                    .getattr("modules")
                    .and_then(|m| m.set_item("__main__", main.bind(py)));
            }
        });
        return status;
    }
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
