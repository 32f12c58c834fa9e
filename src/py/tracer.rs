//! What both tracing backends share: the `TraceHandler` that receives the program's
//! call/line/return/exception events, the one handler slot and its busy flag, the
//! dispatch of one event to it, and rdb's tracer as a Python object. The backend (`legacy`: a C trace function; `monitoring`: sys.monitoring on 3.12+)
//! decides which events reach `dispatch_event`.

use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use super::backend;
use super::entry::{c_function, none, varargs, wrong_type, Args, OnExit};
use super::frame::{CodeRef, Frame};
use super::value::Value;
use crate::engine::{DeadCall, Dispatch, Event, ExcFacts, FrameView};

/// Receives every trace event of the program (the session's bdb/pdb layer). The
/// defaults are those of an observer that never stops (`rdb trace`, `rdb record`).
pub trait TraceHandler {
    /// A run is about to start; `mainpyfile` is the canonical file of its main code.
    fn start(&mut self, _mainpyfile: &str) {}
    fn dispatch(&mut self, frame: &Frame, event: &Event<Value>) -> Dispatch;
    /// False after `continue` with no breakpoints: tracing is then switched off.
    fn tracing_wanted(&self) -> bool {
        true
    }
    /// The program called `breakpoint()`: stop in `frame` at its next event.
    fn set_trace(&mut self, _frame: &Frame) {}
    /// Ctrl-C while the program runs: pause it in `frame` at its next event.
    fn interrupted(&mut self, _frame: &Frame) {}
    /// The program's own `pdb.set_trace(header=…)` says its header (as pdb's message).
    fn message(&mut self, _text: &str) {}
    /// The program called `pdb.post_mortem()`: the prompt over the traceback's entries
    /// (`summary`: the exception's line; `exception`, when given one), until a command
    /// resumes.
    fn post_mortem(
        &mut self,
        _entries: Vec<(Frame, u32)>,
        _summary: &str,
        _exception: Option<Value>,
    ) {
    }
    /// Stop at the next instruction (`Event::Opcode`) rather than the next line.
    fn trace_opcodes(&self) -> bool {
        false
    }
    /// Changes whenever the stop state changes (`engine::locations`).
    fn generation(&self) -> u64 {
        0
    }
    fn call_is_dead(&self, code: &CodeRef<'_>) -> Option<DeadCall>;
    fn line_is_dead(&self, code: &CodeRef<'_>, line: u32) -> bool;
    fn return_is_dead(&self, _code: &CodeRef<'_>) -> bool {
        false
    }
    /// `Bdb::breakpoint_files_if_only_they_may_stop`; None (the default): any new frame
    /// may need its events.
    fn breakpoint_files_if_only_they_may_stop(&self) -> Option<Vec<String>> {
        None
    }
    /// The handler as itself, for the code that adopted it (`adopt`).
    fn as_any(&mut self) -> &mut dyn std::any::Any;
}

/// The handler of the running program, for the trace callbacks of every thread.
pub(crate) struct HandlerPtr(*mut dyn TraceHandler);

// SAFETY: the pointer is only dereferenced by a thread that holds the GIL, and by one
// thread at a time (BUSY), while `with_handler` keeps the handler borrowed.
unsafe impl Send for HandlerPtr {}

/// The current handler slot (null when none): loaded on every trace event, so an atomic
/// rather than a lock. Slots are boxed by `set_handler` and freed when replaced.
static HANDLER: AtomicPtr<HandlerPtr> = AtomicPtr::new(std::ptr::null_mut());
/// A handler call is under way (a stop being handled): further events are not traced.
pub(crate) static BUSY: AtomicBool = AtomicBool::new(false);
/// The stop-state generation (`engine::locations`) the backend has caught up with: what
/// it switched off, and the frames it let run untraced, are right for this generation.
/// Written by `with_handler` (a run starts) and `caught_up` alone.
pub(crate) static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Runs `body` with `handler` receiving the trace events of the code it runs; the
/// handler and the backend are put back however `body` ends.
pub(crate) fn with_handler<R>(handler: &mut dyn TraceHandler, body: impl FnOnce() -> R) -> R {
    let ptr: *mut (dyn TraceHandler + '_) = handler;
    // SAFETY: erasing the lifetime is sound because the pointer is only dereferenced by
    // the trace callbacks, which run while `body` runs, i.e. while `handler` is borrowed
    // here; the guard below takes it out of HANDLER again, also if `body` unwinds.
    let ptr: *mut (dyn TraceHandler + 'static) = unsafe { std::mem::transmute(ptr) };
    GENERATION.store(handler.generation(), Ordering::SeqCst);
    super::quit::run_starting();
    let mut previous = Some(set_handler(Some(HandlerPtr(ptr))));
    let _restore = OnExit(move || {
        backend::uninstall();
        backend::set_thread_tracing(false);
        if let Some(previous) = previous.take() {
            set_handler(previous);
        }
    });
    // Outside tracing: rdb's own calls into `threading` must not be traced.
    backend::set_thread_tracing(true);
    backend::install();
    body()
}

/// A generation no handler reaches (it leaves room for `+ 1` and a flag bit).
const NO_GENERATION: u64 = u64::MAX >> 2;

/// pdb's `debug`: while `body` runs (at a stop, with tracing off), `handler` gets the
/// trace events of the code `body` runs; then the stop's handler is back, with its
/// backend's state brought up to date at its next event.
pub fn nested<R>(handler: &mut dyn TraceHandler, body: impl FnOnce() -> R) -> R {
    let ptr: *mut (dyn TraceHandler + '_) = handler;
    // SAFETY: as in `with_handler`: the pointer is only used by trace callbacks while
    // `body` runs, and taken out of HANDLER again by the guard, also if `body` unwinds.
    let ptr: *mut (dyn TraceHandler + 'static) = unsafe { std::mem::transmute(ptr) };
    GENERATION.store(handler.generation(), Ordering::SeqCst);
    let mut previous = Some(set_handler(Some(HandlerPtr(ptr))));
    let busy = BUSY.swap(false, Ordering::SeqCst);
    let _restore = OnExit(move || {
        if let Some(previous) = previous.take() {
            set_handler(previous);
        }
        BUSY.store(busy, Ordering::SeqCst);
        // No handler has this generation: the outer one's next event catches up.
        GENERATION.store(NO_GENERATION, Ordering::SeqCst);
        backend::install();
    });
    backend::install();
    body()
}

/// `exec(code, globals, locals)` with rdb's tracer on, for `sys.call_tracing` at a stop
/// (`nested`): 3.11 only traces again once the trace function is set anew there.
unsafe extern "C" fn traced_exec(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("traced_exec", (3, 3), args, kwargs, traced_exec_body) }
}

fn traced_exec_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    backend::install();
    super::helpers::module(py, "builtins")?
        .getattr("exec")?
        .call1((args.get(0), args.get(1), args.get(2)))
}

/// The callable that runs a nested session's code (see `traced_exec`).
pub(crate) fn traced_exec_function(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    c_function(
        py,
        c"traced_exec",
        c"rdb: exec with tracing on.",
        traced_exec,
    )
}

/// rdb started from inside a running program (`rdb.set_trace()`): `handler` takes the
/// trace events of every thread from now on, for the rest of the process (it is leaked:
/// nothing outlives the process that could free it).
pub fn adopt(handler: Box<dyn TraceHandler>) {
    GENERATION.store(handler.generation(), Ordering::SeqCst);
    super::quit::run_starting();
    let _ = set_handler(Some(HandlerPtr(Box::into_raw(handler))));
    backend::adopted();
    backend::set_thread_tracing(true);
    backend::install();
}

/// An exception something at a stop raised for the program (a pytest hook's `Exit`):
/// the trace callback raises it when the stop ends.
static PENDING: std::sync::Mutex<Option<Py<PyAny>>> = std::sync::Mutex::new(None);

/// The program gets `exc` raised when the stop being handled ends.
pub fn raise_in_program(exc: Value) {
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = Some(exc.0);
}

/// The exception to raise in the program, if one is pending.
pub fn take_pending() -> Option<Value> {
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .map(Value)
}

pub(crate) fn set_handler(handler: Option<HandlerPtr>) -> Option<HandlerPtr> {
    let new = handler.map_or(std::ptr::null_mut(), |h| Box::into_raw(Box::new(h)));
    let old = HANDLER.swap(new, Ordering::SeqCst);
    // SAFETY: a non-null slot was made by Box::into_raw above and is no longer
    // reachable from HANDLER; handler calls happen under the GIL, which the caller holds.
    (!old.is_null()).then(|| *unsafe { Box::from_raw(old) })
}

/// Calls the handler unless one is already running (a breakpoint hit inside a command).
pub fn with_active<R>(f: impl FnOnce(&mut dyn TraceHandler) -> R) -> Option<R> {
    let slot = HANDLER.load(Ordering::Acquire);
    if slot.is_null() {
        return None;
    }
    // SAFETY: a non-null slot is a live Box made by `set_handler`; it is only freed by
    // `set_handler`, which runs on a thread holding the GIL, as this one does.
    let ptr = unsafe { (*slot).0 };
    if BUSY.swap(true, Ordering::SeqCst) {
        return None;
    }
    let _free = OnExit(|| BUSY.store(false, Ordering::SeqCst));
    // SAFETY: the pointer was set by `with_handler`, whose borrow is alive while the
    // program runs; BUSY guarantees no second &mut exists at the same time, and every
    // caller holds the GIL.
    Some(f(unsafe { &mut *ptr }))
}

/// The handler is at `generation` after an event of `frame`: if the stop state changed
/// since the backend last caught up, it catches up now.
pub(crate) fn caught_up(frame: &Frame, generation: u64) {
    if GENERATION.swap(generation, Ordering::SeqCst) != generation {
        backend::state_changed(frame);
    }
}

/// Whether a handler is installed (free or busy).
pub fn handler_installed() -> bool {
    !HANDLER.load(Ordering::SeqCst).is_null()
}

/// Whether a handler is installed and free to take an event: the backends' first check.
#[cfg_attr(not(Py_3_12), allow(dead_code))]
pub(crate) fn handler_idle() -> bool {
    !HANDLER.load(Ordering::Relaxed).is_null() && !BUSY.load(Ordering::Relaxed)
}

/// The facts bdb wants about an exception event, read without calling into Python.
pub(crate) fn exc_facts(kind: *mut ffi::PyObject, tb: *mut ffi::PyObject) -> ExcFacts {
    // SAFETY: reading the addresses of CPython's exception type singletons.
    let (stop, exit, none) = unsafe {
        (
            ffi::PyExc_StopIteration,
            ffi::PyExc_GeneratorExit,
            ffi::Py_None(),
        )
    };
    ExcFacts {
        is_stop_iteration: kind == stop,
        is_generator_exit: kind == exit,
        has_traceback: !tb.is_null() && tb != none,
    }
}

fn event_of(py: Python<'_>, what: c_int, arg: *mut ffi::PyObject) -> Option<Event<Value>> {
    let value = || {
        if arg.is_null() {
            Value(py.None())
        } else {
            // SAFETY: CPython passes a valid borrowed reference (or NULL, handled above).
            Value(unsafe { Bound::from_borrowed_ptr(py, arg) }.unbind())
        }
    };
    match what {
        ffi::PyTrace_CALL => Some(Event::Call),
        ffi::PyTrace_LINE => Some(Event::Line),
        ffi::PyTrace_RETURN => Some(Event::Return(value())),
        ffi::PyTrace_EXCEPTION => {
            let v = value();
            // The (type, value, traceback) tuple, read without calling into Python.
            let tuple = v.0.bind(py);
            let item = |i| {
                tuple
                    .get_item(i)
                    .map(|o| o.as_ptr())
                    .unwrap_or(std::ptr::null_mut())
            };
            let facts = exc_facts(item(0), item(2));
            Some(Event::Exception(facts, v))
        }
        _ => None,
    }
}

/// One trace event from the C tracer or from CPython's Python-level trampoline.
///
/// # Safety
/// GIL held; `frame` a valid frame; `arg` a borrowed reference or NULL.
pub(crate) unsafe fn handle_event(
    frame: *mut ffi::PyFrameObject,
    what: c_int,
    arg: *mut ffi::PyObject,
) -> c_int {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: guaranteed by the caller.
        let py = unsafe { Python::assume_attached() };
        if super::quit::quitting() {
            super::quit::raise_quit(py);
            return -1;
        }
        // SAFETY: as guaranteed by the caller.
        if unsafe { dead_location(py, frame, what) } {
            return 0;
        }
        let Some(event) = event_of(py, what, arg) else {
            return 0;
        };
        // SAFETY: `frame` is the valid frame the event belongs to.
        let f = unsafe { Frame::from_borrowed(py, frame) };
        if matches!(event, Event::Call) {
            backend::on_call_event();
        } else if !f.traced() {
            return 0;
        }
        match dispatch_event(py, &f, &event) {
            Err(Raise) => -1,
            Ok(Some(generation)) => {
                caught_up(&f, generation);
                0
            }
            Ok(None) => 0,
        }
    }));
    result.unwrap_or_else(|_| {
        internal_error();
        0
    })
}

/// A line or return event that cannot stop (`engine::locations`): not worth a dispatch,
/// the way sys.monitoring's `DISABLE` skips it.
///
/// # Safety
/// GIL held; `frame` a valid frame.
unsafe fn dead_location(py: Python<'_>, frame: *mut ffi::PyFrameObject, what: c_int) -> bool {
    if what != ffi::PyTrace_LINE && what != ffi::PyTrace_RETURN {
        return false;
    }
    // SAFETY: a valid frame; PyFrame_GetCode returns a new reference, which the Bound owns.
    let code =
        CodeRef::new(unsafe { Bound::from_owned_ptr(py, ffi::PyFrame_GetCode(frame).cast()) });
    with_active(|h| {
        if what == ffi::PyTrace_LINE {
            // SAFETY: a valid frame.
            let line = unsafe { ffi::PyFrame_GetLineNumber(frame) };
            u32::try_from(line).is_ok_and(|line| h.line_is_dead(&code, line))
        } else {
            h.return_is_dead(&code)
        }
    })
    .unwrap_or(false)
}

/// An exception is set for the callback to raise in the program: the user quit (rdb's
/// Quit), or a signal that came during a stop had a handler that raised.
pub(crate) struct Raise;

/// Hands one event of `f` to the handler and applies bdb's answer to the frame. The
/// handler's generation after the event, or None when no handler could take it.
pub(crate) fn dispatch_event(
    py: Python<'_>,
    f: &Frame,
    event: &Event<Value>,
) -> Result<Option<u64>, Raise> {
    if super::quit::quitting() {
        super::quit::raise_quit(py);
        return Err(Raise);
    }
    let Some((dispatch, wanted, generation)) =
        with_active(|h| (h.dispatch(f, event), h.tracing_wanted(), h.generation()))
    else {
        return Ok(None);
    };
    match dispatch {
        Dispatch::Trace if matches!(event, Event::Call) => f.set_traced(true),
        Dispatch::Quit => {
            backend::uninstall();
            f.set_traced(false);
            super::quit::quit_everywhere(py);
            match take_pending() {
                // The session's owner said how to quit (pytest's `Exit`).
                Some(exc) => PyErr::from_value(exc.0.into_bound(py)).restore(py),
                None => super::quit::raise_quit(py),
            }
            return Err(Raise);
        }
        _ => {}
    }
    if let Some(exc) = take_pending() {
        PyErr::from_value(exc.0.into_bound(py)).restore(py);
        return Err(Raise);
    }
    if !wanted {
        stop_tracing(f);
    }
    // A signal held during a stop (`signals::hold`) was delivered when the stop ended:
    // its handler runs now, in the program's frame, and what it raises is the program's.
    // SAFETY: GIL held; runs the pending Python-level signal handlers, if any.
    if unsafe { ffi::PyErr_CheckSignals() } < 0 {
        return Err(Raise);
    }
    Ok(Some(generation))
}

/// A panic caught in a callback (only without rdb's panic hook, which ends the process
/// first): say so once and stop tracing rather than abort the process.
pub(crate) fn internal_error() {
    eprintln!("rdb: internal error in the trace function; the debugger stops tracing");
    backend::uninstall();
}

/// rdb's tracer as a Python callable `(frame, event, arg)`: what `sys.gettrace()`
/// returns and what traced frames hold in `f_trace`. When the program does
/// `sys.settrace(sys.gettrace())`, CPython calls this through its trampoline and
/// tracing goes on unchanged; called by hand with anything but a frame and an event
/// name it raises `TypeError`, as a trace function written in Python would.
unsafe extern "C" fn trace_call(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("rdb_trace", (3, 3), args, kwargs, trace_call_body) }
}

fn trace_call_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let (frame, event, arg) = (args.get(0), args.get(1), args.get(2));
    // SAFETY: a type check of a live object.
    if unsafe { ffi::PyFrame_Check(frame.as_ptr()) } == 0 {
        return Err(wrong_type("rdb_trace", "frame", "a frame"));
    }
    let event = event
        .cast::<PyString>()
        .map_err(|_| wrong_type("rdb_trace", "event", "a str"))?
        .to_cow()?;
    if !backend::TRACE_OBJECT_DISPATCHES {
        // Only a frame marker here: the events come from sys.monitoring. A tracer
        // the program set itself calls this for rdb's frames; it leaves them be.
        return none(py);
    }
    let what = match event.as_ref() {
        "call" => ffi::PyTrace_CALL,
        "exception" => ffi::PyTrace_EXCEPTION,
        "line" => ffi::PyTrace_LINE,
        "return" => ffi::PyTrace_RETURN,
        // CPython's trampoline passes this too; rdb has nothing to do for it.
        "opcode" => return Ok(trace_object(py).into_bound(py)),
        _ => {
            return Err(wrong_type(
                "rdb_trace",
                "event",
                "'call', 'line', 'return', 'exception' or 'opcode'",
            ))
        }
    };
    if what == ffi::PyTrace_EXCEPTION && arg.cast::<PyTuple>().map_or(true, |t| t.len() != 3) {
        return Err(wrong_type(
            "rdb_trace",
            "arg",
            "an (exception type, value, traceback) tuple for an 'exception' event",
        ));
    }
    let frame_ptr = frame.as_ptr().cast::<ffi::PyFrameObject>();
    // SAFETY: GIL held, `frame` is a frame, `arg` borrowed for the call.
    if unsafe { handle_event(frame_ptr, what, arg.as_ptr()) } < 0 {
        return Err(PyErr::fetch(py));
    }
    if Frame::from_bound(&frame).traced() {
        // Keep tracing this frame.
        Ok(trace_object(py).into_bound(py))
    } else {
        none(py)
    }
}

static TRACE_OBJECT: OnceLock<Py<PyAny>> = OnceLock::new();

/// The Python object standing for rdb's tracer (one for every thread).
pub(crate) fn trace_object(py: Python<'_>) -> Py<PyAny> {
    TRACE_OBJECT
        .get_or_init(|| {
            c_function(py, c"rdb_trace", c"rdb's trace function", trace_call)
                .expect("rdb's trace function object")
                .unbind()
        })
        .clone_ref(py)
}

/// rdb's tracer object, once made (null before), without the GIL.
#[cfg(not(Py_3_12))]
pub(crate) fn trace_object_ptr() -> *mut ffi::PyObject {
    TRACE_OBJECT
        .get()
        .map_or(std::ptr::null_mut(), |o| o.as_ptr())
}

/// bdb's `set_continue` with no breakpoints: no trace function, no local traces.
fn stop_tracing(frame: &Frame) {
    backend::uninstall();
    let mut f = Some(frame.clone());
    while let Some(cur) = f {
        cur.set_traced(false);
        f = cur.back();
    }
}
