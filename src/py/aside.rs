//! Dead frames run with no frame-evaluation hook at all (before 3.12), when no frame they
//! start can stop: CPython 3.11 inlines Python-to-Python calls only while no PEP 523 hook
//! is set, and the hook costs a C call per Python call on 3.9 and 3.10.
//!
//! That holds while the stop state lets a new frame stop only in code spanning a
//! breakpoint line (`Bdb::breakpoint_files_if_only_they_may_stop`), and no code of those
//! files but their module bodies spans one: each file is compiled as it is on disk, and
//! every code nested in it must be dead. Module bodies start through `exec` (imports,
//! `runpy`), which rdb watches (`watch`) from the start of the run: it puts the hook back
//! first. A file whose code may differ from what it holds (an `exec` of its code with a
//! nested code that may stop, a `compile` of anything but its own bytes under its name,
//! a write after the process started) is not trusted again. Code run by C code
//! (`PyEval_EvalCode`, `PyRun_String`) is not watched.
//!
//! Frames started while the hook was lifted went unseen: at the next change of the stop
//! state those bdb would have traced (their file held breakpoints) are traced, as
//! `unseen` does for the hook's own.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::ffi;
use pyo3::prelude::*;

use super::eval_hook;

#[cfg(Py_3_11)]
#[path = "aside_functions.rs"]
mod functions;
#[cfg(Py_3_11)]
#[path = "aside_tripwire.rs"]
mod tripwire;
#[path = "aside_watch.rs"]
mod watch;
use crate::engine::FrameView;
use crate::py::frame::{CodeRef, Frame};
use crate::py::helpers::helper;
use crate::py::tracer::{with_active, TraceHandler, GENERATION};

/// Files with breakpoints whose frames may stop, for one generation.
type Files = Arc<Vec<String>>;

/// Codes that may stop, wired during the generation's hook-free runs (3.11,
/// `tripwire`); weak references.
static WIRES: Mutex<Vec<Py<PyAny>>> = Mutex::new(Vec::new());
static HAS_WIRES: AtomicBool = AtomicBool::new(false);

/// Whether hook-free runs are allowed: `(generation + 1) << 1 | allowed`, 0 unknown.
static VERDICT: AtomicU64 = AtomicU64::new(0);
/// The breakpoint files of the generation `VERDICT` allows.
static FILES: Mutex<Option<Files>> = Mutex::new(None);
/// Files compiled from text (not a file's bytes) under their own name: their code may
/// differ from the file's.
static TAINTED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
/// Hook-free runs under way (on the main thread).
static LIFTED: AtomicU32 = AtomicU32::new(0);
/// When the run started: a file written later may have been run in an older version.
static STARTED_NS: OnceLock<u128> = OnceLock::new();
static WATCHING: AtomicBool = AtomicBool::new(false);
/// Codes nested in code `exec` ran, by canonical file (weak references; `exec_event`).
static SEEN: Mutex<Option<HashMap<String, Vec<Py<PyAny>>>>> = Mutex::new(None);
/// Files whose module body rdb saw run (`exec_event`, the main script).
static BODIES: Mutex<Option<HashSet<String>>> = Mutex::new(None);
/// Files of the modules imported before rdb watched `exec`: codes of theirs rdb never
/// saw may live on (an old copy kept over `importlib.reload`), so none is wired.
static BEFORE_WATCHING: OnceLock<HashSet<String>> = OnceLock::new();

thread_local! {
    /// For each hook-free run under way: the frame it was started from, and the files
    /// whose frames bdb would have traced; cleared once caught up with.
    static RUNS: std::cell::RefCell<Vec<(Option<Frame>, Option<Files>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A run is starting: rdb watches `exec`, `eval` and `compile` from now on (`watch`),
/// before the program can take the builtins' own. A file written before this was
/// imported as it is (the program has not run yet), unless `adopted` said otherwise.
/// On 3.11, `trace_obj` is the tracer now on, and `on_trip` puts it and the hook back
/// when a wired code is called (`tripwire`).
pub(super) fn install(
    py: Python<'_>,
    trace_obj: *mut ffi::PyObject,
    on_trip: fn(*mut ffi::PyThreadState, bool),
) {
    STARTED_NS.get_or_init(now_ns);
    BEFORE_WATCHING.get_or_init(|| imported_files(py));
    if !WATCHING.load(Ordering::SeqCst) && watch::install(py).is_ok() {
        WATCHING.store(true, Ordering::SeqCst);
    }
    #[cfg(Py_3_11)]
    {
        functions::install();
        tripwire::install(py, trace_obj, on_trip);
    }
    #[cfg(not(Py_3_11))]
    let _ = (trace_obj, on_trip);
}

/// The canonical files of the modules in `sys.modules` but `__main__` (whose code has
/// not run yet: rdb runs it, `will_run`).
fn imported_files(py: Python<'_>) -> HashSet<String> {
    let modules = crate::py::helpers::module(py, "sys").and_then(|s| s.getattr("modules"));
    let Ok(modules) = modules.and_then(|m| m.call_method0("items")) else {
        return HashSet::new();
    };
    let Ok(modules) = modules.try_iter() else {
        return HashSet::new();
    };
    modules
        .flatten()
        .filter_map(|item| item.extract::<(String, Bound<'_, PyAny>)>().ok())
        .filter(|(name, _)| name != "__main__")
        .filter_map(|(_, m)| m.getattr("__file__").ok())
        .filter_map(|f| f.extract::<String>().ok())
        .filter_map(|f| canonic_path(&f))
        .collect()
}

fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Turns the calling thread's tracing on in place (`tripwire::trace_in_place`).
///
/// # Safety
/// As `tripwire::trace_in_place`'s.
#[cfg(Py_3_11)]
pub(super) unsafe fn tripwire_trace(
    tstate: *mut ffi::PyThreadState,
    func: ffi::Py_tracefunc,
    obj: *mut ffi::PyObject,
) -> bool {
    // SAFETY: guaranteed by the caller.
    unsafe { tripwire::trace_in_place(tstate, func, obj) }
}

/// rdb was started by the running program (`rdb.set_trace()`): modules were imported
/// before, maybe in an older version than their files hold now (edited since, or a
/// forked worker of an older parent), so no file is trusted and the hook stays.
pub(super) fn adopted() {
    STARTED_NS.get_or_init(|| 0);
}

/// The files of this generation when a dead frame may run with the hook lifted.
/// With wires (3.11), the calling thread traces with rdb's tracer (`trace_obj`) or none,
/// so that a trip can turn rdb's on.
pub(super) fn allowed(py: Python<'_>, trace_obj: *mut ffi::PyObject) -> Option<Files> {
    let generation = GENERATION.load(Ordering::Relaxed);
    let verdict = VERDICT.load(Ordering::Relaxed);
    let files = if verdict >> 1 == generation + 1 {
        if verdict & 1 == 1 {
            lock(&FILES).clone()
        } else {
            None
        }
    } else {
        decide(py, generation)
    }?;
    #[cfg(Py_3_11)]
    if HAS_WIRES.load(Ordering::Relaxed)
        && (!tripwire::tracer_is_ours_or_none(trace_obj) || tripwire::too_many_trips())
    {
        return None;
    }
    #[cfg(not(Py_3_11))]
    let _ = trace_obj;
    Some(files)
}

#[cold]
#[inline(never)]
fn decide(py: Python<'_>, generation: u64) -> Option<Files> {
    // An exception being thrown into the frame (`gen.throw`) waits while rdb's Python
    // code runs.
    let pending = PyErr::take(py);
    let _restore = crate::py::entry::OnExit(|| {
        if let Some(e) = pending.as_ref() {
            e.clone_ref(py).restore(py);
        }
    });
    let mut wires = Vec::new();
    let files = with_active(|h| {
        if !watch::in_place(py) {
            return None;
        }
        let files = h.breakpoint_files_if_only_they_may_stop()?;
        let since = STARTED_NS.get().copied().unwrap_or(0);
        for file in &files {
            if is_tainted(file) {
                return None;
            }
            let codes = helper(py, "nested_codes").call1((file, since)).ok()?;
            if codes.is_none() {
                return None;
            }
            // What the file holds that may stop: each must be a code the program made
            // from it, to be wired.
            let mut wanted = Vec::new();
            for code in codes.try_iter().ok()? {
                let code = code.ok()?;
                if h.call_is_dead(&CodeRef::new(code.clone())).is_none() {
                    wanted.push(code_key(&code)?);
                }
            }
            // Asked outside the lock: asking may run Python code.
            let codes: Vec<Py<PyAny>> = {
                let mut seen = lock(&SEEN);
                let codes = seen.as_mut().and_then(|s| s.get_mut(file));
                codes.map_or_else(Vec::new, |codes| {
                    codes.retain(|w| upgrade(py, w).is_some());
                    codes.iter().map(|w| w.clone_ref(py)).collect()
                })
            };
            let wirable = lock(&BODIES).as_ref().is_some_and(|b| b.contains(file))
                && BEFORE_WATCHING.get().is_some_and(|b| !b.contains(file));
            let mut have = Vec::new();
            for code in seen_that_may_stop(py, h, &codes) {
                if !wirable || !can_wire(&code) {
                    return None;
                }
                have.push(code_key(&code)?);
                wires.push(weak(&code)?);
            }
            if wanted.iter().any(|k| !wirable || !have.contains(k)) {
                return None;
            }
        }
        Some(Arc::new(files))
    })?
    .filter(|_| WATCHING.load(Ordering::SeqCst));
    if files.is_none() {
        wires.clear();
    }
    HAS_WIRES.store(!wires.is_empty(), Ordering::SeqCst);
    *lock(&WIRES) = wires;
    *lock(&FILES) = files.clone();
    VERDICT.store(
        (generation + 1) << 1 | u64::from(files.is_some()),
        Ordering::Relaxed,
    );
    files
}

/// No hook-free runs for the rest of this generation.
fn refuse() {
    let generation = GENERATION.load(Ordering::Relaxed);
    VERDICT.store((generation + 1) << 1, Ordering::Relaxed);
}

/// Code of `file` (None: of a file rdb could not name) may differ from what the file
/// holds: no hook-free run trusts it again.
fn taint(file: Option<String>) {
    lock(&TAINTED)
        .get_or_insert_with(HashSet::new)
        .insert(file.unwrap_or_default());
    refuse();
    end_runs();
}

fn is_tainted(file: &str) -> bool {
    lock(&TAINTED)
        .as_ref()
        .is_some_and(|t| t.contains(file) || t.contains(""))
}

/// `run` (a dead frame's evaluation) with the hook lifted, then put back.
pub(super) fn run<R>(py: Python<'_>, files: Files, run: impl FnOnce() -> R) -> R {
    // SAFETY: the GIL is held; PyEval_GetFrame returns the running frame (the caller of
    // the frame about to be evaluated) as a borrowed reference, or NULL.
    let caller = unsafe {
        let f = ffi::PyEval_GetFrame();
        (!f.is_null()).then(|| Frame::from_borrowed(py, f))
    };
    RUNS.with(|r| r.borrow_mut().push((caller, Some(files))));
    #[cfg(Py_3_11)]
    let _wired = HAS_WIRES.load(Ordering::Relaxed).then(|| {
        let codes: Vec<Py<PyAny>> = lock(&WIRES)
            .iter()
            .filter_map(|w| upgrade(py, w).map(Bound::unbind))
            .collect();
        tripwire::arm(py, &codes)
    });
    let lifted = eval_hook::lift();
    LIFTED.fetch_add(1, Ordering::SeqCst);
    let _back = crate::py::entry::OnExit(move || {
        LIFTED.fetch_sub(1, Ordering::SeqCst);
        RUNS.with(|r| r.borrow_mut().pop());
        if lifted {
            eval_hook::restore();
        }
    });
    run()
}

/// The hook back in place for the hook-free runs under way, and their wires down.
fn end_runs() {
    if LIFTED.load(Ordering::SeqCst) > 0 {
        eval_hook::restore();
    }
    #[cfg(Py_3_11)]
    tripwire::disarm();
}

/// The stop state changed (after an event of `frame`): the hook is back, and frames the
/// hook-free runs on this thread started are traced as bdb would have traced them.
pub(super) fn state_changed(frame: &Frame) {
    end_runs();
    RUNS.with(|runs| {
        for (caller, files) in runs.borrow_mut().iter_mut() {
            let Some(files) = files.take() else { continue };
            let mut f = Some(frame.clone());
            while let Some(cur) = f {
                if caller.as_ref().is_some_and(|c| c.same(&cur)) {
                    break;
                }
                if !cur.traced() && files.iter().any(|file| file == cur.filename()) {
                    cur.set_traced(true);
                }
                f = cur.back();
            }
        }
    });
}

/// Tracing stopped altogether.
pub(super) fn forget() {
    RUNS.with(|r| {
        for run in r.borrow_mut().iter_mut() {
            run.1 = None;
        }
    });
}

/// `compile(source, name, …)` of anything but the named file's own bytes (an AST
/// included): code of that file may differ from what the file holds.
fn compile_event(source: &Bound<'_, PyAny>, name: &Bound<'_, PyAny>) {
    let Some(file) = file_name(name) else {
        return taint(None);
    };
    if file.starts_with('<') {
        return;
    }
    let Ok(meta) = std::fs::metadata(&file) else {
        return;
    };
    if !meta.is_file() {
        return;
    }
    let source: Option<Vec<u8>> = if let Ok(b) = source.cast::<pyo3::types::PyBytes>() {
        Some(b.as_bytes().to_vec())
    } else {
        source.extract::<String>().ok().map(String::into_bytes)
    };
    let same = source.is_some_and(|source| {
        meta.len() == source.len() as u64 && std::fs::read(&file).is_ok_and(|t| t == source)
    });
    if !same {
        taint(Some(file));
    }
}

/// A code object's file name (`co_filename`, a str) in bdb's canonical form, computed
/// without running Python code (the program may be stepped through here).
fn file_name(name: &Bound<'_, PyAny>) -> Option<String> {
    let text = name.extract::<String>().ok()?;
    if text.contains('\0') {
        return None;
    }
    canonic_path(&text)
}

/// bdb's `canonic` (`<...>` names as they are; else `os.path.abspath`, POSIX rules).
fn canonic_path(name: &str) -> Option<String> {
    if name.len() >= 2 && name.starts_with('<') && name.ends_with('>') {
        return Some(name.to_string());
    }
    let joined = if name.starts_with('/') {
        name.to_string()
    } else {
        let cwd = std::env::current_dir().ok()?;
        let cwd = cwd.to_str()?;
        if cwd.ends_with('/') {
            format!("{cwd}{name}")
        } else {
            format!("{cwd}/{name}")
        }
    };
    Some(normpath(&joined))
}

/// `posixpath.normpath`.
fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let initial = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else {
        usize::from(path.starts_with('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part != ".." || (initial == 0 && parts.is_empty()) || parts.last() == Some(&"..") {
            parts.push(part);
        } else {
            parts.pop();
        }
    }
    let joined = "/".repeat(initial) + &parts.join("/");
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// `exec` or `eval` of `code`: its nested codes are noted (weakly) by file, for
/// `decide` to ask besides what the file holds (code exec'd from a stale `.pyc`, from
/// `marshal`, `code.replace`…); a module body of a breakpoint file may stop, so the hook
/// is put back, and a nested code that may stop ends hook-free runs for the generation.
pub(super) fn exec_event(code: Bound<'_, PyAny>) {
    note_code(code, false);
}

/// A function was given `code` other than by running the code it is nested in
/// (`types.FunctionType(code, …)`, `f.__code__ = code`): it and its nested codes are
/// noted as `exec_event` notes those of code it runs, and if it may stop, it ends
/// hook-free runs for the generation (it is not wired).
#[cfg(Py_3_11)]
pub(super) fn function_event(code: Bound<'_, PyAny>) {
    note_code(code, true);
}

fn note_code(code: Bound<'_, PyAny>, function: bool) {
    let Some(file) = code.getattr("co_filename").ok().and_then(|n| file_name(&n)) else {
        return taint(None);
    };
    if file.starts_with('<') {
        return;
    }
    let py = code.py();
    let mut nested = Vec::new();
    if function {
        nested.extend(weak(&code));
    }
    let mut todo = vec![code];
    while let Some(c) = todo.pop() {
        let Ok(consts) = c.getattr("co_consts") else {
            continue;
        };
        let Ok(consts) = consts.try_iter() else {
            continue;
        };
        for inner in consts.flatten() {
            if inner.is_instance_of::<pyo3::types::PyCode>() {
                nested.extend(weak(&inner));
                todo.push(inner);
            }
        }
    }
    let generation = GENERATION.load(Ordering::Relaxed);
    let allowed = VERDICT.load(Ordering::Relaxed) == ((generation + 1) << 1 | 1);
    let concerned = allowed && lock(&FILES).as_ref().is_some_and(|f| f.contains(&file));
    if !function {
        lock(&BODIES)
            .get_or_insert_with(HashSet::new)
            .insert(file.clone());
    }
    lock(&SEEN)
        .get_or_insert_with(HashMap::new)
        .entry(file)
        .or_default()
        .extend(nested.iter().map(|w| w.clone_ref(py)));
    if !concerned {
        return;
    }
    if !function {
        end_runs();
    }
    // One handler call: the code rdb runs meanwhile goes untraced.
    let may_stop = with_active(|h| seen_may_stop(py, h, &nested));
    if may_stop != Some(false) {
        refuse();
        end_runs();
    }
}

/// Whether a code still alive among `codes` (weak references) may stop.
fn seen_may_stop(py: Python<'_>, h: &mut dyn TraceHandler, codes: &[Py<PyAny>]) -> bool {
    !seen_that_may_stop(py, h, codes).is_empty()
}

/// The codes still alive among `codes` (weak references) that may stop.
fn seen_that_may_stop<'py>(
    py: Python<'py>,
    h: &mut dyn TraceHandler,
    codes: &[Py<PyAny>],
) -> Vec<Bound<'py, PyAny>> {
    codes
        .iter()
        .filter_map(|w| upgrade(py, w))
        .filter(|code| h.call_is_dead(&CodeRef::new(code.clone())).is_none())
        .collect()
}

/// The target of weak reference `w`, if alive.
fn upgrade<'py>(py: Python<'py>, w: &Py<PyAny>) -> Option<Bound<'py, PyAny>> {
    // SAFETY: the GIL is held; `w` is a weak reference; PyWeakref_GetObject returns a
    // borrowed reference (None once the code is gone).
    let code = unsafe { Bound::from_borrowed_ptr(py, ffi::PyWeakref_GetObject(w.as_ptr())) };
    (!code.is_none()).then_some(code)
}

/// A weak reference to `code`.
fn weak(code: &Bound<'_, PyAny>) -> Option<Py<PyAny>> {
    // SAFETY: the GIL is held; code objects take weak references; the result is a new
    // reference or NULL with an exception set, which is cleared.
    let w = unsafe {
        Bound::from_owned_ptr_or_opt(
            code.py(),
            ffi::PyWeakref_NewRef(code.as_ptr(), std::ptr::null_mut()),
        )
    };
    if w.is_none() {
        // SAFETY: as above.
        unsafe { ffi::PyErr_Clear() };
    }
    w.map(Bound::unbind)
}

/// Which code of its file `code` is: its qualified name and first line.
fn code_key(code: &Bound<'_, PyAny>) -> Option<(String, i64)> {
    let name = code.getattr("co_qualname").ok()?.extract().ok()?;
    Some((name, code.getattr("co_firstlineno").ok()?.extract().ok()?))
}

/// Whether a code that may stop can be wired (3.11), so that hook-free runs may go on.
fn can_wire(code: &Bound<'_, PyAny>) -> bool {
    #[cfg(Py_3_11)]
    return tripwire::can_wire(code);
    #[cfg(not(Py_3_11))]
    {
        let _ = code;
        false
    }
}
