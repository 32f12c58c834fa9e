//! `rdb._rdb`: rdb inside the python that imports it. The `rdb` command and
//! `python -m rdb` call `main`; `rdb.set_trace()`, `rdb.post_mortem()` and `rdb.Rdb`
//! (pytest's `--pdbcls`) call the others. Everything else is the `rdb` crate, which
//! learns here that the interpreter is not its own (`rdb::py::host`).

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyFrame, PyTraceback};

use rdb::py::Value;

fn value(object: &Bound<'_, PyAny>) -> Value {
    Value::from_object(object.clone().unbind())
}

/// Runs the `rdb` command line `argv` (without the program name) on this interpreter;
/// returns the exit status for `sys.exit`.
#[pyfunction]
fn main(argv: Vec<String>) -> i32 {
    rdb::fds::note_inherited();
    let status = rdb::cli::main(argv);
    rdb::py::shutdown(status)
}

/// Stops in `frame` at its next event (pdb's `set_trace(frame)`); `owner` is the
/// `rdb.Rdb` that asked, told of stops and of `continue` and `quit`.
#[pyfunction]
#[pyo3(signature = (frame, owner=None))]
fn set_trace(frame: &Bound<'_, PyAny>, owner: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    if !frame.is_instance_of::<PyFrame>() {
        return Err(PyTypeError::new_err("set_trace(): frame must be a frame"));
    }
    rdb::inprocess::set_trace(&value(frame), owner.map(value)).map_err(PyRuntimeError::new_err)
}

/// The post-mortem prompt over `tb`, the traceback of `exception` (or None); an
/// exception the owner raised from a command (pytest's `Exit`) is raised here.
#[pyfunction]
#[pyo3(signature = (tb, exception=None, owner=None))]
fn post_mortem(
    py: Python<'_>,
    tb: &Bound<'_, PyAny>,
    exception: Option<&Bound<'_, PyAny>>,
    owner: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    if !tb.is_instance_of::<PyTraceback>() {
        return Err(PyTypeError::new_err(
            "post_mortem(): tb must be a traceback",
        ));
    }
    let exception = exception.filter(|e| !e.is_none()).map(value);
    rdb::inprocess::post_mortem(&value(tb), exception.as_ref(), owner.map(value))
        .map_err(|raised| PyErr::from_value(raised.object().bind(py).clone()))
}

/// The next line event stops — the first line of the function the caller is about to
/// call — as in pdb's `runcall`.
#[pyfunction]
#[pyo3(signature = (owner=None))]
fn stop_at_next_line(owner: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    rdb::inprocess::stop_at_next_line(owner.map(value)).map_err(PyRuntimeError::new_err)
}

#[pymodule]
fn _rdb(m: &Bound<'_, PyModule>) -> PyResult<()> {
    rdb::py::host::running_in_python();
    m.add_function(wrap_pyfunction!(main, m)?)?;
    m.add_function(wrap_pyfunction!(set_trace, m)?)?;
    m.add_function(wrap_pyfunction!(post_mortem, m)?)?;
    m.add_function(wrap_pyfunction!(stop_at_next_line, m)?)?;
    Ok(())
}
