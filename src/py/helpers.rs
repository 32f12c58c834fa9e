//! Loads `helpers.py` (Python-side pieces of pdb's commands) once and calls into it.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

use super::entry::{none, varargs, wrong_type, Args};

/// One helpers module for the process: a stop in any thread uses the same one (its
/// repr bounds, its timeout exception).
static HELPERS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

const SOURCE: &str = include_str!("helpers.py");

/// helpers.py compiled by the build's Python: its bytecode magic number (hex), a
/// newline, the marshalled code (empty when the build could not compile it).
const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/helpers.marshal"));

/// The helper function `name`, loading the module on first use.
pub(crate) fn helper<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyAny> {
    let module = HELPERS.get_or_init(py, || {
        let module = precompiled(py).unwrap_or_else(|| {
            let code = std::ffi::CString::new(SOURCE).expect("no NUL in helpers.py");
            PyModule::from_code(py, &code, c"<rdb-helpers>", c"_rdb_helpers")
                .expect("rdb's helpers.py compiles")
        });
        install_watchdog(&module).expect("watchdog hooks");
        module.unbind()
    });
    module
        .bind(py)
        .getattr(name)
        .unwrap_or_else(|_| panic!("helpers.py defines {name}"))
}

/// The helpers module from the build's compiled code, when the running Python reads the
/// same bytecode (its magic number is the build's).
fn precompiled(py: Python<'_>) -> Option<Bound<'_, PyModule>> {
    let newline = COMPILED.iter().position(|&b| b == b'\n')?;
    let (magic, data) = (&COMPILED[..newline], &COMPILED[newline + 1..]);
    // SAFETY: no preconditions beyond an initialised interpreter.
    let running = unsafe { pyo3::ffi::PyImport_GetMagicNumber() };
    // The number is the magic's four bytes read as a little-endian integer.
    let running: String = (running as u32)
        .to_le_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if running.as_bytes() != magic {
        return None;
    }
    // SAFETY: the GIL is held; `data` is a byte buffer that outlives the call; the result
    // is a new reference or NULL with an exception set, which is cleared.
    unsafe {
        let code = pyo3::ffi::PyMarshal_ReadObjectFromString(data.as_ptr().cast(), data.len() as _);
        let code = Bound::from_owned_ptr_or_opt(py, code).or_else(|| {
            pyo3::ffi::PyErr_Clear();
            None
        })?;
        let module = pyo3::ffi::PyImport_ExecCodeModuleEx(
            c"_rdb_helpers".as_ptr(),
            code.as_ptr(),
            c"<rdb-helpers>".as_ptr(),
        );
        let module = Bound::from_owned_ptr_or_opt(py, module).or_else(|| {
            pyo3::ffi::PyErr_Clear();
            None
        })?;
        module.cast_into::<PyModule>().ok()
    }
}

unsafe extern "C" fn arm(
    _slf: *mut pyo3::ffi::PyObject,
    args: *mut pyo3::ffi::PyObject,
    kwargs: *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("_arm", (0, 1), args, kwargs, arm_body) }
}

fn arm_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let ms = if args.len() == 0 {
        250
    } else {
        args.get(0)
            .extract::<u64>()
            .map_err(|_| wrong_type("_arm", "ms", "a non-negative int"))?
    };
    super::watchdog::arm(ms);
    none(py)
}

unsafe extern "C" fn disarm(
    _slf: *mut pyo3::ffi::PyObject,
    args: *mut pyo3::ffi::PyObject,
    kwargs: *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("_disarm", (0, 0), args, kwargs, disarm_body) }
}

fn disarm_body<'py>(py: Python<'py>, _args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    super::watchdog::disarm();
    none(py)
}

/// Gives the helpers rdb's watchdog (`_arm`/`_disarm` around each repr) and starts it.
fn install_watchdog(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let c = super::entry::c_function;
    module.setattr("_arm", c(py, c"_arm", c"arm rdb's repr deadline", arm)?)?;
    module.setattr(
        "_disarm",
        c(py, c"_disarm", c"disarm rdb's repr deadline", disarm)?,
    )?;
    super::watchdog::start(&module.getattr("ReprTimeout")?);
    Ok(())
}

/// The module `name`, from `sys.modules` when it is there, else imported. Not `import`
/// first: that reads the running frame's `__builtins__`, which a frame whose globals lack
/// it (`types.FunctionType(code, {})`) does not have.
pub(crate) fn module<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let key = pyo3::types::PyString::new(py, name);
    // SAFETY: GIL held; PyImport_GetModule returns a new reference, or NULL with or
    // without an error set.
    let found = unsafe { pyo3::ffi::PyImport_GetModule(key.as_ptr()) };
    if found.is_null() {
        if let Some(e) = PyErr::take(py) {
            return Err(e);
        }
        return py.import(name).map(Bound::into_any);
    }
    // SAFETY: a new reference, owned from here.
    Ok(unsafe { Bound::from_owned_ptr(py, found) })
}
