//! Owned Python values and the stop-time operations on them (eval, exec, repr).

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::helpers::helper;
use crate::snapshot::{ArgSnap, Inspector, VarSnap};

/// A Python exception, reduced to the one line pdb prints for it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct PyFailure(pub String);

impl PyFailure {
    pub(crate) fn from_err(py: Python<'_>, err: PyErr) -> Self {
        let text = helper(py, "exc_only")
            .call1((err.value(py),))
            .and_then(|s| s.extract::<String>())
            .unwrap_or_else(|_| "<exception that cannot be formatted>".to_string());
        PyFailure(text)
    }
}

/// An owned reference to a Python object.
pub struct Value(pub(crate) Py<PyAny>);

impl Value {
    /// A value handed over by pyo3 code outside this module (the Python package's).
    pub fn from_object(object: Py<PyAny>) -> Value {
        Value(object)
    }

    /// The object itself, for that code.
    pub fn object(&self) -> &Py<PyAny> {
        &self.0
    }
}

impl Clone for Value {
    fn clone(&self) -> Self {
        Python::attach(|py| Value(self.0.clone_ref(py)))
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.short_repr())
    }
}

fn call_str(
    name: &str,
    args: impl for<'py> FnOnce(Python<'py>) -> Bound<'py, PyTuple>,
) -> Result<String, PyFailure> {
    Python::attach(|py| {
        helper(py, name)
            .call1(args(py))
            .and_then(|s| s.extract::<String>())
            .map_err(|e| PyFailure::from_err(py, e))
    })
}

impl Value {
    /// `repr()`, bounded like an evaluation (`p` shows it).
    pub fn repr(&self) -> Result<String, PyFailure> {
        bounded(|| {
            Python::attach(|py| {
                self.0
                    .bind(py)
                    .repr()
                    .map(|s| s.to_string())
                    .map_err(|e| PyFailure::from_err(py, e))
            })
        })
    }

    /// pdb's `_safe_repr`: the repr, or a `*** repr(expr) failed: ... ***` note.
    pub fn is_none(&self) -> bool {
        Python::attach(|py| self.0.bind(py).is_none())
    }

    pub fn safe_repr(&self, expr: &str) -> String {
        call_str("safe_repr", |py| {
            PyTuple::new(
                py,
                [
                    self.0.bind(py).clone(),
                    expr.into_pyobject(py).unwrap().into_any(),
                ],
            )
            .unwrap()
        })
        .unwrap_or_else(|e| e.0)
    }

    /// `reprlib.repr`: bounded, as bdb shows return values.
    pub fn short_repr(&self) -> String {
        call_str("short_repr", |py| {
            PyTuple::new(py, [self.0.bind(py)]).unwrap()
        })
        .unwrap_or_else(|e| e.0)
    }

    pub fn pformat(&self) -> Result<String, PyFailure> {
        bounded(|| call_str("pformat", |py| PyTuple::new(py, [self.0.bind(py)]).unwrap()))
    }

    pub fn whatis(&self) -> Result<String, PyFailure> {
        call_str("whatis", |py| PyTuple::new(py, [self.0.bind(py)]).unwrap())
    }

    /// For `display`: the value counts as changed unless it is the same object or equal.
    pub fn changed_from(&self, old: &Value) -> bool {
        Python::attach(|py| {
            helper(py, "display_changed")
                .call1((self.0.bind(py), old.0.bind(py)))
                .and_then(|b| b.is_truthy())
                .unwrap_or(true)
        })
    }

    /// The full traceback text of an exception value.
    pub fn format_traceback(&self) -> String {
        call_str("exc_full", |py| {
            PyTuple::new(py, [self.0.bind(py)]).unwrap()
        })
        .unwrap_or_else(|e| e.0)
    }

    /// The one-line form of an exception value.
    pub fn format_exception_only(&self) -> String {
        call_str("exc_only", |py| {
            PyTuple::new(py, [self.0.bind(py)]).unwrap()
        })
        .unwrap_or_else(|e| e.0)
    }

    /// `inspect.getsourcelines(value)`, first line at least 1.
    pub fn source_lines(&self) -> Result<(Vec<String>, u32), PyFailure> {
        Python::attach(|py| {
            helper(py, "getsourcelines")
                .call1((self.0.bind(py),))
                .and_then(|t| t.extract::<(Vec<String>, u32)>())
                .map_err(|e| PyFailure::from_err(py, e))
        })
    }
}

/// `eval(expr, globals, locals)`.
/// How long code typed at the prompt (`p`, `!`, `display`, a breakpoint condition) may
/// run before rdb interrupts it. Longer than a variable's repr (250 ms): this is code the
/// user asked for, and may legitimately take a moment.
pub const EVAL_LIMIT_MS: u64 = 2000;

/// Runs `f` (user code at a stop) under the watchdog's evaluation limit.
fn bounded<R>(f: impl FnOnce() -> R) -> R {
    super::watchdog::arm(EVAL_LIMIT_MS);
    let out = f();
    super::watchdog::disarm();
    out
}

pub fn eval(expr: &str, globals: &Value, locals: &Value) -> Result<Value, PyFailure> {
    bounded(|| eval_unbounded(expr, globals, locals))
}

fn eval_unbounded(expr: &str, globals: &Value, locals: &Value) -> Result<Value, PyFailure> {
    Python::attach(|py| {
        // 3.9's eval runs the expression with the builtins of the frame it is called
        // from when that frame shares the globals: called from here, the program's
        // frame's (a frame made from `{}` has only `None`). pdb calls it from its own
        // frame, which gives such globals the real builtins: so does helpers.py's.
        let eval = if cfg!(Py_3_10) {
            super::helpers::module(py, "builtins").and_then(|b| b.getattr("eval"))
        } else {
            Ok(helper(py, "eval_from_helpers"))
        };
        eval.and_then(|f| f.call1((expr, globals.0.bind(py), locals.0.bind(py))))
            .map(|v| Value(v.unbind()))
            .map_err(|e| PyFailure::from_err(py, e))
    })
}

/// pdb's `default()`: execute a statement in the session's output; returns what it wrote
/// (the values it showed included), and what it raised.
/// Why `expr` does not compile as an expression (3.12's pdb refuses such conditions
/// and displays), or `None`.
pub fn compile_error(expr: &str) -> Option<String> {
    call_str("compile_error", |py| PyTuple::new(py, [expr]).unwrap())
        .ok()
        .filter(|e| !e.is_empty())
}

/// `$name` (3.12+) for `frame`'s module: `value`.
pub fn set_convenience_variable(frame: &super::frame::Frame, name: &str, value: &Value) {
    Python::attach(|py| {
        let _ = helper(py, "set_convenience_variable").call1((
            frame.as_value().0.bind(py),
            name,
            value.0.bind(py),
        ));
    });
}

/// The `$` variables of `frame`'s module go (pdb's `forget`).
pub fn forget_convenience_variables(frame: &super::frame::Frame) {
    Python::attach(|py| {
        let _ = helper(py, "forget_convenience_variables").call1((frame.as_value().0.bind(py),));
    });
}

/// A command line with its `$name`s read as the module's convenience variables.
pub fn replace_convenience_variables(line: &str) -> String {
    if !line.contains('$') {
        return line.to_string();
    }
    call_str("replace_convenience_variables", |py| {
        PyTuple::new(py, [line]).unwrap()
    })
    .unwrap_or_else(|_| line.to_string())
}

/// 3.13's chain of `exc` for `exceptions` (oldest first), and the message when it was
/// cut short.
pub fn chained_exceptions(exc: &Value) -> (Vec<Value>, String) {
    Python::attach(|py| {
        helper(py, "chained_exceptions")
            .call1((exc.0.bind(py),))
            .and_then(|r| r.extract::<(Vec<Py<PyAny>>, String)>())
            .map(|(chain, note)| (chain.into_iter().map(Value).collect(), note))
            .unwrap_or_else(|_| (vec![exc.clone()], String::new()))
    })
}

/// The rows of 3.13's `exceptions` listing.
pub fn exception_rows(chain: &[Value], index: usize) -> Vec<String> {
    Python::attach(|py| {
        let chain: Vec<Bound<'_, PyAny>> = chain.iter().map(|v| v.0.bind(py).clone()).collect();
        helper(py, "exception_rows")
            .call1((chain, index))
            .and_then(|r| r.extract::<Vec<String>>())
            .unwrap_or_default()
    })
}

/// The traceback of an exception (None when it has none).
pub fn exception_traceback(exc: &Value) -> Option<Value> {
    Python::attach(|py| {
        exc.0
            .bind(py)
            .getattr("__traceback__")
            .ok()
            .filter(|t| !t.is_none())
            .map(|t| Value(t.unbind()))
    })
}

/// While alive, `exception` is the one being handled (`sys.exc_info()`), as during pdb's
/// post-mortem, which runs in the `except` clause of its main loop.
pub struct Handling(Option<Py<PyAny>>);

pub fn handling(exception: &Value) -> Handling {
    Python::attach(|py| {
        let sys = super::helpers::module(py, "sys");
        let before = sys
            .as_ref()
            .ok()
            .and_then(|s| s.call_method0("exc_info").ok())
            .and_then(|t| t.get_item(1).ok())
            .map(|e| e.unbind());
        set_handled(py, exception.0.bind(py));
        Handling(before)
    })
}

fn set_handled(py: Python<'_>, exc: &Bound<'_, PyAny>) {
    #[cfg(Py_3_11)]
    // SAFETY: GIL held; the function takes a borrowed reference (None clears it).
    unsafe {
        pyo3::ffi::PyErr_SetHandledException(exc.as_ptr());
    }
    #[cfg(not(Py_3_11))]
    // SAFETY: GIL held; PyErr_SetExcInfo steals the three references given.
    unsafe {
        let none = exc.is_none();
        let kind = if none {
            py.None()
        } else {
            exc.get_type().into_any().unbind()
        };
        let tb = if none {
            py.None()
        } else {
            exc.getattr("__traceback__")
                .map_or_else(|_| py.None(), |t| t.unbind())
        };
        pyo3::ffi::PyErr_SetExcInfo(kind.into_ptr(), exc.clone().into_ptr(), tb.into_ptr());
    }
    let _ = py;
}

impl Drop for Handling {
    fn drop(&mut self) {
        Python::attach(|py| {
            let before = self.0.take().unwrap_or_else(|| py.None());
            set_handled(py, before.bind(py));
        });
    }
}

/// pdb's `interact` over the frame's names (no time limit: the user is typing).
pub fn interact(globals: &Value, locals: &Value) -> Result<(), PyFailure> {
    Python::attach(|py| {
        helper(py, "interact")
            .call1((globals.0.bind(py), locals.0.bind(py)))
            .map(|_| ())
            .map_err(|e| PyFailure::from_err(py, e))
    })
}

/// pdb's `debug` body: `source` compiled as `<string>` and run in the frame's
/// namespaces with tracing on (`sys.call_tracing`, as from a trace function); quitting
/// it (`q` in the nested debugger) is no error.
pub fn run_traced(source: &str, globals: &Value, locals: &Value) -> Result<(), PyFailure> {
    Python::attach(|py| {
        let run = || -> PyResult<()> {
            let builtins = super::helpers::module(py, "builtins")?;
            let code = builtins
                .getattr("compile")?
                .call1((source, "<string>", "exec"))?;
            let args = PyTuple::new(
                py,
                [code, globals.0.bind(py).clone(), locals.0.bind(py).clone()],
            )?;
            super::helpers::module(py, "sys")?
                .getattr("call_tracing")?
                .call1((super::tracer::traced_exec_function(py)?, args))?;
            Ok(())
        };
        match run() {
            Ok(()) => Ok(()),
            Err(e) if super::quit::is_quit(py, &e) => Ok(()),
            Err(e) => Err(PyFailure::from_err(py, e)),
        }
    })
}

/// 3.13's pdb goes on reading lines ("...   ") while the statement is incomplete.
pub fn statement_incomplete(source: &str) -> bool {
    Python::attach(|py| {
        helper(py, "statement_incomplete")
            .call1((source,))
            .and_then(|v| v.extract::<bool>())
            .unwrap_or(false)
    })
}

pub fn exec_line(line: &str, globals: &Value, locals: &Value) -> (String, Option<PyFailure>) {
    bounded(|| exec_line_unbounded(line, globals, locals))
}

fn exec_line_unbounded(line: &str, globals: &Value, locals: &Value) -> (String, Option<PyFailure>) {
    Python::attach(|py| {
        let result = helper(py, "exec_line")
            .call1((line, globals.0.bind(py), locals.0.bind(py)))
            .and_then(|r| r.extract::<(String, Bound<'_, PyAny>)>());
        match result {
            Ok((text, raised)) if raised.is_none() => (text, None),
            Ok((text, raised)) => (
                text,
                Some(PyFailure::from_err(py, PyErr::from_value(raised))),
            ),
            // The statement did not compile.
            Err(e) => (String::new(), Some(PyFailure::from_err(py, e))),
        }
    })
}

/// `function_location` of helpers.py: where `break function` puts its breakpoint.
pub fn function_location(
    arg: &str,
    globals: &Value,
    locals: &Value,
) -> Option<(String, u32, String)> {
    Python::attach(|py| {
        helper(py, "function_location")
            .call1((arg, globals.0.bind(py), locals.0.bind(py)))
            .ok()
            .and_then(|v| v.extract::<Option<(String, u32, String)>>().ok())
            .flatten()
    })
}

/// pdb's `find_function`: (name, file, line) of `def name(` in a file.
pub fn find_function(name: &str, file: &str) -> Option<(String, String, u32)> {
    Python::attach(|py| {
        helper(py, "find_function")
            .call1((name, file))
            .ok()
            .and_then(|v| v.extract::<Option<(String, String, u32)>>().ok())
            .flatten()
    })
}

/// pdb's `lookupmodule`: the file a `break file:line` names, searched along `sys.path`.
pub fn lookup_module(filename: &str, mainpyfile: &str) -> Option<String> {
    Python::attach(|py| {
        helper(py, "lookupmodule")
            .call1((filename, mainpyfile))
            .ok()
            .and_then(|v| v.extract::<Option<String>>().ok())
            .flatten()
    })
}

/// bdb's `canonic`.
pub fn canonic(filename: &str) -> String {
    Python::attach(|py| {
        helper(py, "canonic")
            .call1((filename,))
            .and_then(|v| v.extract::<String>())
            .unwrap_or_else(|_| filename.to_string())
    })
}

/// What `help arg` prints under this Python's pdb, with the prompt `prompt` (3.12's
/// layout indents by its width).
pub fn pdb_help(arg: &str, prompt: &str) -> Result<String, PyFailure> {
    call_str("pdb_help", |py| PyTuple::new(py, [arg, prompt]).unwrap())
}

/// The usage lines of pdb's help for `command` (`break`, not `b`).
pub fn pdb_usage(command: &str) -> String {
    call_str("pdb_usage", |py| PyTuple::new(py, [command]).unwrap()).unwrap_or_default()
}

/// The file pdb's `list` reads for a frame of `filename` (a frozen module's
/// `__file__` on 3.10+), and its lines.
pub fn listing_source(filename: &str, globals: &Value) -> (String, Vec<String>) {
    Python::attach(|py| {
        helper(py, "listing_source")
            .call1((filename, globals.0.bind(py)))
            .and_then(|v| v.extract::<(String, Vec<String>)>())
            .unwrap_or_else(|_| (filename.to_string(), Vec::new()))
    })
}

/// `linecache.getline(filename, lineno, globals)`: one line, `""` past the end.
pub fn getline(filename: &str, lineno: u32, globals: Option<&Value>) -> String {
    Python::attach(|py| {
        let g = globals
            .map(|g| g.0.bind(py).clone())
            .unwrap_or_else(|| py.None().into_bound(py));
        helper(py, "getline")
            .call1((filename, lineno, g))
            .and_then(|v| v.extract::<String>())
            .unwrap_or_default()
    })
}

/// `linecache.checkcache()`, as bdb's `reset()` does before each run.
pub fn checkcache() {
    Python::attach(|py| {
        let _ = helper(py, "checkcache").call0();
    })
}

/// The traceback entries of an exception event's `(type, value, traceback)` tuple.
pub fn exception_event_entries(exc: &Value) -> Vec<(super::frame::Frame, u32)> {
    Python::attach(|py| {
        let tb = exc.0.bind(py).get_item(2).ok();
        helper(py, "tb_entries")
            .call1((tb,))
            .and_then(|l| l.extract::<Vec<(Bound<'_, PyAny>, u32)>>())
            .map(|v| {
                v.into_iter()
                    .map(|(f, n)| (super::frame::Frame::from_bound(&f), n))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The exception value of an exception event's `(type, value, traceback)` tuple.
pub fn exception_event_value(exc: &Value) -> Value {
    Python::attach(|py| match exc.0.bind(py).get_item(1) {
        Ok(v) => Value(v.unbind()),
        Err(_) => Value(py.None()),
    })
}

/// `(exc_type, exc_value)` of an exception event, as pdb stores in `__exception__`.
pub fn exception_event_pair(exc: &Value) -> Value {
    Python::attach(|py| {
        let t = exc.0.bind(py);
        match (t.get_item(0), t.get_item(1)) {
            (Ok(a), Ok(b)) => Value(PyTuple::new(py, [a, b]).unwrap().into_any().unbind()),
            _ => Value(py.None()),
        }
    })
}

/// Imports the modules `python -m pdb` has imported before the program starts (see
/// helpers.py), so that stepping onto the program's `import` of one does what it does
/// under pdb.
pub fn preload_pdb_modules() {
    Python::attach(|py| {
        if let Err(e) = helper(py, "preload_pdb_modules").call0() {
            e.print(py);
        }
        if let Err(e) = super::hooks::patch_pdb(py) {
            e.print(py);
        }
    });
}

/// Sets reprlib's bounds (`("maxstring", 120)`…) of the values rdb shows in the variables
/// pane and the narrative; pdb's own output keeps pdb's.
pub fn set_repr_limits(limits: &[(&str, u32)]) {
    for (name, value) in limits {
        let slot = ["maxstring", "maxlong", "maxother"]
            .iter()
            .position(|n| n == name);
        if let Some(slot) = slot {
            REPR_BOUNDS[slot].store(*value, std::sync::atomic::Ordering::Relaxed);
        }
    }
    Python::attach(|py| {
        let _ = helper(py, "set_repr_limits").call1((limits.to_vec(),));
    });
}

/// Replaces `sys.argv[1:]` (pdb's `run args`).
pub fn set_argv_tail(args: &[String]) {
    Python::attach(|py| {
        if let Ok(argv) = super::helpers::module(py, "sys").and_then(|s| s.getattr("argv")) {
            let _ = argv.set_item(pyo3::types::PySlice::full(py), {
                let head: Vec<String> = argv
                    .get_item(0)
                    .and_then(|a| a.extract::<String>())
                    .into_iter()
                    .chain(args.iter().cloned())
                    .collect();
                head
            });
        }
    })
}

/// Flushes the program's `sys.stdout` and `sys.stderr`.
pub fn flush_std_streams() {
    Python::attach(|py| {
        if let Ok(sys) = super::helpers::module(py, "sys") {
            for name in ["stdout", "stderr"] {
                if let Ok(s) = sys.getattr(name) {
                    let _ = s.call_method0("flush");
                }
            }
        }
    })
}

/// `sys.argv[1:]`.
pub fn argv_tail() -> Vec<String> {
    Python::attach(|py| {
        super::helpers::module(py, "sys")
            .and_then(|s| s.getattr("argv"))
            .and_then(|a| a.extract::<Vec<String>>())
            .map(|v| v.into_iter().skip(1).collect())
            .unwrap_or_default()
    })
}

/// The variables of a mapping (dunders left out; modules too for globals), with the
/// elements of the `expanded` paths, each repr bounded.
pub fn variables_snapshot(
    mapping: &Value,
    expanded: &[String],
    pages: &[(String, usize)],
    globals: bool,
) -> Vec<VarSnap> {
    Python::attach(|py| {
        helper(py, "variables_snapshot")
            .call1((
                mapping.0.bind(py),
                expanded.to_vec(),
                globals,
                pages.to_vec(),
            ))
            .and_then(|v| v.extract::<Vec<Row>>())
            .map(var_snaps)
            .unwrap_or_default()
    })
}

/// (name, type, bounded repr, identity) of each variable of `mapping` worth showing, as
/// `rdb record` keeps them at every event: reprs as `rdb trace` makes them (CPython's C
/// repr, reprlib for the types it formats itself), and, as there, no watchdog.
pub fn record_vars(mapping: &Value) -> Vec<(String, String, String, u64)> {
    use pyo3::types::{PyBool, PyBytes, PyComplex, PyFloat, PyInt, PyString};
    Python::attach(|py| {
        let Ok(items) = mapping.0.bind(py).call_method0(pyo3::intern!(py, "items")) else {
            return Vec::new();
        };
        let Ok(items) = items.try_iter() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.flatten() {
            let Ok((name, value)) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() else {
                continue;
            };
            let name = match name.extract::<String>() {
                Ok(n) if n.starts_with("__") && n.ends_with("__") => continue,
                Ok(n) if n == "__pdb_convenience_variables" => continue,
                Ok(n) => n,
                Err(_) => brief(&name).unwrap_or_default(),
            };
            let type_name = value
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            let repr = brief(&value)
                .unwrap_or_else(|e| format!("<repr failed: {}>", PyFailure::from_err(py, e).0))
                .replace('\n', "\\n");
            let untagged = value.is_none()
                || value.is_instance_of::<PyBool>()
                || value.is_instance_of::<PyInt>()
                || value.is_instance_of::<PyFloat>()
                || value.is_instance_of::<PyComplex>()
                || ((value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>())
                    && value.len().is_ok_and(|n| n <= 20));
            let id = if untagged { 0 } else { value.as_ptr() as u64 };
            out.push((name, type_name, repr, id));
        }
        out
    })
}

/// A row of `variables_snapshot` as the helper returns it.
type Row = (usize, String, String, String, String, bool, u64);

fn var_snaps(rows: Vec<Row>) -> Vec<VarSnap> {
    rows.into_iter()
        .map(
            |(depth, path, name, type_name, repr, expandable, id)| VarSnap {
                depth,
                path,
                name,
                type_name,
                repr,
                expandable,
                id,
                tag: None,
            },
        )
        .collect()
}

/// For each frame (outermost first): its arguments, and, for the newest `with_vars`
/// frames, all its variables; the selected frame's names are `selected_locals`.
pub fn frames_snapshot(
    frames: &[&super::frame::Frame],
    selected: usize,
    selected_locals: &Value,
    with_vars: usize,
    expanded: &[String],
    pages: &[(String, usize)],
) -> Vec<(Vec<ArgSnap>, Option<Vec<VarSnap>>)> {
    type Args = Vec<(String, String, u64)>;
    Python::attach(|py| {
        let objects: Vec<Bound<'_, PyAny>> = frames
            .iter()
            .map(|f| f.as_value().0.bind(py).clone())
            .collect();
        helper(py, "frames_snapshot")
            .call1((
                objects,
                selected,
                selected_locals.0.bind(py),
                with_vars,
                expanded.to_vec(),
                pages.to_vec(),
            ))
            .and_then(|v| v.extract::<Vec<(Args, Option<Vec<Row>>)>>())
            .map(|per_frame| {
                per_frame
                    .into_iter()
                    .map(|(args, rows)| {
                        let args = args
                            .into_iter()
                            .map(|(name, repr, id)| ArgSnap {
                                name,
                                repr,
                                id,
                                tag: None,
                            })
                            .collect();
                        (args, rows.map(var_snaps))
                    })
                    .collect()
            })
            .unwrap_or_else(|_| frames.iter().map(|_| (Vec::new(), None)).collect())
    })
}

/// Whether a frame at its return event is being unwound by an exception.
pub fn is_unwinding(frame: &super::frame::Frame) -> bool {
    Python::attach(|py| {
        helper(py, "is_unwinding")
            .call1((frame.as_value().0.bind(py),))
            .and_then(|v| v.extract::<bool>())
            .unwrap_or(false)
    })
}

/// The current thread's name, when it is not the main thread.
pub fn thread_name() -> Option<String> {
    Python::attach(|py| {
        helper(py, "thread_name")
            .call0()
            .and_then(|v| v.extract::<Option<String>>())
            .unwrap_or(None)
    })
}

/// The narrative line for a trace event (`kind` is call/line/return/exception; `arg` the
/// return value or the exception event's tuple).
pub fn narrate(frame: &super::frame::Frame, kind: &str, arg: Option<&Value>) -> String {
    Python::attach(|py| {
        let arg = arg
            .map(|a| a.0.bind(py).clone())
            .unwrap_or_else(|| py.None().into_bound(py));
        let line = match kind {
            "call" => narrate_call(py, frame),
            "return" => brief(&arg).map(|s| format!("return {s}")),
            _ => helper(py, "narrate")
                .call1((frame.as_value().0.bind(py), kind, arg))
                .and_then(|s| s.extract::<String>()),
        };
        line.unwrap_or_else(|e| format!("{kind} <{}>", PyFailure::from_err(py, e).0))
    })
}

/// `call f(a=1, b='x')`: the function's name and its arguments' bounded reprs.
fn narrate_call(py: Python<'_>, frame: &super::frame::Frame) -> PyResult<String> {
    let bound = frame.as_value().0.into_bound(py);
    let locals = bound.getattr(pyo3::intern!(py, "f_locals"))?;
    let info = frame.code();
    let mut line = format!("call {}(", info.name);
    let mut first = true;
    for name in frame.arg_names() {
        let Ok(value) = locals.get_item(name.as_str()) else {
            continue;
        };
        if !std::mem::take(&mut first) {
            line.push_str(", ");
        }
        line.push_str(name);
        line.push('=');
        line.push_str(&brief(&value)?);
    }
    line.push(')');
    Ok(line)
}

/// reprlib's bounds for what rdb shows (`maxstring`, `maxlong`, `maxother`), mirrored
/// from the helpers' `_short` for `brief`.
static REPR_BOUNDS: [std::sync::atomic::AtomicU32; 3] = [
    std::sync::atomic::AtomicU32::new(120),
    std::sync::atomic::AtomicU32::new(60),
    std::sync::atomic::AtomicU32::new(120),
];

thread_local! {
    /// The type names reprlib formats itself (`repr_list`…); any other type's repr is
    /// the plain repr, cut in the middle to `maxother` (helpers.py's `repr_instance`).
    static REPRLIB_TYPES: std::cell::OnceCell<Vec<String>> = const { std::cell::OnceCell::new() };
}

/// `_short.repr(value)` (helpers.py's `bounded_repr`), without reprlib's Python code when
/// it would only cut the plain repr: any type reprlib has no method for, and strings and
/// ints whose repr fits their bound.
fn brief(value: &Bound<'_, PyAny>) -> PyResult<String> {
    use pyo3::types::{PyInt, PyString};
    use std::sync::atomic::Ordering::Relaxed;
    let py = value.py();
    let slot = if value.is_exact_instance_of::<PyString>() {
        Some(0)
    } else if value.is_exact_instance_of::<PyInt>() {
        Some(1)
    } else {
        None
    };
    if let Some(slot) = slot {
        let bound = REPR_BOUNDS[slot].load(Relaxed) as usize;
        let text = value.repr()?;
        let text = text.to_cow()?;
        if text.chars().count() <= bound {
            return Ok(text.into_owned());
        }
    } else {
        let type_name = value.get_type().name()?;
        let type_name = type_name.to_cow()?.replace(' ', "_");
        let own_method = REPRLIB_TYPES.with(|cell| {
            cell.get_or_init(|| {
                helper(py, "reprlib_types")
                    .call0()
                    .and_then(|v| v.extract())
                    .unwrap_or_default()
            })
            .contains(&type_name)
        });
        if !own_method {
            let text = value.repr()?;
            return Ok(cut_middle(
                &text.to_cow()?,
                REPR_BOUNDS[2].load(Relaxed) as usize,
            ));
        }
    }
    helper(py, "bounded_repr").call1((value,))?.extract()
}

/// helpers.py's `repr_instance`: `text` cut to `limit` characters around a `...`.
fn cut_middle(text: &str, limit: usize) -> String {
    let n = text.chars().count();
    if n <= limit {
        return text.to_string();
    }
    let head = limit.saturating_sub(3) / 2;
    let tail = limit.saturating_sub(3) - head;
    let mut out: String = text.chars().take(head).collect();
    out.push_str("...");
    out.extend(text.chars().skip(n - tail));
    out
}

/// The inspector's rows (name, value) for a frame and its code object, and the bytecode
/// of its current line (with the instruction at `f_lasti` marked).
pub fn inspect_frame(frame: &super::frame::Frame) -> Inspector {
    Python::attach(|py| {
        helper(py, "inspect_frame")
            .call1((frame.as_value().0.bind(py),))
            .and_then(|v| v.extract::<(Vec<(String, String)>, Vec<(bool, String)>)>())
            .map(|(rows, bytecode)| Inspector { rows, bytecode })
            .unwrap_or_else(|e| Inspector {
                rows: vec![("error".into(), PyFailure::from_err(py, e).0)],
                bytecode: Vec::new(),
            })
    })
}

/// Runs `f` with the GIL released (other Python threads run meanwhile).
/// The running Python thread's identifier (`threading.get_ident()`).
pub fn thread_id() -> u64 {
    // SAFETY: no preconditions.
    unsafe { pyo3::ffi::PyThread_get_thread_ident() as u64 }
}

pub fn detached<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    Python::attach(|py| py.detach(f))
}

/// Asks the running program to pause, as Ctrl-C does (safe from any thread): a real
/// SIGINT to the thread that runs the program's main code, so that a blocking call
/// there (a long `sleep`, a `read`) is woken; the second within a second interrupts it.
pub fn interrupt() {
    if !super::quit::signal_main(libc::SIGINT) {
        // SAFETY: PyErr_SetInterrupt is async-signal-safe and needs no thread state.
        unsafe { pyo3::ffi::PyErr_SetInterrupt() };
    }
}

/// The exception a call raised, as a value (to raise in the program later).
fn raised(py: Python<'_>, e: PyErr) -> Value {
    Value(e.value(py).clone().into_any().unbind())
}

/// `owner.setup(frame, None)`: a session started by a Python object (pytest's `--pdbcls`
/// subclass) tells it of each stop, as pdb's `interaction` calls its own `setup`.
pub fn owner_setup(owner: &Value, frame: Option<&super::frame::Frame>) -> Result<(), Value> {
    Python::attach(|py| {
        let frame = frame.map_or_else(|| py.None(), |f| f.as_value().0);
        owner
            .0
            .bind(py)
            .call_method1("setup", (frame, py.None()))
            .map(|_| ())
            .map_err(|e| raised(py, e))
    })
}

/// `owner.<method>(arg)` for a command that resumes (`do_continue`, `do_quit`), so that
/// an owner's override runs (pytest's resumes its output capture on continue).
pub fn owner_command(owner: &Value, method: &str, arg: &str) -> Result<(), Value> {
    Python::attach(|py| {
        owner
            .0
            .bind(py)
            .call_method1(method, (arg,))
            .map(|_| ())
            .map_err(|e| raised(py, e))
    })
}

/// The entries (frame, line) of a traceback object, outermost first.
pub fn traceback_entries(tb: &Value) -> Vec<(super::frame::Frame, u32)> {
    Python::attach(|py| {
        helper(py, "tb_entries")
            .call1((tb.0.bind(py),))
            .and_then(|l| l.extract::<Vec<(Bound<'_, PyAny>, u32)>>())
            .map(|v| {
                v.into_iter()
                    .map(|(f, n)| (super::frame::Frame::from_bound(&f), n))
                    .collect()
            })
            .unwrap_or_default()
    })
}
