//! Quitting: rdb's `Quit` exception — a `bdb.BdbQuit`, so that programs and pytest treat
//! it as pdb's — and `q` at a stop in a program thread ending the whole program: the
//! thread that runs the program's main code is interrupted, the other threads end at
//! their next traced event (or run on until the interpreter shuts down, as after `q`
//! in the main thread).

use std::os::raw::c_ulong;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use super::helpers::helper;

/// `rdb.Quit`, made on first use (after the first stop, when pdb's `bdb` is imported).
static QUIT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// The user quit at a stop in a thread other than the main one: the run is ending.
static QUITTING: AtomicBool = AtomicBool::new(false);
/// The Python thread id and the pthread of the thread that runs the program's main code.
static MAIN_IDENT: AtomicU64 = AtomicU64::new(0);
static MAIN_PTHREAD: AtomicU64 = AtomicU64::new(0);

/// The exception rdb raises in the program when the user quits.
pub(crate) fn quit_exception(py: Python<'_>) -> Bound<'_, PyAny> {
    QUIT.get_or_init(py, || {
        helper(py, "quit_class")
            .call0()
            .expect("rdb.Quit can be made")
            .unbind()
    })
    .bind(py)
    .clone()
}

/// Whether `err` is rdb's `Quit` (never made, so never raised, before the first quit).
pub(crate) fn is_quit(py: Python<'_>, err: &PyErr) -> bool {
    QUIT.get(py)
        .is_some_and(|q| err.is_instance(py, q.bind(py)))
}

/// Sets `Quit` as the current exception.
pub(crate) fn raise_quit(py: Python<'_>) {
    // SAFETY: GIL held; PyErr_SetNone takes a borrowed exception type.
    unsafe { ffi::PyErr_SetNone(quit_exception(py).as_ptr()) };
}

/// A run starts on the calling thread: it is the main one, and nobody quit yet.
pub(crate) fn run_starting() {
    QUITTING.store(false, Ordering::SeqCst);
    // SAFETY: no preconditions.
    let (ident, pthread) = unsafe { (ffi::PyThread_get_thread_ident(), libc::pthread_self()) };
    MAIN_IDENT.store(ident, Ordering::SeqCst);
    MAIN_PTHREAD.store(pthread, Ordering::SeqCst);
}

/// Sends `signal` to the thread that runs the program's main code; false before the
/// first run.
pub(crate) fn signal_main(signal: libc::c_int) -> bool {
    let main = MAIN_PTHREAD.load(Ordering::SeqCst);
    // SAFETY: a signal to a thread of this process, recorded by `run_starting` (the
    // interpreter's main thread, which lives as long as the process).
    main != 0 && unsafe { libc::pthread_kill(main as libc::pthread_t, signal) } == 0
}

/// The user quit while the program runs (the interface's `q`, confirmed): it ends now,
/// as after `q` at a stop in a thread — the main thread is interrupted (a blocking call
/// too), every thread quits at its next traced event. Safe from any thread.
pub fn quit_running_program() {
    QUITTING.store(true, Ordering::SeqCst);
    signal_main(libc::SIGINT);
}

/// Whether every thread should quit at its next traced event.
pub(crate) fn quitting() -> bool {
    QUITTING.load(Ordering::Relaxed)
}

/// The user quit at a stop on the calling thread (`Quit` is being raised there). From a
/// program thread, the whole program ends: the main thread gets `Quit` at once (its
/// SIGINT handler raises it, and the signal wakes a blocking call), the other threads
/// at their next traced event; no thread prints a traceback for it.
pub(crate) fn quit_everywhere(py: Python<'_>) {
    // SAFETY: no preconditions.
    let here = unsafe { ffi::PyThread_get_thread_ident() } as u64;
    let main = MAIN_IDENT.load(Ordering::SeqCst);
    if here == main || main == 0 {
        return;
    }
    QUITTING.store(true, Ordering::SeqCst);
    let quit = quit_exception(py);
    let _ = helper(py, "quiet_thread_quit").call1((&quit,));
    if super::hooks::sigint_is_rdbs(py) {
        // The main thread's SIGINT handler is rdb's `sigint_handler`, which raises Quit
        // while QUITTING is set; the signal also ends a blocking call there.
        signal_main(libc::SIGINT);
    } else {
        // The program has a SIGINT handler of its own, which must not run for this.
        // SAFETY: GIL held; CPython takes its own reference to the exception type.
        unsafe { ffi::PyThreadState_SetAsyncExc(main as c_ulong as _, quit.as_ptr()) };
    }
}
