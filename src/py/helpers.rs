//! Loads `helpers.py` (Python-side pieces of pdb's commands) once and calls into it.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// One helpers module for the process: a stop in any thread uses the same one (its
/// repr bounds, its timeout exception).
static HELPERS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

const SOURCE: &str = include_str!("helpers.py");

/// The helper function `name`, loading the module on first use.
pub(crate) fn helper<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyAny> {
    let module = HELPERS.get_or_init(py, || {
        let code = std::ffi::CString::new(SOURCE).expect("no NUL in helpers.py");
        let module = PyModule::from_code(py, &code, c"<rdb-helpers>", c"_rdb_helpers")
            .expect("rdb's helpers.py compiles");
        install_watchdog(&module).expect("watchdog hooks");
        module.unbind()
    });
    module
        .bind(py)
        .getattr(name)
        .unwrap_or_else(|_| panic!("helpers.py defines {name}"))
}

unsafe extern "C" fn arm(
    _slf: *mut pyo3::ffi::PyObject,
    args: *mut pyo3::ffi::PyObject,
    _kwargs: *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and `args` a tuple.
    let py = unsafe { Python::assume_attached() };
    // SAFETY: as above.
    let args = unsafe { Bound::from_borrowed_ptr(py, args) };
    let ms = args.extract::<(u64,)>().map(|(ms,)| ms).unwrap_or(250);
    super::watchdog::arm(ms);
    // SAFETY: a new reference to None.
    unsafe { pyo3::ffi::Py_NewRef(pyo3::ffi::Py_None()) }
}

unsafe extern "C" fn disarm(
    _slf: *mut pyo3::ffi::PyObject,
    _args: *mut pyo3::ffi::PyObject,
    _kwargs: *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject {
    super::watchdog::disarm();
    // SAFETY: a new reference to None.
    unsafe { pyo3::ffi::Py_NewRef(pyo3::ffi::Py_None()) }
}

/// Gives the helpers rdb's watchdog (`_arm`/`_disarm` around each repr) and starts it.
fn install_watchdog(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let c = super::tracer::c_function;
    module.setattr("_arm", c(py, c"_arm", c"arm rdb's repr deadline", arm)?)?;
    module.setattr(
        "_disarm",
        c(py, c"_disarm", c"disarm rdb's repr deadline", disarm)?,
    )?;
    super::watchdog::start(&module.getattr("ReprTimeout")?);
    Ok(())
}
