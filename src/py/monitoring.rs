//! The sys.monitoring backend (CPython 3.12+): rdb claims the debugger tool id, registers
//! C callbacks, and turns PEP 669 events into the call/line/return/exception events bdb
//! understands, the way CPython's own `sys.settrace` emulation (`legacy_tracing.c`) does.
//!
//! Speed comes from not being called: call, return and exception events are global, line
//! events are switched on only for code objects that have a traced frame, and every event
//! at a location that cannot stop (`engine::locations`) answers `DISABLE`. Every location
//! switched off is noted (`Off`); whenever the stop state changes (the engine's generation
//! changes) each is asked again, and only when one of them may stop now is everything
//! switched back on (`restart_events`, which re-instruments every code object as it next
//! runs: 3 ms for a 20,000-line module). Stepping with `next` or `until`, or continuing,
//! switches nothing on that could not stop before, so those steps cost nothing here.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};
use std::sync::Mutex;

use pyo3::ffi;
use pyo3::prelude::*;

use super::frame::{cached_code_info, code_info, CodeRef, Frame};
use super::tracer::{
    caught_up, dispatch_event, exc_facts, handler_idle, internal_error, with_active, TraceHandler,
};
use super::value::Value;
use crate::engine::{DeadCall, Event, FrameView};

/// `sys.monitoring.DEBUGGER_ID`.
const TOOL: i32 = 0;

mod events {
    pub const PY_START: u32 = 1;
    pub const PY_RESUME: u32 = 1 << 1;
    pub const PY_RETURN: u32 = 1 << 2;
    pub const PY_YIELD: u32 = 1 << 3;
    pub const LINE: u32 = 1 << 5;
    pub const INSTRUCTION: u32 = 1 << 6;
    pub const JUMP: u32 = 1 << 7;
    pub const STOP_ITERATION: u32 = 1 << 9;
    pub const RAISE: u32 = 1 << 10;
    pub const PY_UNWIND: u32 = 1 << 12;
    pub const PY_THROW: u32 = 1 << 13;
}

/// Events every code object reports while rdb traces.
const GLOBAL_EVENTS: u32 =
    events::PY_START | events::PY_RESUME | events::PY_THROW | events::PY_UNWIND | events::RAISE;
/// Events reported only by code objects with a traced frame.
const LOCAL_EVENTS: u32 =
    events::LINE | events::JUMP | events::PY_RETURN | events::PY_YIELD | events::STOP_ITERATION;

/// Frames are traced by rdb's own bookkeeping, not by CPython calling `f_trace`.
pub(crate) const TRACE_OBJECT_DISPATCHES: bool = false;

/// The tool id is claimed and the callbacks registered (once per process).
static CLAIMED: AtomicBool = AtomicBool::new(false);
/// The global events are on.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// `sys.monitoring.DISABLE` (a strong reference kept for the process).
static DISABLE: AtomicPtr<ffi::PyObject> = AtomicPtr::new(std::ptr::null_mut());
/// The `END_FOR` opcode (`dis.opmap`), -1 if unknown.
static END_FOR: AtomicI32 = AtomicI32::new(-1);

/// Code objects rdb has touched. Only used with the GIL held.
struct Codes {
    /// Local events are on for these.
    local: Vec<Py<PyAny>>,
    /// Instruction events are on for these (`trace_opcodes`) until the state changes.
    opcodes: Vec<Py<PyAny>>,
}

static CODES: Mutex<Codes> = Mutex::new(Codes {
    local: Vec::new(),
    opcodes: Vec::new(),
});

/// What a location answered `DISABLE` for (what is asked again when the state changes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Off {
    /// A start or resume, decided so (bdb's `dispatch_call` for its frames).
    Call(DeadCall),
    Line(u32),
    Return,
    Instruction,
}

/// The locations switched off since everything was last switched back on; past
/// `OFF_LIMIT` of them, the next change of state switches everything on without asking.
struct Ledger {
    off: Vec<(Py<PyAny>, Off)>,
    overflow: bool,
}

const OFF_LIMIT: usize = 100_000;

static LEDGER: Mutex<Ledger> = Mutex::new(Ledger {
    off: Vec::new(),
    overflow: false,
});

fn ledger() -> std::sync::MutexGuard<'static, Ledger> {
    LEDGER.lock().unwrap_or_else(|e| e.into_inner())
}

/// `code` answers DISABLE for `off`: noted, then the reply.
fn disable(code: &CodeRef<'_>, off: Off) -> Reply {
    let mut ledger = ledger();
    if ledger.off.len() < OFF_LIMIT {
        ledger.off.push((code.code.clone().unbind(), off));
    } else {
        ledger.overflow = true;
    }
    Reply::Disable
}

/// Whether a location switched off may stop in the handler's state now (None: the
/// handler cannot be asked).
fn may_stop_now(py: Python<'_>) -> Option<bool> {
    let ledger = ledger();
    if ledger.overflow {
        return Some(true);
    }
    ask(|h| {
        ledger.off.iter().any(|(code, off)| {
            let code = CodeRef::new(code.bind(py).clone());
            match *off {
                Off::Call(decision) => h.call_is_dead(&code) != Some(decision),
                Off::Line(line) => !h.line_is_dead(&code, line),
                Off::Return => !h.return_is_dead(&code),
                Off::Instruction => h.trace_opcodes(),
            }
        })
    })
}

/// Everything switched off is switched on again.
fn restart(mon: &Bound<'_, PyAny>) {
    let _ = mon.call_method0("restart_events");
    let noted = {
        let mut ledger = ledger();
        ledger.overflow = false;
        std::mem::take(&mut ledger.off)
    };
    // dropped unlocked: a code object going may run Python (a weakref's callback) that
    // gets here again
    drop(noted);
}

fn codes() -> std::sync::MutexGuard<'static, Codes> {
    CODES.lock().unwrap_or_else(|e| e.into_inner())
}

fn monitoring(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    super::helpers::module(py, "sys")?.getattr("monitoring")
}

/// rdb was started by the running program (`rdb.set_trace()`): nothing to note.
pub(crate) fn adopted() {}

/// Nothing to note: `sys.monitoring` sees every code start.
pub(crate) fn will_run(_code: &Bound<'_, PyAny>) {}

pub(crate) fn install() {
    Python::attach(|py| {
        if let Err(e) = try_install(py) {
            eprintln!("rdb: cannot trace with sys.monitoring: {e}");
        }
    });
}

fn try_install(py: Python<'_>) -> PyResult<()> {
    let mon = monitoring(py)?;
    if !CLAIMED.load(Ordering::SeqCst) {
        mon.call_method1("use_tool_id", (TOOL, "rdb"))?;
        for (event, name, callback) in CALLBACKS {
            let f = fastcall_function(py, name, callback)?;
            mon.call_method1("register_callback", (TOOL, event, f))?;
        }
        DISABLE.store(mon.getattr("DISABLE")?.into_ptr(), Ordering::SeqCst);
        let end_for = super::helpers::module(py, "dis")?
            .getattr("opmap")?
            .call_method1("get", ("END_FOR", -1))?
            .extract::<i32>()?;
        END_FOR.store(end_for, Ordering::SeqCst);
        CLAIMED.store(true, Ordering::SeqCst);
    }
    mon.call_method1("set_events", (TOOL, GLOBAL_EVENTS))?;
    ACTIVE.store(true, Ordering::SeqCst);
    Ok(())
}

/// No events at all: global ones off, local ones off on every code rdb switched on.
pub(crate) fn uninstall() {
    if !CLAIMED.load(Ordering::SeqCst) {
        return;
    }
    ACTIVE.store(false, Ordering::SeqCst);
    Python::attach(|py| {
        let Ok(mon) = monitoring(py) else { return };
        let _ = mon.call_method1("set_events", (TOOL, 0));
        let mut codes = codes();
        for code in codes.local.drain(..) {
            let code = code.bind(py);
            let _ = mon.call_method1("set_local_events", (TOOL, code, 0));
            code_info(code).local_events.store(false, Ordering::SeqCst);
        }
        super::unseen::forget();
        for code in codes.opcodes.drain(..) {
            let _ = mon.call_method1("set_local_events", (TOOL, code, 0));
        }
        drop(codes);
        restart(&mon);
    });
}

/// sys.monitoring covers every thread already.
pub(crate) fn set_thread_tracing(_on: bool) {}

pub(crate) fn on_call_event() {}

/// A frame became traced: its code reports line and return events from now on.
pub(crate) fn on_traced(frame: &Frame) {
    // SAFETY: frames are only traced by threads holding the GIL.
    let py = unsafe { Python::assume_attached() };
    let code = frame.code_ref(py);
    if code.info.local_events.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Ok(mon) = monitoring(py) {
        if mon
            .call_method1("set_local_events", (TOOL, &code.code, LOCAL_EVENTS))
            .is_ok()
        {
            codes().local.push(code.code.unbind());
            return;
        }
    }
    code.info.local_events.store(false, Ordering::SeqCst);
}

/// The stop state changed (`tracer::caught_up`): frames on this stack whose call events
/// were switched off get the tracing bdb would have given them, and every switched-off
/// location is switched back on.
pub(crate) fn state_changed(frame: &Frame) {
    // SAFETY: called from callbacks and C functions CPython runs with the GIL held.
    let py = unsafe { Python::assume_attached() };
    let opcodes: Vec<Py<PyAny>> = codes().opcodes.drain(..).collect();
    if let (false, Ok(mon)) = (opcodes.is_empty(), monitoring(py)) {
        for code in opcodes {
            let on = code_info(code.bind(py)).local_events.load(Ordering::SeqCst);
            let events = if on { LOCAL_EVENTS } else { 0 };
            let _ = mon.call_method1("set_local_events", (TOOL, code, events));
        }
    }
    if !ACTIVE.load(Ordering::SeqCst) {
        super::unseen::forget();
        return;
    }
    let restart_needed = may_stop_now(py) != Some(false);
    super::unseen::catch_up(frame, !restart_needed);
    if !restart_needed {
        return;
    }
    if let Ok(mon) = monitoring(py) {
        restart(&mon);
    }
}

/// bdb's `set_stepinstr` after `set_trace`: the frames from `frame` out report every
/// instruction until the stop state changes.
pub(crate) fn trace_opcodes(frame: &Frame) {
    // SAFETY: called from C functions CPython runs with the GIL held.
    let py = unsafe { Python::assume_attached() };
    let Ok(mon) = monitoring(py) else { return };
    let mut f = Some(frame.clone());
    while let Some(cur) = f {
        let code = cur.code_ref(py);
        let events = LOCAL_EVENTS | events::INSTRUCTION;
        if mon
            .call_method1("set_local_events", (TOOL, &code.code, events))
            .is_ok()
        {
            codes().opcodes.push(code.code.unbind());
        }
        f = cur.back();
    }
}

/// What a callback answers CPython.
enum Reply {
    Nothing,
    Disable,
    /// An exception is set (the user quit).
    Error,
}

type FastCall = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *mut *mut ffi::PyObject,
    ffi::Py_ssize_t,
) -> *mut ffi::PyObject;

const CALLBACKS: [(u32, &std::ffi::CStr, FastCall); 11] = [
    (events::INSTRUCTION, c"rdb_instruction", on_instruction),
    (events::PY_START, c"rdb_py_start", on_start),
    (events::PY_RESUME, c"rdb_py_resume", on_start),
    (events::PY_THROW, c"rdb_py_throw", on_throw),
    (events::PY_RETURN, c"rdb_py_return", on_return),
    (events::PY_YIELD, c"rdb_py_yield", on_return),
    (events::PY_UNWIND, c"rdb_py_unwind", on_unwind),
    (events::RAISE, c"rdb_raise", on_raise),
    (
        events::STOP_ITERATION,
        c"rdb_stop_iteration",
        on_stop_iteration,
    ),
    (events::LINE, c"rdb_line", on_line),
    (events::JUMP, c"rdb_jump", on_jump),
];

/// A Python callable for a METH_FASTCALL C function (no argument tuple per event).
fn fastcall_function<'py>(
    py: Python<'py>,
    name: &'static std::ffi::CStr,
    meth: FastCall,
) -> PyResult<Bound<'py, PyAny>> {
    let meth = ffi::PyMethodDefPointer {
        PyCFunctionFast: meth,
    };
    super::entry::builtin(
        py,
        name,
        c"rdb's sys.monitoring callback",
        meth,
        ffi::METH_FASTCALL,
    )
}

/// Whether a callback's arguments are what CPython passes for its event: the code
/// object, then `arity - 1` ints (offsets, a line), except the value or exception that
/// return and exception events pass last.
///
/// # Safety
/// GIL held; `args` valid borrowed references.
unsafe fn well_formed(args: &[*mut ffi::PyObject], arity: usize, last_is_value: bool) -> bool {
    let ints = if last_is_value { arity - 1 } else { arity };
    // SAFETY: type checks of live objects (the caller's borrowed arguments).
    let is_code = |a| unsafe { ffi::PyCode_Check(a) } != 0;
    // SAFETY: as above.
    let is_int = |&a| unsafe { ffi::PyLong_Check(a) } != 0;
    args.len() == arity && is_code(args[0]) && args[1..ints].iter().all(is_int)
}

/// Runs a callback body with its arguments, turning its reply (or a panic) into what
/// CPython expects back; a call by the program itself with other arguments than the
/// event's (`sys.monitoring.register_callback` hands rdb's callbacks out) raises
/// `TypeError`.
///
/// # Safety
/// Called by CPython with the GIL held and `nargs` valid borrowed arguments at `args`.
unsafe fn callback(
    name: &str,
    (arity, last_is_value): (usize, bool),
    args: *mut *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    body: impl FnOnce(Python<'_>, &[*mut ffi::PyObject]) -> Reply,
) -> *mut ffi::PyObject {
    let reply = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: guaranteed by the caller.
        let py = unsafe { Python::assume_attached() };
        // SAFETY: only masks the flag bit out of the count.
        let count = unsafe { ffi::PyVectorcall_NARGS(nargs as usize) } as usize;
        let args = if args.is_null() || count == 0 {
            &[][..]
        } else {
            // SAFETY: CPython passes `count` arguments (the flag bit masked out).
            unsafe { std::slice::from_raw_parts(args, count) }
        };
        // SAFETY: GIL held, borrowed arguments.
        if !unsafe { well_formed(args, arity, last_is_value) } {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "{name}() takes a code object and the arguments of its sys.monitoring event"
            ))
            .restore(py);
            return Reply::Error;
        }
        if !handler_idle() {
            return Reply::Nothing;
        }
        body(py, args)
    }))
    .unwrap_or_else(|_| {
        internal_error();
        Reply::Nothing
    });
    match reply {
        // SAFETY: a new reference to None.
        Reply::Nothing => unsafe { ffi::Py_NewRef(ffi::Py_None()) },
        // SAFETY: a new reference to DISABLE, which the static keeps alive.
        Reply::Disable => unsafe { ffi::Py_NewRef(DISABLE.load(Ordering::Relaxed)) },
        Reply::Error => std::ptr::null_mut(),
    }
}

/// Every event's first argument: the code object.
fn code_arg<'py>(py: Python<'py>, args: &[*mut ffi::PyObject]) -> CodeRef<'py> {
    CodeRef::new(borrowed(py, args[0]))
}

/// Whether some frame of the event's code is traced (its local events are on): the
/// exception events, which cannot be switched off, are dropped here for all other code
/// without building anything.
fn has_traced_frames(args: &[*mut ffi::PyObject]) -> bool {
    // SAFETY: the event's code object, borrowed for the callback; the GIL is held.
    unsafe { cached_code_info(args[0]) }.is_some_and(|i| i.local_events.load(Ordering::Relaxed))
}

fn int_arg(args: &[*mut ffi::PyObject], i: usize) -> i64 {
    // SAFETY: offsets and line numbers are ints; a failed conversion gives -1.
    let n = unsafe { ffi::PyLong_AsLong(args[i]) };
    if n == -1 {
        // SAFETY: GIL held; clears a conversion error, if any.
        unsafe { ffi::PyErr_Clear() };
    }
    n
}

/// Asks the handler a question (None when it is busy with a stop or absent).
fn ask<R>(f: impl FnOnce(&dyn TraceHandler) -> R) -> Option<R> {
    with_active(|h| f(h))
}

/// Hands the event to bdb in the running frame (only a traced frame gets anything but
/// calls), and catches up with a stop-state change it caused.
fn dispatch_current(py: Python<'_>, event: Event<Value>) -> Reply {
    // SAFETY: GIL held; a borrowed reference to the running frame, or NULL.
    let ptr = unsafe { ffi::PyEval_GetFrame() };
    if ptr.is_null() {
        return Reply::Nothing;
    }
    // SAFETY: a valid frame, GIL held.
    let frame = unsafe { Frame::from_borrowed(py, ptr) };
    if !matches!(event, Event::Call) && !frame.traced() {
        return Reply::Nothing;
    }
    match dispatch_event(py, &frame, &event) {
        Err(_) => Reply::Error,
        Ok(Some(generation)) => {
            caught_up(&frame, generation);
            Reply::Nothing
        }
        Ok(None) => Reply::Nothing,
    }
}

/// A call event whose location can be switched off; `can_disable` is false for the
/// events CPython does not let a tool switch off.
fn call_event(py: Python<'_>, args: &[*mut ffi::PyObject], can_disable: bool) -> Reply {
    let code = code_arg(py, args);
    match ask(|h| h.call_is_dead(&code)) {
        None => Reply::Nothing,
        Some(None) => dispatch_current(py, Event::Call),
        Some(Some(decision)) => {
            if decision == DeadCall::Traced {
                super::unseen::note(&code);
            }
            if can_disable {
                disable(&code, Off::Call(decision))
            } else {
                Reply::Nothing
            }
        }
    }
}

/// The C entry points CPython calls, one per event, each running its body (a function
/// of the event's arguments) through `callback`.
/// (arity, whether the last argument is a value rather than an int) of each event.
const OFFSET: (usize, bool) = (2, false);
const OFFSET_VALUE: (usize, bool) = (3, true);
const TWO_OFFSETS: (usize, bool) = (3, false);

macro_rules! entry_points {
    ($($name:ident $shape:ident => $body:expr),* $(,)?) => {$(
        unsafe extern "C" fn $name(
            _slf: *mut ffi::PyObject,
            args: *mut *mut ffi::PyObject,
            nargs: ffi::Py_ssize_t,
        ) -> *mut ffi::PyObject {
            // SAFETY: CPython calls a monitoring callback with the GIL held and `nargs`
            // borrowed arguments (checked against the event's shape before use).
            unsafe { callback(stringify!($name), $shape, args, nargs, $body) }
        }
    )*};
}

entry_points! {
    on_start OFFSET => |py, a| call_event(py, a, true),
    on_throw OFFSET_VALUE => |py, a| call_event(py, a, false),
    on_return OFFSET_VALUE => return_event,
    on_unwind OFFSET_VALUE => unwind_event,
    on_raise OFFSET_VALUE => raise_event,
    on_stop_iteration OFFSET_VALUE => stop_iteration_event,
    on_instruction OFFSET => instruction_event,
    on_line OFFSET => |py, a| line_event(py, &code_arg(py, a), int_arg(a, 1)),
    on_jump TWO_OFFSETS => jump_event,
}

fn borrowed<'py>(py: Python<'py>, arg: *mut ffi::PyObject) -> Bound<'py, PyAny> {
    // SAFETY: an event argument, borrowed for the length of the callback; GIL held.
    unsafe { Bound::from_borrowed_ptr(py, arg) }
}

/// PY_RETURN, PY_YIELD: (code, offset, value).
fn return_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    let code = code_arg(py, a);
    match ask(|h| h.return_is_dead(&code)) {
        Some(true) => disable(&code, Off::Return),
        Some(false) => dispatch_current(py, Event::Return(Value(borrowed(py, a[2]).unbind()))),
        None => Reply::Nothing,
    }
}

/// PY_UNWIND: (code, offset, exception). Not a location: never disabled.
fn unwind_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    if !has_traced_frames(a) {
        return Reply::Nothing;
    }
    let code = code_arg(py, a);
    match ask(|h| h.return_is_dead(&code)) {
        Some(false) => dispatch_current(py, Event::Return(Value(py.None()))),
        _ => Reply::Nothing,
    }
}

/// RAISE, STOP_ITERATION: (code, offset, exception), given to bdb as sys.settrace's
/// `(type, value, traceback)`.
fn raise_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    if !has_traced_frames(a) {
        return Reply::Nothing;
    }
    let exc = borrowed(py, a[2]);
    let tb = exc
        .getattr(pyo3::intern!(py, "__traceback__"))
        .unwrap_or_else(|_| py.None().into_bound(py));
    let facts = exc_facts(exc.get_type().as_ptr(), tb.as_ptr());
    let Ok(tuple) = pyo3::types::PyTuple::new(py, [exc.get_type().into_any(), exc, tb]) else {
        return Reply::Nothing;
    };
    dispatch_current(
        py,
        Event::Exception(facts, Value(tuple.into_any().unbind())),
    )
}

/// STOP_ITERATION: (code, offset, exception). The one a `for` loop's `END_FOR` reports
/// for a generator that ended is never seen under `sys.settrace` (its instrumentation of
/// every branch keeps `FOR_ITER` from running the generator inline, so the loop never
/// reaches `END_FOR` then), so bdb never gets it; rdb's would come or not depending on
/// whether CPython had specialised that `FOR_ITER`.
fn stop_iteration_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    if !has_traced_frames(a) {
        return Reply::Nothing;
    }
    let end_for = END_FOR.load(Ordering::Relaxed);
    if end_for >= 0 {
        let at = usize::try_from(int_arg(a, 1)).unwrap_or(usize::MAX);
        // the de-instrumented bytecode: END_FOR, whatever CPython made of it meanwhile
        let op = borrowed(py, a[0])
            .getattr(pyo3::intern!(py, "co_code"))
            .ok()
            .and_then(|b| {
                b.cast::<pyo3::types::PyBytes>()
                    .ok()
                    .and_then(|b| b.as_bytes().get(at).copied())
            });
        if op.map(i32::from) == Some(end_for) {
            return Reply::Nothing;
        }
    }
    raise_event(py, a)
}

/// INSTRUCTION: (code, offset), on only while bdb steps by instruction.
fn instruction_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    match ask(|h| h.trace_opcodes()) {
        Some(true) => dispatch_current(py, Event::Opcode),
        Some(false) => disable(&code_arg(py, a), Off::Instruction),
        None => Reply::Nothing,
    }
}

/// LINE: (code, line).
fn line_event(py: Python<'_>, code: &CodeRef<'_>, line: i64) -> Reply {
    let Ok(line) = u32::try_from(line) else {
        return Reply::Nothing;
    };
    match ask(|h| h.line_is_dead(code, line)) {
        Some(true) => disable(code, Off::Line(line)),
        Some(false) => dispatch_current(py, Event::Line),
        None => Reply::Nothing,
    }
}

/// JUMP: (code, source offset, destination offset), in bytes. sys.settrace reports a
/// line event for a backward jump within one line (a loop on one line); every other jump
/// is followed by a LINE event anyway.
fn jump_event(py: Python<'_>, a: &[*mut ffi::PyObject]) -> Reply {
    let (from, to) = (int_arg(a, 1), int_arg(a, 2));
    if to > from {
        return Reply::Disable;
    }
    let code = code_arg(py, a);
    let line_at = |offset: i64| {
        let offset = i32::try_from(offset).unwrap_or(0);
        // SAFETY: a code object and a byte offset into it; the GIL is held.
        unsafe { ffi::PyCode_Addr2Line(code.code.as_ptr().cast(), offset) }
    };
    let (from_line, to_line) = (line_at(from), line_at(to));
    if from_line != to_line {
        return Reply::Disable;
    }
    line_event(py, &code, i64::from(to_line))
}
