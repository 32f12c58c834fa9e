//! Loads `helpers.py` (Python-side pieces of pdb's commands) once and calls into it.

use std::cell::OnceCell;

use pyo3::prelude::*;
use pyo3::types::PyModule;

thread_local! {
    static HELPERS: OnceCell<Py<PyModule>> = const { OnceCell::new() };
}

const SOURCE: &str = include_str!("helpers.py");

/// The helper function `name`, loading the module on first use.
pub(crate) fn helper<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyAny> {
    HELPERS.with(|cell| {
        let module = cell.get_or_init(|| {
            let code = std::ffi::CString::new(SOURCE).expect("no NUL in helpers.py");
            PyModule::from_code(py, &code, c"<rdb-helpers>", c"_rdb_helpers")
                .expect("rdb's helpers.py compiles")
                .unbind()
        });
        module
            .bind(py)
            .getattr(name)
            .unwrap_or_else(|_| panic!("helpers.py defines {name}"))
    })
}
