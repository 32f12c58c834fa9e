//! Tripwires (3.11): while hook-free runs are under way, each code object that may stop
//! asks for a frame no other code asks for, so that its next call, which CPython 3.11
//! inlines with no hook to see it, reaches rdb before the frame starts.
//!
//! A 3.11 frame is pushed on the thread's data stack, `co_nlocalsplus + co_stacksize +
//! specials` words, and a push that does not fit the current chunk takes a new chunk from
//! the arena allocator (`_PyObject_VirtualAlloc`). A wired code's `co_stacksize` is made
//! so large that its push never fits and takes a chunk of `TRIP_BYTES`, which no real
//! frame (nor obmalloc, whose arenas are 1 MiB) asks for. rdb's arena allocator, seeing
//! that size, takes the wires down and puts the hook and the tracer back before the frame
//! is initialised; the frame then starts traced and its call event reaches bdb, as though
//! the run had been traced throughout. The chunk is mapped, not touched: it costs a
//! mapping per trip, and the rest of the generation keeps the hook.
//!
//! `co_stacksize` is read by CPython only to size frames (the eval loop reads it in
//! assertions alone); a generator's code is never wired (a generator object holds its
//! frame inline). The program reads a wired code's own value: `code.co_stacksize` is
//! answered by a getter of rdb's, `code.replace()` gives the copy the code's own value,
//! and a frame's `__sizeof__` counts it. `marshal.dumps` of a wired code writes the
//! large one, and a frame object made for a running frame of a wired code (a traceback
//! through it) takes 1 MiB. Wires are up only while dead code runs hook-free.

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use pyo3::ffi;
use pyo3::prelude::*;

/// The chunk a wired code's frame push asks for (2 MiB; obmalloc's arenas are 1 MiB or
/// 256 KiB, and a real frame would need 64K words).
const TRIP_BYTES: usize = 1 << 21;
/// A wired code's `co_stacksize`: with its locals and `push_chunk`'s 1000 words of
/// overhead, more than 1 MiB and at most 2, so the chunk it rounds up to is
/// `TRIP_BYTES`; and more than half of it, so no chunk a trip mapped has room for
/// another wired frame.
const WIRED_STACK: c_int = 1 << 17;
/// Flags of codes whose frames live in their generator, coroutine or async generator.
const CO_GENERATORS: c_int = 0x20 | 0x80 | 0x100 | 0x200;

/// The head of 3.11's `PyCodeObject` (Include/cpython/code.h), up to `co_stacksize`.
#[repr(C)]
struct CodeHead {
    ob_base: ffi::PyVarObject,
    co_consts: *mut ffi::PyObject,
    co_names: *mut ffi::PyObject,
    co_exceptiontable: *mut ffi::PyObject,
    co_flags: c_int,
    co_warmup: i16,
    co_linearray_entry_size: i16,
    co_argcount: c_int,
    co_posonlyargcount: c_int,
    co_kwonlyargcount: c_int,
    co_stacksize: c_int,
}

/// The head of 3.11's `_PyCFrame` (Include/cpython/pystate.h).
#[repr(C)]
struct CFrameHead {
    use_tracing: u8,
}

/// The head of 3.11's `PyThreadState` (Include/cpython/pystate.h), up to `c_traceobj`.
#[repr(C)]
struct ThreadHead {
    prev: *mut c_void,
    next: *mut c_void,
    interp: *mut c_void,
    initialized: c_int,
    is_static: c_int,
    recursion_remaining: c_int,
    recursion_limit: c_int,
    recursion_headroom: c_int,
    tracing: c_int,
    tracing_what: c_int,
    cframe: *mut CFrameHead,
    c_profilefunc: Option<ffi::Py_tracefunc>,
    c_tracefunc: Option<ffi::Py_tracefunc>,
    c_profileobj: *mut ffi::PyObject,
    c_traceobj: *mut ffi::PyObject,
}

/// The arena allocator rdb's forwards to.
struct Original(ffi::PyObjectArenaAllocator);
// SAFETY: the allocator is only called with the GIL held; its context is CPython's.
unsafe impl Send for Original {}
// SAFETY: as above.
unsafe impl Sync for Original {}
static ORIGINAL: OnceLock<Original> = OnceLock::new();

/// The layouts above were checked against this Python, and the allocator is in place.
static READY: AtomicBool = AtomicBool::new(false);
/// The codes of the runs under way, with their own `co_stacksize`, and whether they are
/// wired now (a trip takes every wire down).
static WIRED: Mutex<Vec<Wire>> = Mutex::new(Vec::new());

struct Wire {
    code: Py<PyAny>,
    stacksize: c_int,
    up: bool,
}
static ANY_WIRED: AtomicBool = AtomicBool::new(false);
/// The thread whose hook-free runs the wires guard.
static MAIN: AtomicUsize = AtomicUsize::new(0);
/// Chunks of tripped frames that are still mapped (each frame keeps its own until it
/// returns).
static LIVE_TRIPS: AtomicUsize = AtomicUsize::new(0);
/// More live trips than this (recursion through a tripped function and dead code) and
/// nothing is wired until some return.
const MAX_LIVE_TRIPS: usize = 4;

/// The wire went off; given the thread state of the frame push (GIL held) and whether it
/// is the main thread's. It may only store: it runs inside CPython's frame allocation.
type OnTrip = fn(*mut ffi::PyThreadState, bool);
static ON_TRIP: OnceLock<OnTrip> = OnceLock::new();

/// Puts rdb's arena allocator in place, once, after checking the layouts against the
/// running Python: `tstate` traces with `trace_obj` now, `code` is a live code object.
pub(super) fn install(py: Python<'_>, trace_obj: *mut ffi::PyObject, on_trip: OnTrip) {
    if ORIGINAL.get().is_some() {
        return;
    }
    let layouts_hold = || -> Option<bool> {
        let code = crate::py::helpers::helper(py, "nested_codes")
            .getattr("__code__")
            .ok()?;
        let stacksize: c_int = code.getattr("co_stacksize").ok()?.extract().ok()?;
        let flags: c_int = code.getattr("co_flags").ok()?.extract().ok()?;
        // SAFETY: a live code object (held by `code`); the GIL is held.
        let head = unsafe { &*code.as_ptr().cast::<CodeHead>() };
        // SAFETY: the calling thread's state, GIL held.
        let ts = unsafe { &*ffi::PyThreadState_Get().cast::<ThreadHead>() };
        // SAFETY: the running eval loop's C frame, GIL held.
        let use_tracing = unsafe { (*ts.cframe).use_tracing };
        Some(
            head.co_stacksize == stacksize
                && head.co_flags == flags
                && ts.c_traceobj == trace_obj
                && ts.c_tracefunc.is_some()
                && use_tracing == 255,
        )
    };
    let _ = ON_TRIP.set(on_trip);
    if layouts_hold() != Some(true) {
        return;
    }
    let mut original = ffi::PyObjectArenaAllocator {
        ctx: std::ptr::null_mut(),
        alloc: None,
        free: None,
    };
    // SAFETY: the GIL is held; CPython copies the struct in and out.
    unsafe { ffi::PyObject_GetArenaAllocator(&mut original) };
    if original.alloc.is_none() || original.free.is_none() {
        return;
    }
    if hide().is_none() {
        return;
    }
    let _ = ORIGINAL.set(Original(original));
    let mut ours = ffi::PyObjectArenaAllocator {
        ctx: std::ptr::null_mut(),
        alloc: Some(alloc),
        free: Some(free),
    };
    // SAFETY: as above; every block the original gave out is freed through `free`, which
    // hands it back to the original.
    unsafe { ffi::PyObject_SetArenaAllocator(&mut ours) };
    // SAFETY: the calling thread's state, GIL held.
    MAIN.store(
        unsafe { ffi::PyThreadState_Get() } as usize,
        Ordering::SeqCst,
    );
    READY.store(true, Ordering::SeqCst);
}

/// `code.co_stacksize`, `code.replace` and `frame.__sizeof__` answer with a wired code's
/// own stack size.
fn hide() -> Option<()> {
    // SAFETY: the GIL is held; `PyCode_Type` and `PyFrame_Type` are ready static types;
    // their method tables are static arrays, which method descriptors read at each call.
    unsafe {
        let t = std::ptr::addr_of_mut!(ffi::PyCode_Type);
        let method = method_named(t, c"replace")
            .filter(|m| (**m).ml_flags == ffi::METH_FASTCALL | ffi::METH_KEYWORDS)?;
        let def = Box::leak(Box::new(ffi::PyGetSetDef {
            name: c"co_stacksize".as_ptr(),
            get: Some(stacksize),
            set: None,
            doc: std::ptr::null(),
            closure: std::ptr::null_mut(),
        }));
        let descr = ffi::PyDescr_NewGetSet(t, def);
        if descr.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let set = ffi::PyDict_SetItemString((*t).tp_dict, c"co_stacksize".as_ptr(), descr);
        ffi::Py_DecRef(descr);
        if set != 0 {
            ffi::PyErr_Clear();
            return None;
        }
        ffi::PyType_Modified(t);
        let sizeof = method_named(std::ptr::addr_of_mut!(ffi::PyFrame_Type), c"__sizeof__")
            .filter(|m| (**m).ml_flags == ffi::METH_NOARGS)?;
        let _ = REPLACE.set((*method).ml_meth.PyCFunctionFastWithKeywords);
        (*method).ml_meth = ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: replace,
        };
        let _ = FRAME_SIZEOF.set((*sizeof).ml_meth.PyCFunction);
        (*sizeof).ml_meth = ffi::PyMethodDefPointer {
            PyCFunction: frame_sizeof,
        };
    }
    Some(())
}

/// The entry of `t`'s method table named `name`.
///
/// # Safety
/// `t` is a ready static type; the GIL is held.
unsafe fn method_named(t: *mut ffi::PyTypeObject, name: &CStr) -> Option<*mut ffi::PyMethodDef> {
    // SAFETY: guaranteed by the caller; the table ends with a NULL name.
    unsafe {
        let mut method = (*t).tp_methods;
        while !method.is_null() && !(*method).ml_name.is_null() {
            if CStr::from_ptr((*method).ml_name) == name {
                return Some(method);
            }
            method = method.add(1);
        }
    }
    None
}

/// CPython's `frame.__sizeof__`.
static FRAME_SIZEOF: OnceLock<ffi::PyCFunction> = OnceLock::new();

unsafe extern "C" fn frame_sizeof(
    frame: *mut ffi::PyObject,
    unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(original) = FRAME_SIZEOF.get() else {
        return std::ptr::null_mut();
    };
    // SAFETY: CPython's own method, called as CPython called this one (GIL held).
    let size = unsafe { original(frame, unused) };
    if size.is_null() || !ANY_WIRED.load(Ordering::Relaxed) {
        return size;
    }
    // SAFETY: a frame object (the method's self), GIL held; PyFrame_GetCode returns a new
    // reference, released here; `size` is the int the original returned.
    unsafe {
        let code = ffi::PyFrame_GetCode(frame.cast()).cast::<ffi::PyObject>();
        let own = own_stacksize(code);
        let wired = (*code.cast::<CodeHead>()).co_stacksize;
        ffi::Py_DecRef(code);
        if own == wired {
            return size;
        }
        let bytes = ffi::PyLong_AsSsize_t(size);
        ffi::Py_DecRef(size);
        let extra =
            (wired - own) as ffi::Py_ssize_t * std::mem::size_of::<usize>() as ffi::Py_ssize_t;
        ffi::PyLong_FromSsize_t(bytes - extra)
    }
}

/// CPython's `code.replace`.
static REPLACE: OnceLock<ffi::PyCFunctionFastWithKeywords> = OnceLock::new();

/// A code's own `co_stacksize`, wired or not.
fn own_stacksize(code: *mut ffi::PyObject) -> c_int {
    if ANY_WIRED.load(Ordering::Relaxed) {
        let wired = WIRED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = wired.iter().find(|w| w.up && w.code.as_ptr() == code) {
            return w.stacksize;
        }
    }
    // SAFETY: a live code object (its getter or method is being called), GIL held.
    unsafe { (*code.cast::<CodeHead>()).co_stacksize }
}

unsafe extern "C" fn stacksize(code: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    // SAFETY: the GIL is held (a getter is being called).
    unsafe { ffi::PyLong_FromLong(own_stacksize(code).into()) }
}

unsafe extern "C" fn replace(
    code: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(original) = REPLACE.get() else {
        return std::ptr::null_mut();
    };
    // SAFETY: CPython's own method, called as CPython called this one (GIL held).
    let made = unsafe { original(code, args, nargs, kwnames) };
    let own = own_stacksize(code);
    if !made.is_null() && made != code {
        // SAFETY: a new code object `replace` made (3.11's layout), GIL held.
        let head = unsafe { &mut *made.cast::<CodeHead>() };
        if head.co_stacksize == WIRED_STACK && own != WIRED_STACK {
            head.co_stacksize = own;
        }
    }
    made
}

/// Whether `code` (may stop) can be wired: 3.11 checked, and not a generator's.
pub(super) fn can_wire(code: &Bound<'_, PyAny>) -> bool {
    READY.load(Ordering::Relaxed)
        && code
            .getattr("co_flags")
            .and_then(|f| f.extract::<c_int>())
            .is_ok_and(|f| f & CO_GENERATORS == 0)
}

/// Whether the calling thread's tracer is rdb's or none, so a trip can turn on rdb's.
pub(super) fn tracer_is_ours_or_none(trace_obj: *mut ffi::PyObject) -> bool {
    // SAFETY: the calling thread's state, GIL held.
    let ts = unsafe { &*ffi::PyThreadState_Get().cast::<ThreadHead>() };
    ts.c_traceobj.is_null() || ts.c_traceobj == trace_obj
}

/// Whether tripped frames hold so many chunks that nothing may be wired now.
pub(super) fn too_many_trips() -> bool {
    LIVE_TRIPS.load(Ordering::Relaxed) >= MAX_LIVE_TRIPS
}

/// Wires `codes` (live, may stop) for one hook-free run, until the guard drops. A run
/// nested in another starts only with the hook back, which the outer one then keeps when
/// the inner one ends: so every end takes the wires down.
pub(super) fn arm(py: Python<'_>, codes: &[Py<PyAny>]) -> impl Drop {
    let mut wired = WIRED.lock().unwrap_or_else(|e| e.into_inner());
    for code in codes {
        if !wired.iter().any(|w| w.code.is(code)) {
            // SAFETY: a live code object (3.11's layout, checked at install); the GIL is
            // held, and the reference kept in WIRED keeps it alive until it is dropped.
            let stacksize = unsafe { (*code.as_ptr().cast::<CodeHead>()).co_stacksize };
            wired.push(Wire {
                code: code.clone_ref(py),
                stacksize,
                up: false,
            });
        }
    }
    for wire in wired.iter_mut().filter(|w| !w.up) {
        // SAFETY: as above.
        unsafe { (*wire.code.as_ptr().cast::<CodeHead>()).co_stacksize = WIRED_STACK };
        wire.up = true;
    }
    ANY_WIRED.store(!wired.is_empty(), Ordering::SeqCst);
    drop(wired);
    crate::py::entry::OnExit(|| {
        let taken = {
            let mut wired = WIRED.lock().unwrap_or_else(|e| e.into_inner());
            unwire(&mut wired);
            std::mem::take(&mut *wired)
        };
        // Dropped outside the lock: a code's last reference may go with it.
        drop(taken);
    })
}

/// The wires down (the hook is back for the runs under way), until the next run.
pub(super) fn disarm() {
    if ANY_WIRED.load(Ordering::Relaxed) {
        unwire(&mut WIRED.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

/// Every wired code its own `co_stacksize` back (the codes stay listed: dropping a
/// reference may run a deallocator, which a trip must not).
fn unwire(wired: &mut [Wire]) {
    for wire in wired.iter_mut().filter(|w| w.up) {
        // SAFETY: WIRED holds a reference to each code; the GIL is held.
        unsafe { (*wire.code.as_ptr().cast::<CodeHead>()).co_stacksize = wire.stacksize };
        wire.up = false;
    }
    ANY_WIRED.store(false, Ordering::SeqCst);
}

/// Turns the calling thread's tracing on in place, with `func` and `obj` (a reference of
/// its own is taken), as `PyEval_SetTrace` would, without its audit event: this runs
/// inside a frame allocation, where no Python code may run. False if the thread traces
/// with something already.
///
/// # Safety
/// The GIL is held; `tstate` is the calling thread's state, which traces with nothing.
pub(super) unsafe fn trace_in_place(
    tstate: *mut ffi::PyThreadState,
    func: ffi::Py_tracefunc,
    obj: *mut ffi::PyObject,
) -> bool {
    // SAFETY: guaranteed by the caller; the layout was checked at install.
    unsafe {
        let ts = &mut *tstate.cast::<ThreadHead>();
        if !ts.c_traceobj.is_null() || ts.c_tracefunc.is_some() {
            return false;
        }
        ffi::Py_IncRef(obj);
        ts.c_traceobj = obj;
        ts.c_tracefunc = Some(func);
        (*ts.cframe).use_tracing = 255;
    }
    true
}

extern "C" fn alloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    if size == TRIP_BYTES && ANY_WIRED.load(Ordering::Relaxed) {
        trip();
    }
    let Some(Original(o)) = ORIGINAL.get() else {
        return std::ptr::null_mut();
    };
    // The original allocator, called as CPython would have.
    let block = o.alloc.map_or(std::ptr::null_mut(), |a| a(o.ctx, size));
    if size == TRIP_BYTES && !block.is_null() {
        LIVE_TRIPS.fetch_add(1, Ordering::Relaxed);
    }
    block
}

extern "C" fn free(_ctx: *mut c_void, ptr: *mut c_void, size: usize) {
    if size == TRIP_BYTES {
        LIVE_TRIPS.fetch_sub(1, Ordering::Relaxed);
    }
    if let Some(Original(o)) = ORIGINAL.get() {
        if let Some(f) = o.free {
            // A block the original allocator gave out (rdb's forwards them all).
            f(o.ctx, ptr, size)
        }
    }
}

/// A wired code's frame is being pushed, in any thread: the wires come down (another
/// thread's frames, traced by rdb's tracer already, would each take a mapping), and the
/// hook stays for the rest of the generation.
#[cold]
fn trip() {
    let result = std::panic::catch_unwind(|| {
        // SAFETY: the allocator is called with the GIL held, by a thread with a state.
        let tstate = unsafe { ffi::PyThreadState_Get() };
        // The lock is taken only with the GIL held, never across a frame push, so it is
        // free here.
        match WIRED.try_lock() {
            Ok(mut wired) => unwire(&mut wired),
            Err(std::sync::TryLockError::Poisoned(e)) => unwire(&mut e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => {}
        }
        // A code called once may be called often (a condition or an ignore count keeps
        // it from stopping): a mapping per call would cost more than the hook.
        super::refuse();
        if let Some(on_trip) = ON_TRIP.get() {
            on_trip(tstate, tstate as usize == MAIN.load(Ordering::Relaxed));
        }
    });
    if result.is_err() {
        std::process::abort();
    }
}
