//! Dead frames run with no frame-evaluation hook at all (before 3.12), when no frame they
//! start can stop: CPython 3.11 inlines Python-to-Python calls only while no PEP 523 hook
//! is set, and the hook costs a C call per Python call on 3.9 and 3.10.
//!
//! That holds while the stop state lets a new frame stop only in code spanning a
//! breakpoint line (`Bdb::breakpoint_files_if_only_they_may_stop`), and no code of those
//! files but their module bodies spans one: each file is compiled as it is on disk, and
//! every code nested in it must be dead. Module bodies start through `exec` (imports,
//! `runpy`), which rdb watches (`watch`) from the first hook-free run on: it puts the hook
//! back first. An `exec` of code with a live nested code, or a `compile` of anything but
//! a file's own text under its name, ends hook-free runs (for the generation, or for
//! good). Code run by C code (`PyEval_EvalCode`, `PyRun_String`) is not watched.
//!
//! Frames started while the hook was lifted went unseen: at the next change of the stop
//! state those bdb would have traced (their file held breakpoints) are traced, as
//! `unseen` does for the hook's own.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::ffi;
use pyo3::prelude::*;

use super::eval_hook;

#[path = "aside_watch.rs"]
mod watch;
use crate::engine::{CodeView, FrameView};
use crate::py::frame::{CodeRef, Frame};
use crate::py::helpers::helper;
use crate::py::tracer::{with_active, GENERATION};
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
static WATCHING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// For each hook-free run under way: the frame it was started from, and the files
    /// whose frames bdb would have traced; cleared once caught up with.
    static RUNS: std::cell::RefCell<Vec<(Option<Frame>, Option<Files>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A run is starting: note its time.
pub(super) fn install() {
    STARTED_NS.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
}

/// `exec`, `eval` and `compile` are watched from now on (`watch`): at the first
/// hook-free run, so that a program that never has one runs with the builtins untouched.
fn watch_from_now(py: Python<'_>) -> bool {
    WATCHING.load(Ordering::SeqCst) || {
        let ok = watch::install(py).is_ok();
        WATCHING.store(ok, Ordering::SeqCst);
        ok
    }
}

/// The files of this generation when a dead frame may run with the hook lifted.
pub(super) fn allowed(py: Python<'_>) -> Option<Files> {
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
    })?
    .filter(|_| watch_from_now(py));
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

/// `compile(source, name, …)` of anything but the named file's own text (an AST
/// included): code of that file may differ from what the file holds.
fn compile_event(source: &Bound<'_, PyAny>, name: &Bound<'_, PyAny>) {
    let Ok(name) = name.extract::<String>() else {
        return;
    };
    let source: Option<Vec<u8>> = if let Ok(b) = source.cast::<pyo3::types::PyBytes>() {
        Some(b.as_bytes().to_vec())
    } else {
        source.extract::<String>().ok().map(String::into_bytes)
    };
    let file = canonic(&name);
    let Ok(meta) = std::fs::metadata(&file) else {
        return;
    };
    let same = source.is_some_and(|source| {
        meta.len() == source.len() as u64 && std::fs::read(&file).is_ok_and(|t| t == source)
    });
    if !same {
        lock(&TAINTED).get_or_insert_with(HashSet::new).insert(file);
        refuse();
        end_runs();
    }
}

/// `exec` or `eval` of `code`: a module body of a breakpoint file may stop (the hook is
/// put back), and code nested in it that may stop ends hook-free runs.
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
