//! The trace-function backend for CPython before 3.12: a C `Py_tracefunc` installed with
//! `PyEval_SetTrace`, and in the program's threads through `threading.settrace`. A PEP 523
//! frame-evaluation hook (`eval_hook`) switches the main thread's tracer off while frames
//! that cannot stop run.

use std::cell::Cell;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;

use super::tracer::{handle_event, trace_object};

#[path = "aside.rs"]
mod aside;

/// CPython drives rdb's tracer object as a trace function (`sys.settrace(sys.gettrace())`).
pub(crate) const TRACE_OBJECT_DISPATCHES: bool = true;

/// The stop state changed: frames the eval hook ran untraced catch up.
pub(crate) fn state_changed(frame: &super::frame::Frame) {
    super::unseen::catch_up(frame, false);
    aside::state_changed(frame);
}

/// Nothing to do: `f_trace` alone makes a frame get line events.
pub(crate) fn on_traced(_frame: &super::frame::Frame) {}

/// pdb before 3.13 never steps by instruction.
pub(crate) fn trace_opcodes(_frame: &super::frame::Frame) {}

/// rdb's tracer is wanted (between `install` and `uninstall`).
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// This thread's trace function is rdb's (as far as rdb set it).
    static TRACE_ON: Cell<bool> = const { Cell::new(false) };
}

pub(crate) fn install() {
    INSTALLED.store(true, Ordering::SeqCst);
    set_trace_on(true);
    eval_hook::arm();
    // SAFETY: install runs with the GIL held, on the program's thread.
    let py = unsafe { Python::assume_attached() };
    aside::install(py, trace_object(py).as_ptr(), tripped);
}

/// The program's main code is about to run (`exec` is watched from inside the program).
pub(crate) fn will_run(code: &Bound<'_, PyAny>) {
    aside::exec_event(code.clone());
}

/// A code wired during a hook-free run is being called (3.11, `aside`'s tripwire): the
/// hook is back, so that every later call of the main thread comes through it, and if
/// the call is the main thread's, so is rdb's tracer, so that the frame starts traced (as
/// another thread's do). Runs inside CPython's frame allocation, so it only stores.
fn tripped(tstate: *mut ffi::PyThreadState, main: bool) {
    if !INSTALLED.load(Ordering::Relaxed) {
        return;
    }
    eval_hook::restore();
    if !main || TRACE_ON.with(|t| t.get()) {
        return;
    }
    #[cfg(Py_3_11)]
    // SAFETY: the GIL is held (a frame is being pushed on `tstate`, the calling thread's
    // state).
    if unsafe { aside::tripwire_trace(tstate, trace_func, super::tracer::trace_object_ptr()) } {
        TRACE_ON.with(|t| t.set(true));
    }
    #[cfg(not(Py_3_11))]
    let _ = tstate;
}

/// rdb was started by the running program (`rdb.set_trace()`), which ran untraced so far.
pub(crate) fn adopted() {
    aside::adopted();
}

pub(crate) fn uninstall() {
    INSTALLED.store(false, Ordering::SeqCst);
    set_trace_on(false);
    super::unseen::forget();
    aside::forget();
    eval_hook::disarm();
}

fn set_trace_on(on: bool) {
    TRACE_ON.with(|t| t.set(on));
    if on {
        Python::attach(|py| {
            let obj = trace_object(py);
            // SAFETY: the GIL is held; the trace object lives for the whole process (a
            // static), and CPython keeps its own reference to it while it is installed.
            unsafe { ffi::PyEval_SetTrace(Some(trace_func), obj.as_ptr()) };
        });
    } else {
        // SAFETY: called with the GIL held (all of rdb's Python work is).
        unsafe { ffi::PyEval_SetTrace(None, std::ptr::null_mut()) };
    }
}

unsafe extern "C" fn trace_func(
    _obj: *mut ffi::PyObject,
    frame: *mut ffi::PyFrameObject,
    what: c_int,
    arg: *mut ffi::PyObject,
) -> c_int {
    // SAFETY: CPython calls the trace function with the GIL held and a valid frame.
    unsafe { handle_event(frame, what, arg) }
}

extern "C" {
    /// CPython's own setter of one thread's trace function (what `PyEval_SetTrace` does
    /// for the calling thread), exported by libpython.
    fn _PyEval_SetTrace(
        tstate: *mut ffi::PyThreadState,
        func: Option<ffi::Py_tracefunc>,
        arg: *mut ffi::PyObject,
    ) -> c_int;
}

/// Thread `ts` traces with rdb's trace function from now on: a breakpoint was set in code
/// it runs.
pub(crate) fn set_trace_in_thread(py: Python<'_>, ts: *mut ffi::PyThreadState) {
    let obj = trace_object(py);
    // SAFETY: the caller holds the GIL and `ts` is a live thread state of this
    // interpreter; `_PyEval_SetTrace` sets another thread's trace function as
    // PyEval_SetTraceAllThreads does from 3.12 (under the GIL), with its own reference
    // to `obj`.
    unsafe { _PyEval_SetTrace(ts, Some(trace_func), obj.as_ptr()) };
}

/// Whether `threading.settrace` has been given rdb's tracer in this run.
static THREADS_HOOKED: AtomicBool = AtomicBool::new(false);

/// Threads the program starts get rdb's tracer too (`threading.settrace`), so that their
/// breakpoints stop, in the thread that hit them. rdb does not import `threading` itself
/// (that would change what stepping into the program's own import shows): it hooks it
/// once the program has imported it.
pub(crate) fn set_thread_tracing(on: bool) {
    THREADS_HOOKED.store(false, Ordering::SeqCst);
    if on {
        on_call_event();
    } else {
        Python::attach(|py| {
            if let Ok(Some(threading)) = super::helpers::module(py, "sys")
                .and_then(|s| s.getattr("modules"))
                .map(|m| m.get_item("threading").ok())
            {
                let _ = threading.call_method1("settrace", (py.None(),));
            }
        });
    }
}

/// Every call event (GIL held): hook `threading` once the program has imported it.
pub(crate) fn on_call_event() {
    if THREADS_HOOKED.load(Ordering::Relaxed) {
        return;
    }
    // SAFETY: every caller holds the GIL; skipping pyo3's attach keeps this cheap on
    // the trace callback's hot path.
    let py = unsafe { Python::assume_attached() };
    let name = pyo3::intern!(py, "threading");
    // SAFETY: GIL held; PyImport_GetModule returns a new reference or NULL (and may
    // set an error, which we clear).
    let module = unsafe { ffi::PyImport_GetModule(name.as_ptr()) };
    if module.is_null() {
        // SAFETY: GIL held.
        unsafe { ffi::PyErr_Clear() };
        return;
    }
    // SAFETY: `module` is the new reference returned above.
    let threading = unsafe { Bound::from_owned_ptr(py, module) };
    if threading
        .call_method1("settrace", (trace_object(py),))
        .is_ok()
    {
        THREADS_HOOKED.store(true, Ordering::SeqCst);
    }
}

/// PEP 523 (3.9+): every frame evaluation of the main thread passes through `eval_frame`,
/// which runs frames whose calls the engine proves dead (`Bdb::call_is_dead`) with no
/// trace function at all, so CPython's costly tracing mode is off while they run, and
/// turns it back on for the frames that can stop. (Before 3.11 every Python call is
/// evaluated through the hook; with a hook installed CPython 3.11 does not inline
/// Python-to-Python calls, so there too every call comes through here.)
mod eval_hook {
    use std::os::raw::c_int;
    use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

    use pyo3::ffi;
    use pyo3::prelude::*;

    use super::{set_trace_on, INSTALLED, TRACE_ON};
    use crate::engine::DeadCall;
    use crate::py::frame::{cached_code_info, CodeRef};
    use crate::py::tracer::{with_active, GENERATION};

    /// What a hook is handed to evaluate: 3.11's interpreter frame, before it the frame
    /// object itself.
    #[cfg(Py_3_11)]
    type EvalFrame = ffi::_PyInterpreterFrame;
    #[cfg(not(Py_3_11))]
    type EvalFrame = ffi::PyFrameObject;

    extern "C" {
        fn _PyEval_EvalFrameDefault(
            tstate: *mut ffi::PyThreadState,
            frame: *mut EvalFrame,
            throwflag: c_int,
        ) -> *mut ffi::PyObject;
    }

    /// The thread the program's main code runs in (the only one the hook manages).
    static MAIN: AtomicPtr<ffi::PyThreadState> = AtomicPtr::new(std::ptr::null_mut());
    /// The hook is in place (it decides, frame by frame, whether tracing is on).
    static ARMED: AtomicBool = AtomicBool::new(false);

    /// How many frames deep the hook may nest. With a hook set, CPython evaluates each
    /// Python call on the C stack (3.11 does not inline then; before 3.11 it never does),
    /// with the hook's own frame on top of CPython's; past this depth the hook steps
    /// aside (tracing everything, as plain `sys.settrace` would), so that deep recursion
    /// overflows the C stack no sooner than under pdb.
    const MAX_NESTING: u32 = 4_000;

    thread_local! {
        static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    /// `run` one frame deeper; None, without running it, past `MAX_NESTING`.
    #[inline(always)]
    fn nested<R>(run: impl FnOnce() -> R) -> Option<R> {
        let depth = NESTING.with(|n| n.get());
        if depth >= MAX_NESTING {
            return None;
        }
        NESTING.with(|n| n.set(depth + 1));
        let _unnest = crate::py::entry::OnExit(|| NESTING.with(|n| n.set(depth)));
        Some(run())
    }

    /// Installs the hook (from the thread that runs the program).
    pub(super) fn arm() {
        // SAFETY: called with the GIL held on the thread that runs the program.
        unsafe {
            let main = MAIN.load(Ordering::SeqCst);
            if main.is_null() {
                MAIN.store(ffi::PyThreadState_Get(), Ordering::SeqCst);
            } else if main != ffi::PyThreadState_Get() {
                // breakpoint() in another thread: that thread keeps its plain tracer.
                return;
            }
            // Another tool's hook (pydevd's frame evaluation, torch's dynamo) stays: the
            // program is traced as plain `sys.settrace` traces it.
            if !matches!(current_hook(), Hook::Default | Hook::Ours) {
                return;
            }
            ffi::_PyInterpreterState_SetEvalFrameFunc(
                ffi::PyInterpreterState_Get(),
                Some(eval_frame),
            );
        }
        ARMED.store(true, Ordering::SeqCst);
    }

    /// No tracing at all: CPython's own evaluation, with its inlined calls, again.
    pub(super) fn disarm() {
        ARMED.store(false, Ordering::SeqCst);
        // SAFETY: the GIL is held; passing the default evaluator clears the hook.
        unsafe {
            if matches!(current_hook(), Hook::Ours) {
                ffi::_PyInterpreterState_SetEvalFrameFunc(
                    ffi::PyInterpreterState_Get(),
                    Some(_PyEval_EvalFrameDefault),
                );
            }
        }
    }

    /// Takes the hook out (for a hook-free run, `aside`): whether it was in place.
    pub(super) fn lift() -> bool {
        // SAFETY: the GIL is held (a frame is being evaluated on this thread).
        unsafe {
            if !matches!(current_hook(), Hook::Ours) {
                return false;
            }
            ffi::_PyInterpreterState_SetEvalFrameFunc(
                ffi::PyInterpreterState_Get(),
                Some(_PyEval_EvalFrameDefault),
            );
        }
        true
    }

    /// Puts the hook back after `lift`, unless tracing ended meanwhile or another tool
    /// set its own.
    pub(super) fn restore() {
        if !(INSTALLED.load(Ordering::SeqCst) && ARMED.load(Ordering::SeqCst)) {
            return;
        }
        // SAFETY: the GIL is held by every caller.
        unsafe {
            if matches!(current_hook(), Hook::Default) {
                ffi::_PyInterpreterState_SetEvalFrameFunc(
                    ffi::PyInterpreterState_Get(),
                    Some(eval_frame),
                );
            }
        }
    }

    enum Hook {
        Default,
        Ours,
        Another,
    }

    /// The frame-evaluation function in place.
    ///
    /// # Safety
    /// The GIL is held.
    unsafe fn current_hook() -> Hook {
        // SAFETY: guaranteed by the caller.
        let current = unsafe {
            let interp = ffi::PyInterpreterState_Get();
            #[cfg(Py_3_11)]
            let f = Some(ffi::_PyInterpreterState_GetEvalFrameFunc(interp));
            #[cfg(not(Py_3_11))]
            let f = ffi::_PyInterpreterState_GetEvalFrameFunc(interp);
            f.map_or(0, |f| f as *const () as usize)
        };
        if current == eval_frame as *const () as usize {
            Hook::Ours
        } else if current == 0 || current == _PyEval_EvalFrameDefault as *const () as usize {
            Hook::Default
        } else {
            Hook::Another
        }
    }

    /// The code object of a frame being evaluated (borrowed: the frame holds it). On 3.11
    /// the fifth pointer-sized field of `_PyInterpreterFrame` (`f_func`, `f_globals`,
    /// `f_builtins`, `f_locals`, `f_code`); before, of the frame object
    /// (`PyObject_VAR_HEAD`'s three, `f_back`, `f_code`).
    ///
    /// # Safety
    /// `frame` is a valid frame of the CPython this is compiled for.
    unsafe fn frame_code(frame: *mut EvalFrame) -> *mut ffi::PyObject {
        // SAFETY: the layouts of CPython 3.11's _PyInterpreterFrame (Include/internal/
        // pycore_frame.h) and of 3.9/3.10's PyFrameObject (Include/cpython/
        // frameobject.h), the one this module is compiled for.
        unsafe { *frame.cast::<*mut ffi::PyObject>().add(4) }
    }

    thread_local! {
        /// `live` is running: the Python code it may run itself (canonical file names)
        /// is evaluated untouched.
        static DECIDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Whether a frame of `code` may stop (None: the handler is busy or absent, or this
    /// is rdb's own Python code run while deciding).
    fn live(py: Python<'_>, code: *mut ffi::PyObject) -> Option<bool> {
        if DECIDING.with(|d| d.replace(true)) {
            return None;
        }
        let verdict = decide(py, code);
        DECIDING.with(|d| d.set(false));
        verdict
    }

    /// Runs as a handler call, so that the Python code reading the code object's file
    /// name runs is not traced.
    fn decide(py: Python<'_>, code: *mut ffi::PyObject) -> Option<bool> {
        with_active(|h| {
            // SAFETY: a code object the frame holds a strong reference to, GIL held.
            let code = CodeRef::new(unsafe { Bound::from_borrowed_ptr(py, code) });
            let generation = h.generation();
            let verdict = code.info.call_verdict.load(Ordering::Relaxed);
            if verdict >> 1 == generation + 1 {
                return verdict & 1 == 0;
            }
            let dead = h.call_is_dead(&code);
            if dead == Some(DeadCall::Traced) {
                crate::py::unseen::note(&code);
            }
            let bit = u64::from(dead.is_some());
            code.info
                .call_verdict
                .store((generation + 1) << 1 | bit, Ordering::Relaxed);
            dead.is_none()
        })
    }

    /// The verdict cached on the code object for the current generation.
    fn cached(code: *mut ffi::PyObject) -> Option<bool> {
        let generation = GENERATION.load(Ordering::Relaxed);
        // SAFETY: a code object the running frame holds; the GIL is held.
        let info = unsafe { cached_code_info(code) }?;
        let verdict = info.call_verdict.load(Ordering::Relaxed);
        (verdict >> 1 == generation + 1).then_some(verdict & 1 == 0)
    }

    unsafe extern "C" fn eval_frame(
        tstate: *mut ffi::PyThreadState,
        frame: *mut EvalFrame,
        throwflag: c_int,
    ) -> *mut ffi::PyObject {
        // SAFETY: CPython calls the hook with the GIL held and a valid frame.
        let run = || unsafe { _PyEval_EvalFrameDefault(tstate, frame, throwflag) };
        if tstate != MAIN.load(Ordering::Relaxed) || !INSTALLED.load(Ordering::Relaxed) {
            return run();
        }
        // SAFETY: a valid frame.
        let code = unsafe { frame_code(frame) };
        let before = TRACE_ON.with(|t| t.get());
        // Every call comes through here: the common case (the verdict known, the tracer
        // already as the frame needs it) does no more than look.
        if cached(code) != Some(before) {
            // SAFETY: as this function's.
            return unsafe { evaluate(tstate, frame, throwflag, code) };
        }
        let generation = GENERATION.load(Ordering::Relaxed);
        let Some(result) = nested(run) else {
            // SAFETY: as this function's.
            return unsafe { evaluate(tstate, frame, throwflag, code) };
        };
        if GENERATION.load(Ordering::Relaxed) == generation && TRACE_ON.with(|t| t.get()) == before
        {
            return result;
        }
        settle(before, generation);
        result
    }

    /// A frame whose verdict is not known yet, or that needs the tracer switched.
    ///
    /// # Safety
    /// As `eval_frame`'s.
    #[cold]
    #[inline(never)]
    unsafe fn evaluate(
        tstate: *mut ffi::PyThreadState,
        frame: *mut EvalFrame,
        throwflag: c_int,
        code: *mut ffi::PyObject,
    ) -> *mut ffi::PyObject {
        // SAFETY: guaranteed by the caller.
        let run = || unsafe { _PyEval_EvalFrameDefault(tstate, frame, throwflag) };
        let verdict = cached(code).or_else(|| {
            // A panic deciding (only without rdb's panic hook, which ends the process
            // first) leaves the frame to CPython as it is.
            std::panic::catch_unwind(|| {
                // SAFETY: the GIL is held (CPython is evaluating a frame on this thread).
                live(unsafe { Python::assume_attached() }, code)
            })
            .ok()
            .flatten()
        });
        let Some(live) = verdict else {
            return run();
        };
        let before = TRACE_ON.with(|t| t.get());
        let generation = GENERATION.load(Ordering::Relaxed);
        // SAFETY: the GIL is held (CPython is evaluating a frame on this thread).
        let py = unsafe { Python::assume_attached() };
        // Not for a frame an exception is thrown into (`gen.throw`, `close`): it is
        // pending while the frame starts.
        let hook_free = if live || throwflag != 0 {
            None
        } else {
            super::aside::allowed(py, crate::py::tracer::trace_object_ptr())
        };
        let ran = nested(|| {
            if live != before {
                set_trace_on(live);
            }
            match hook_free {
                Some(files) => super::aside::run(py, files, run),
                None => run(),
            }
        });
        let Some(result) = ran else {
            // Too deep for the hook: everything traced from here on, no hook.
            if !TRACE_ON.with(|t| t.get()) {
                set_trace_on(true);
            }
            disarm();
            return run();
        };
        settle(before, generation);
        result
    }

    /// After a frame ran: the tracer as its caller needs it. After a stop inside, the
    /// caller is traced whatever it was: the new stop state may need it, and tracing is
    /// always correct, only slower.
    #[cold]
    #[inline(never)]
    fn settle(before: bool, generation: u64) {
        if !(INSTALLED.load(Ordering::Relaxed) && ARMED.load(Ordering::Relaxed)) {
            return;
        }
        let want = before || GENERATION.load(Ordering::Relaxed) != generation;
        if TRACE_ON.with(|t| t.get()) != want {
            // SAFETY: GIL held; the exception the frame raised (if any) is kept aside
            // while the trace function changes, and put back.
            unsafe {
                let (mut kind, mut value, mut tb) = (
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
                ffi::PyErr_Fetch(&mut kind, &mut value, &mut tb);
                set_trace_on(want);
                ffi::PyErr_Restore(kind, value, tb);
            }
        }
    }
}
