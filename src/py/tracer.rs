//! What both tracing backends share: the `TraceHandler` that receives the program's
//! call/line/return/exception events, the dispatch of one event to it, rdb's tracer as a
//! Python object, and rdb's `sys.breakpointhook`, SIGINT handler and fork hook.
//! The backend (`legacy`: a C trace function; `monitoring`: sys.monitoring on 3.12+)
//! decides which events reach `dispatch_event`.

use std::cell::Cell;
use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use std::sync::OnceLock;

use pyo3::ffi;
use pyo3::prelude::*;

use super::backend;
use super::frame::{CodeRef, Frame};
use super::value::Value;
use crate::engine::{DeadCall, Dispatch, Event, ExcFacts, FrameView};

/// Receives every trace event of the program (the session's bdb/pdb layer).
pub trait TraceHandler {
    /// A run is about to start; `mainpyfile` is the canonical file of its main code.
    fn start(&mut self, mainpyfile: &str);
    fn dispatch(&mut self, frame: &Frame, event: &Event<Value>) -> Dispatch;
    /// False after `continue` with no breakpoints: tracing is then switched off.
    fn tracing_wanted(&self) -> bool;
    /// The program called `breakpoint()`: stop in `frame` at its next event.
    fn set_trace(&mut self, frame: &Frame);
    /// Ctrl-C while the program runs: pause it in `frame` at its next event.
    fn interrupted(&mut self, frame: &Frame);
    /// Stop at the next instruction (`Event::Opcode`) rather than the next line.
    fn trace_opcodes(&self) -> bool;
    /// Changes whenever the stop state changes (`engine::locations`).
    fn generation(&self) -> u64;
    fn call_is_dead(&self, code: &CodeRef<'_>) -> Option<DeadCall>;
    fn line_is_dead(&self, code: &CodeRef<'_>, line: u32) -> bool;
    fn return_is_dead(&self, code: &CodeRef<'_>) -> bool;
}

thread_local! {
    static LAST_SIGINT: Cell<Option<std::time::Instant>> = const { Cell::new(None) };
    static QUIT: Py<PyAny> = Python::attach(|py| {
        py.eval(c"type('Quit', (BaseException,), {'__module__': 'rdb'})", None, None)
            .expect("Quit class")
            .unbind()
    });
}

/// The handler of the running program, for the trace callbacks of every thread.
struct HandlerPtr(*mut dyn TraceHandler);

// SAFETY: the pointer is only dereferenced by a thread that holds the GIL, and by one
// thread at a time (BUSY), while `with_handler` keeps the handler borrowed.
unsafe impl Send for HandlerPtr {}

/// The current handler slot (null when none): loaded on every trace event, so an atomic
/// rather than a lock. Slots are boxed by `set_handler` and freed when replaced.
static HANDLER: AtomicPtr<HandlerPtr> = AtomicPtr::new(std::ptr::null_mut());
/// A handler call is under way (a stop being handled): further events are not traced.
static BUSY: AtomicBool = AtomicBool::new(false);
/// The handler's generation (`engine::locations`) as of its last call, for hot paths that
/// must not call it.
pub(crate) static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The exception rdb raises in the program when the user quits.
pub(crate) fn quit_exception(py: Python<'_>) -> Bound<'_, PyAny> {
    QUIT.with(|q| q.bind(py).clone())
}

/// Runs `body` with `handler` receiving the trace events of the code it runs.
pub(crate) fn with_handler<R>(handler: &mut dyn TraceHandler, body: impl FnOnce() -> R) -> R {
    let ptr: *mut (dyn TraceHandler + '_) = handler;
    // SAFETY: erasing the lifetime is sound because the pointer is only dereferenced by
    // the trace callbacks, which run on this thread while `body` runs, i.e. while
    // `handler` is borrowed here; it is taken out of HANDLER again below.
    let ptr: *mut (dyn TraceHandler + 'static) = unsafe { std::mem::transmute(ptr) };
    GENERATION.store(handler.generation(), Ordering::SeqCst);
    let previous = set_handler(Some(HandlerPtr(ptr)));
    // Outside tracing: rdb's own calls into `threading` must not be traced.
    backend::set_thread_tracing(true);
    backend::install();
    let out = body();
    backend::uninstall();
    backend::set_thread_tracing(false);
    set_handler(previous);
    out
}

fn set_handler(handler: Option<HandlerPtr>) -> Option<HandlerPtr> {
    let new = handler.map_or(std::ptr::null_mut(), |h| Box::into_raw(Box::new(h)));
    let old = HANDLER.swap(new, Ordering::SeqCst);
    // SAFETY: a non-null slot was made by Box::into_raw above and is no longer
    // reachable from HANDLER; handler calls happen under the GIL, which the caller holds.
    (!old.is_null()).then(|| *unsafe { Box::from_raw(old) })
}

/// Calls the handler unless one is already running (a breakpoint hit inside a command).
pub(crate) fn with_active<R>(f: impl FnOnce(&mut dyn TraceHandler) -> R) -> Option<R> {
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
    // SAFETY: the pointer was set by `with_handler`, whose borrow is alive while the
    // program runs; BUSY guarantees no second &mut exists at the same time, and every
    // caller holds the GIL.
    let out = f(unsafe { &mut *ptr });
    BUSY.store(false, Ordering::SeqCst);
    Some(out)
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
            Err(Quit) => -1,
            Ok(Some(generation)) => {
                backend::state_changed(&f, generation);
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

/// The user quit: the program is being aborted and the Quit exception is set.
pub(crate) struct Quit;

/// Hands one event of `f` to the handler and applies bdb's answer to the frame. The
/// handler's generation after the event, or None when no handler could take it.
pub(crate) fn dispatch_event(
    py: Python<'_>,
    f: &Frame,
    event: &Event<Value>,
) -> Result<Option<u64>, Quit> {
    let Some((dispatch, wanted, generation)) =
        with_active(|h| (h.dispatch(f, event), h.tracing_wanted(), h.generation()))
    else {
        return Ok(None);
    };
    GENERATION.store(generation, Ordering::Relaxed);
    match dispatch {
        Dispatch::Trace if matches!(event, Event::Call) => f.set_traced(true),
        Dispatch::Quit => {
            backend::uninstall();
            f.set_traced(false);
            // SAFETY: GIL held; PyErr_SetNone takes a borrowed exception type.
            unsafe { ffi::PyErr_SetNone(quit_exception(py).as_ptr()) };
            return Err(Quit);
        }
        _ => {}
    }
    if !wanted {
        stop_tracing(f);
    }
    Ok(Some(generation))
}

/// A panic in a callback: say so once and stop tracing rather than abort the process.
pub(crate) fn internal_error() {
    eprintln!("rdb: internal error in the trace function; the debugger stops tracing");
    backend::uninstall();
}

/// rdb's tracer as a Python callable: what `sys.gettrace()` returns and what traced
/// frames hold in `f_trace`. When the program does `sys.settrace(sys.gettrace())`,
/// CPython calls this through its trampoline and tracing goes on unchanged.
unsafe extern "C" fn trace_call(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    if !backend::TRACE_OBJECT_DISPATCHES {
        // Only a frame marker here: the events come from sys.monitoring. A tracer the
        // program set itself calls this for rdb's frames; it leaves them as they are.
        // SAFETY: returning a new reference to None.
        return unsafe { ffi::Py_NewRef(ffi::Py_None()) };
    }
    // SAFETY: CPython calls this with the GIL held and `args` a tuple.
    let py = unsafe { Python::assume_attached() };
    // SAFETY: as above; borrowed for the call.
    let args = unsafe { Bound::from_borrowed_ptr(py, args) };
    let parsed = args
        .extract::<(Bound<'_, PyAny>, String, Bound<'_, PyAny>)>()
        .ok();
    let Some((frame, event, arg)) = parsed else {
        // SAFETY: returning a new reference to None.
        return unsafe { ffi::Py_NewRef(ffi::Py_None()) };
    };
    let what = match event.as_str() {
        "call" => ffi::PyTrace_CALL,
        "exception" => ffi::PyTrace_EXCEPTION,
        "line" => ffi::PyTrace_LINE,
        "return" => ffi::PyTrace_RETURN,
        _ => return trace_object(py).into_ptr(),
    };
    let frame_ptr = frame.as_ptr().cast::<ffi::PyFrameObject>();
    // SAFETY: GIL held, `frame` is the event's frame, `arg` borrowed for the call.
    if unsafe { handle_event(frame_ptr, what, arg.as_ptr()) } < 0 {
        return std::ptr::null_mut();
    }
    if Frame::from_bound(&frame).traced() {
        // Keep tracing this frame.
        trace_object(py).into_ptr()
    } else {
        // SAFETY: a new reference to None.
        unsafe { ffi::Py_NewRef(ffi::Py_None()) }
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

/// bdb's `set_continue` with no breakpoints: no trace function, no local traces.
fn stop_tracing(frame: &Frame) {
    backend::uninstall();
    let mut f = Some(frame.clone());
    while let Some(cur) = f {
        cur.set_traced(false);
        f = cur.back();
    }
}

/// Runs `f` on the handler with the frame the program is executing (the caller of a C
/// function such as `breakpoint()`), then makes sure tracing is on. False when no handler
/// could take it (none, or one already busy at a prompt).
fn pause_running_frame(f: impl FnOnce(&mut dyn TraceHandler, &Frame)) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: called from C functions CPython invokes with the GIL held.
        let py = unsafe { Python::assume_attached() };
        // SAFETY: GIL held; a borrowed reference to the running Python frame, or NULL.
        let cur = unsafe { ffi::PyEval_GetFrame() };
        if cur.is_null() {
            return false;
        }
        // SAFETY: `cur` is a valid frame (borrowed), the GIL is held.
        let frame = unsafe { Frame::from_borrowed(py, cur) };
        let state = with_active(|h| {
            f(h, &frame);
            (h.generation(), h.trace_opcodes())
        });
        if let Some((generation, opcodes)) = state {
            GENERATION.store(generation, Ordering::SeqCst);
            backend::install();
            backend::state_changed(&frame, generation);
            if opcodes {
                backend::trace_opcodes(&frame);
            }
        }
        state.is_some()
    }))
    .unwrap_or(false)
}

/// `sys.breakpointhook` while rdb runs the program: stop at the caller's next event.
unsafe extern "C" fn breakpoint_hook(
    _slf: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    pause_running_frame(|h, frame| h.set_trace(frame));
    // SAFETY: returning a new reference to None, as a C function must.
    unsafe { ffi::Py_NewRef(ffi::Py_None()) }
}

/// The SIGINT handler: pause a running program (pdb's `sigint_handler`); at a prompt,
/// where the handler is busy, interrupt what is waiting (raise KeyboardInterrupt).
unsafe extern "C" fn sigint_handler(
    _slf: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // A second Ctrl-C soon after the first: the program did not get to pause (stuck in
    // C code, such as a long sleep), so interrupt it for real, as plain Python would.
    let now = std::time::Instant::now();
    let repeated = LAST_SIGINT
        .with(|t| t.replace(Some(now)))
        .is_some_and(|t| now.duration_since(t) < std::time::Duration::from_secs(1));
    if !repeated && pause_running_frame(|h, frame| h.interrupted(frame)) {
        // SAFETY: returning a new reference to None, as a C function must.
        unsafe { ffi::Py_NewRef(ffi::Py_None()) }
    } else {
        // SAFETY: GIL held; sets KeyboardInterrupt and reports failure with NULL.
        unsafe { ffi::PyErr_SetNone(ffi::PyExc_KeyboardInterrupt) };
        std::ptr::null_mut()
    }
}

pub(crate) type CFunc = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *mut ffi::PyObject,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;

/// A Python callable for a C function taking `(*args, **kwargs)`.
pub(crate) fn c_function<'py>(
    py: Python<'py>,
    name: &'static std::ffi::CStr,
    doc: &'static std::ffi::CStr,
    meth: CFunc,
) -> PyResult<Bound<'py, PyAny>> {
    let meth = ffi::PyMethodDefPointer {
        PyCFunctionWithKeywords: meth,
    };
    builtin(py, name, doc, meth, ffi::METH_VARARGS | ffi::METH_KEYWORDS)
}

/// A Python callable for a C function with the given calling convention. The definition
/// is leaked: CPython requires a PyMethodDef to outlive every function made from it, and
/// rdb makes each once.
pub(crate) fn builtin<'py>(
    py: Python<'py>,
    name: &'static std::ffi::CStr,
    doc: &'static std::ffi::CStr,
    meth: ffi::PyMethodDefPointer,
    flags: std::os::raw::c_int,
) -> PyResult<Bound<'py, PyAny>> {
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: meth,
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }));
    // SAFETY: `def` lives for the rest of the process; the GIL is held.
    unsafe {
        let f = ffi::PyCFunction_NewEx(def, std::ptr::null_mut(), std::ptr::null_mut());
        Bound::from_owned_ptr_or_err(py, f)
    }
}

/// Installs rdb's `sys.breakpointhook` (whatever PYTHONBREAKPOINT says) and its SIGINT
/// handler. All are C functions, so no rdb frame ever appears in the program's stack.
pub(crate) fn install_hooks(py: Python<'_>) -> PyResult<()> {
    let hook = c_function(
        py,
        c"breakpointhook",
        c"rdb's breakpoint(): stop in the debugger.",
        breakpoint_hook,
    )?;
    py.import("sys")?.setattr("breakpointhook", hook)?;
    let handler = c_function(
        py,
        c"sigint_handler",
        c"rdb: Ctrl-C pauses the program.",
        sigint_handler,
    )?;
    let signal = py.import("signal")?;
    signal.call_method1("signal", (signal.getattr("SIGINT")?, handler))?;
    let after_fork = c_function(
        py,
        c"after_fork_in_child",
        c"rdb: a forked child runs undebugged.",
        after_fork_in_child,
    )?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("after_in_child", after_fork)?;
    py.import("os")?
        .call_method("register_at_fork", (), Some(&kwargs))?;
    Ok(())
}

/// In a child made by `fork()` (multiprocessing's workers too): no tracing, no debugger,
/// and nothing that touches the parent's terminal; the child runs undebugged.
unsafe extern "C" fn after_fork_in_child(
    _slf: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    backend::uninstall();
    // The child's copy of the parent's handler must never run.
    let _ = set_handler(None);
    BUSY.store(false, Ordering::SeqCst);
    super::io_hooks::forget_in_child();
    // SAFETY: returning a new reference to None, as a C function must.
    unsafe { ffi::Py_NewRef(ffi::Py_None()) }
}
