//! Dead frames run with no frame-evaluation hook at all (before 3.12), when no frame they
//! start can stop: CPython 3.11 inlines Python-to-Python calls only while no PEP 523 hook
//! is set, and the hook costs a C call per Python call on 3.9 and 3.10.
//!
//! That holds while the stop state lets a new frame stop only in code spanning a
//! breakpoint line (`Bdb::breakpoint_files_if_only_they_may_stop`), and no code of those
//! files but their module bodies spans one: each file is compiled as it is on disk, and
//! every code nested in it must be dead. Module bodies start through `exec` (imports,
//! `runpy`): its audit event puts the hook back first. An `exec` of code with a live
//! nested code, or a `compile` from text under a breakpoint file's name, ends hook-free
//! runs (for the generation, or for good).
//!
//! Frames started while the hook was lifted went unseen: at the next change of the stop
//! state those bdb would have traced (their file held breakpoints) are traced, as
//! `unseen` does for the hook's own.

use std::collections::HashSet;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::ffi;
use pyo3::prelude::*;

use super::eval_hook;
use crate::engine::{CodeView, FrameView};
use crate::py::frame::{CodeRef, Frame};
use crate::py::helpers::helper;
use crate::py::tracer::{with_active, BUSY, GENERATION};
use crate::py::value::canonic;

/// Files with breakpoints whose frames may stop, for one generation.
type Files = Arc<Vec<String>>;

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
static AUDITING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// For each hook-free run under way: the frame it was started from, and the files
    /// whose frames bdb would have traced; cleared once caught up with.
    static RUNS: std::cell::RefCell<Vec<(Option<Frame>, Option<Files>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// CPython's audit hook type (`Py_AuditHookFunction`).
type AuditHook = unsafe extern "C" fn(*const c_char, *mut ffi::PyObject, *mut c_void) -> c_int;

extern "C" {
    /// Adds an audit hook for the rest of the process (PEP 578; libpython exports it,
    /// pyo3's bindings do not declare it).
    fn PySys_AddAuditHook(hook: Option<AuditHook>, data: *mut c_void) -> c_int;
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A run is starting: note its time and listen to `exec` and `compile` (once).
pub(super) fn install() {
    STARTED_NS.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
    if !AUDITING.swap(true, Ordering::SeqCst) {
        // SAFETY: the GIL is held (install runs on the program's thread); the hook is a
        // plain C function that lives for the process.
        if unsafe { PySys_AddAuditHook(Some(audit), std::ptr::null_mut()) } != 0 {
            // SAFETY: as above; an audit hook of the program refused ours.
            unsafe { ffi::PyErr_Clear() };
            AUDITING.store(false, Ordering::SeqCst);
        }
    }
}

/// The files of this generation when a dead frame may run with the hook lifted.
pub(super) fn allowed(py: Python<'_>) -> Option<Files> {
    if !AUDITING.load(Ordering::Relaxed) {
        return None;
    }
    let generation = GENERATION.load(Ordering::Relaxed);
    let verdict = VERDICT.load(Ordering::Relaxed);
    if verdict >> 1 == generation + 1 {
        return if verdict & 1 == 1 {
            lock(&FILES).clone()
        } else {
            None
        };
    }
    decide(py, generation)
}

#[cold]
#[inline(never)]
fn decide(py: Python<'_>, generation: u64) -> Option<Files> {
    let files = with_active(|h| {
        let files = h.breakpoint_files_if_only_they_may_stop()?;
        let since = STARTED_NS.get().copied().unwrap_or(0);
        let tainted = lock(&TAINTED);
        for file in &files {
            if tainted.as_ref().is_some_and(|t| t.contains(file)) {
                return None;
            }
            let codes = helper(py, "nested_codes").call1((file, since)).ok()?;
            if codes.is_none() {
                return None;
            }
            for code in codes.try_iter().ok()? {
                h.call_is_dead(&CodeRef::new(code.ok()?))?;
            }
        }
        Some(Arc::new(files))
    })?;
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

/// `run` (a dead frame's evaluation) with the hook lifted, then put back.
pub(super) fn run<R>(py: Python<'_>, files: Files, run: impl FnOnce() -> R) -> R {
    // SAFETY: the GIL is held; PyEval_GetFrame returns the running frame (the caller of
    // the frame about to be evaluated) as a borrowed reference, or NULL.
    let caller = unsafe {
        let f = ffi::PyEval_GetFrame();
        (!f.is_null()).then(|| Frame::from_borrowed(py, f))
    };
    RUNS.with(|r| r.borrow_mut().push((caller, Some(files))));
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

/// The hook back in place for the hook-free runs under way.
fn end_runs() {
    if LIFTED.load(Ordering::SeqCst) > 0 {
        eval_hook::restore();
    }
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

/// CPython's audit hook: `exec` of a breakpoint file's code puts the hook back (its
/// module body may stop) and ends hook-free runs if code nested in it may stop;
/// `compile` of text under a file's name taints the file.
unsafe extern "C" fn audit(
    event: *const c_char,
    args: *mut ffi::PyObject,
    _: *mut c_void,
) -> c_int {
    // rdb's own work at a stop (BUSY) compiles and runs code of its own.
    if BUSY.load(Ordering::Relaxed) {
        return 0;
    }
    // SAFETY: CPython passes a NUL-terminated event name and the event's argument tuple.
    let (event, args) = unsafe { (CStr::from_ptr(event).to_bytes(), args) };
    if event != b"exec" && event != b"compile" {
        return 0;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: audit hooks are called with the GIL held.
        let py = unsafe { Python::assume_attached() };
        // SAFETY: a borrowed reference to the event's argument tuple.
        let Ok(args) =
            (unsafe { Bound::from_borrowed_ptr(py, args) }).cast_into::<pyo3::types::PyTuple>()
        else {
            return;
        };
        let Ok(first) = args.get_item(0) else { return };
        if event == b"compile" {
            compile_event(&first, args.get_item(1).ok());
        } else if first.is_instance_of::<pyo3::types::PyCode>() {
            exec_event(first);
        }
    });
    0
}

/// `compile` (the parser's audit event: the source's bytes, the file name) of text that
/// is not the named file's own: code of that file may differ from what its file holds.
fn compile_event(source: &Bound<'_, PyAny>, name: Option<Bound<'_, PyAny>>) {
    // 3.11's parser passes bytes; a str (or an AST) may come from other versions.
    let source: Vec<u8> = if let Ok(b) = source.cast::<pyo3::types::PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(s) = source.extract::<String>() {
        s.into_bytes()
    } else {
        return;
    };
    let Some(name) = name.and_then(|n| n.extract::<String>().ok()) else {
        return;
    };
    let file = canonic(&name);
    let Ok(meta) = std::fs::metadata(&file) else {
        return;
    };
    let same =
        meta.len() == source.len() as u64 && std::fs::read(&file).is_ok_and(|text| text == source);
    if !same {
        lock(&TAINTED).get_or_insert_with(HashSet::new).insert(file);
        refuse();
        end_runs();
    }
}

fn exec_event(code: Bound<'_, PyAny>) {
    let generation = GENERATION.load(Ordering::Relaxed);
    if VERDICT.load(Ordering::Relaxed) != ((generation + 1) << 1 | 1) {
        return;
    }
    let Some(files) = lock(&FILES).clone() else {
        return;
    };
    let code = CodeRef::new(code);
    if !files.iter().any(|f| f == code.filename()) {
        return;
    }
    end_runs();
    let mut todo = vec![code.code];
    while let Some(c) = todo.pop() {
        let Ok(consts) = c.getattr("co_consts") else {
            continue;
        };
        let Ok(consts) = consts.try_iter() else {
            continue;
        };
        for nested in consts.flatten() {
            if !nested.is_instance_of::<pyo3::types::PyCode>() {
                continue;
            }
            let live = with_active(|h| h.call_is_dead(&CodeRef::new(nested.clone())).is_none());
            if live != Some(false) {
                refuse();
                return;
            }
            todo.push(nested);
        }
    }
}
