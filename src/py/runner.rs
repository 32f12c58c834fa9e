//! Runs the target as `__main__` under a trace handler, the way pdb's `_run` does, and
//! reports how the run ended.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::frame::Frame;
use super::helpers::helper;
use super::interp::Target;
use super::quit::is_quit;
use super::tracer::{with_handler, TraceHandler};
use super::value::{canonic, checkcache, PyFailure, Value};

/// How one run of the program ended.
pub enum Outcome {
    Finished,
    /// `sys.exit(...)`: `str()` of the SystemExit and the process exit status it implies.
    Exited {
        message: String,
        status: i32,
    },
    /// The user quit from the debugger.
    Quit,
    /// An uncaught exception: its printed traceback, and the traceback's entries
    /// (frame, line) outermost first, for post-mortem.
    Uncaught {
        traceback: String,
        summary: String,
        entries: Vec<(Frame, u32)>,
        /// The exception itself (pdb's post-mortem runs while it is being handled).
        exception: Value,
    },
    /// The program could not start (unreadable file, syntax error): the message to print.
    CannotStart(String),
}

struct Prepared {
    code: Py<PyAny>,
    globals: Py<PyDict>,
}

/// `python file.py`-like preparation: read bytes (coding cookie and BOM honoured by
/// `compile`), fresh `__main__` namespace.
fn prepare(py: Python<'_>, target: &Target) -> Result<Prepared, String> {
    let main = super::host::main_module(py).map_err(|e| e.to_string())?;
    let globals = main.dict();
    let builtins = super::helpers::module(py, "builtins").map_err(|e| e.to_string())?;
    // The previous run's objects may be collected while the namespace empties (a cycle
    // whose `__del__` runs at the next collection): their code still finds the builtins.
    globals
        .set_item("__builtins__", &builtins)
        .map_err(|e| e.to_string())?;
    let names: Vec<_> = globals
        .keys()
        .iter()
        .filter(|k| k.extract::<String>().map_or(true, |k| k != "__builtins__"))
        .collect();
    for name in names {
        let _ = globals.del_item(name);
    }
    let fail = |e: PyErr| {
        let v = e.value(py);
        let has_location = v.getattr("filename").map(|f| !f.is_none()).unwrap_or(false);
        if has_location && e.is_instance_of::<pyo3::exceptions::PySyntaxError>(py) {
            // The SyntaxError with file, line and caret, as Python prints it.
            helper(py, "exc_full")
                .call1((v,))
                .and_then(|s| s.extract::<String>())
                .map(|s| s.trim_end().to_string())
                .unwrap_or_else(|_| PyFailure::from_err(py, e).0)
        } else {
            format!("{}: {}", target.display(), PyFailure::from_err(py, e).0)
        }
    };
    match target {
        Target::Script { path, .. } => {
            let file = path.display().to_string();
            let source = helper(py, "read_source").call1((&file,)).map_err(fail)?;
            let code = builtins
                .getattr("compile")
                .and_then(|c| c.call1((source, &file, "exec")))
                .map_err(fail)?;
            let set = |k: &str, v: Bound<'_, PyAny>| globals.set_item(k, v);
            set("__name__", "__main__".into_pyobject(py).unwrap().into_any())
                .and_then(|_| set("__file__", file.into_pyobject(py).unwrap().into_any()))
                .and_then(|_| set("__builtins__", builtins.clone().into_any()))
                .map_err(|e| e.to_string())?;
            Ok(Prepared {
                code: code.unbind(),
                globals: globals.unbind(),
            })
        }
        Target::Module(name) => {
            let details = super::helpers::module(py, "runpy")
                .and_then(|r| r.getattr("_get_module_details"))
                .and_then(|f| f.call1((name,)))
                .map_err(|e| {
                    if e.is_instance_of::<pyo3::exceptions::PyImportError>(py) {
                        format!("ImportError: {}", e.value(py))
                    } else {
                        PyFailure::from_err(py, e).0
                    }
                })?;
            let details = details.cast_into::<PyTuple>().map_err(|e| e.to_string())?;
            let spec = details.get_item(1).map_err(|e| e.to_string())?;
            let code = details.get_item(2).map_err(|e| e.to_string())?;
            let filename: String = code
                .getattr("co_filename")
                .and_then(|f| f.extract())
                .map_err(|e| e.to_string())?;
            let items = [
                ("__name__", "__main__".into_pyobject(py).unwrap().into_any()),
                (
                    "__file__",
                    canonic(&filename).into_pyobject(py).unwrap().into_any(),
                ),
                (
                    "__package__",
                    spec.getattr("parent").map_err(|e| e.to_string())?,
                ),
                (
                    "__loader__",
                    spec.getattr("loader").map_err(|e| e.to_string())?,
                ),
                ("__spec__", spec.clone()),
                ("__builtins__", builtins.clone().into_any()),
            ];
            for (k, v) in items {
                globals.set_item(k, v).map_err(|e| e.to_string())?;
            }
            Ok(Prepared {
                code: code.unbind(),
                globals: globals.unbind(),
            })
        }
    }
}

/// The canonical file name of the code the target runs (pdb's `mainpyfile`).
fn main_file(target: &Target) -> String {
    match target {
        Target::Script { path, .. } => path.display().to_string(),
        Target::Module(_) => String::new(),
    }
}

/// Runs the target once under `handler`.
pub fn run(target: &Target, handler: &mut dyn TraceHandler) -> Outcome {
    checkcache();
    let prepared = match Python::attach(|py| prepare(py, target)) {
        Ok(p) => p,
        Err(msg) => return Outcome::CannotStart(msg),
    };
    let mainfile = Python::attach(|py| {
        prepared
            .code
            .bind(py)
            .getattr("co_filename")
            .and_then(|f| f.extract::<String>())
            .map(|f| canonic(&f))
            .unwrap_or_else(|_| main_file(target))
    });
    handler.start(&mainfile);
    let result = with_handler(handler, || {
        Python::attach(|py| {
            super::backend::will_run(prepared.code.bind(py));
            // SAFETY: code is a code object and globals a dict, both alive for the call;
            // the GIL is held. The result is a new reference (or NULL with an exception).
            let r = unsafe {
                ffi::PyEval_EvalCode(
                    prepared.code.as_ptr(),
                    prepared.globals.as_ptr(),
                    prepared.globals.as_ptr(),
                )
            };
            if r.is_null() {
                Err(PyErr::fetch(py))
            } else {
                // SAFETY: r is a new reference we own.
                unsafe { ffi::Py_DecRef(r) };
                Ok(())
            }
        })
    });
    match result {
        Ok(()) => Outcome::Finished,
        Err(err) => Python::attach(|py| outcome_of(py, err)),
    }
}

fn outcome_of(py: Python<'_>, err: PyErr) -> Outcome {
    if is_quit(py, &err) {
        return Outcome::Quit;
    }
    let value = err.value(py);
    // On 3.11 and earlier the fetched traceback is not yet attached to the value.
    if let Some(tb) = err.traceback(py) {
        let _ = value.setattr("__traceback__", tb);
    }
    if err.is_instance_of::<pyo3::exceptions::PySystemExit>(py) {
        let message = value.str().map(|s| s.to_string()).unwrap_or_default();
        let code = value.getattr("code").ok();
        let status = match code {
            None => 0,
            Some(c) if c.is_none() => 0,
            Some(c) => c.extract::<i32>().unwrap_or(1),
        };
        return Outcome::Exited { message, status };
    }
    let exc = Value(value.clone().into_any().unbind());
    let traceback = exc.format_traceback();
    let summary = exc.format_exception_only();
    let entries = helper(py, "tb_entries")
        .call1((value.getattr("__traceback__").ok(),))
        .and_then(|l| l.extract::<Vec<(Bound<'_, PyAny>, u32)>>())
        .map(|v| {
            v.into_iter()
                .map(|(f, n)| (Frame::from_bound(&f), n))
                .collect()
        })
        .unwrap_or_default();
    Outcome::Uncaught {
        traceback,
        summary,
        entries,
        exception: exc,
    }
}
