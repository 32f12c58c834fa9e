//! Time limits for code rdb runs in the paused program on its own behalf (a variable's
//! `__repr__`): past the limit, the watchdog thread raises `ReprTimeout` in the thread
//! that armed it (whichever thread is stopped), with `PyThreadState_SetAsyncExc`, so a
//! repr that never returns cannot freeze rdb. One stop is handled at a time, so one
//! deadline at a time.

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use pyo3::ffi;
use pyo3::prelude::*;

#[derive(Default)]
struct State {
    /// Generation of the armed deadline, if any.
    armed: Option<(u64, Instant)>,
    generation: u64,
    /// The Python thread that armed it.
    thread: std::os::raw::c_ulong,
    fired: bool,
}

struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
    /// The exception type to raise.
    exc: usize,
}

static WATCHDOG: OnceLock<Watchdog> = OnceLock::new();

fn watchdog() -> Option<&'static Watchdog> {
    WATCHDOG.get()
}

/// Sets the watchdog up; `exc` is the exception type to raise (kept alive by the helpers
/// module for the whole run). Its thread starts with the first deadline, so that a
/// program that forks before rdb ever needed one is single-threaded, as under pdb (3.12
/// warns about forking a process with threads).
pub(crate) fn start(exc: &Bound<'_, PyAny>) {
    let dog = Watchdog {
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
        exc: exc.as_ptr() as usize,
    };
    let _ = WATCHDOG.set(dog);
}

/// The watchdog's thread, started once.
fn ensure_running(dog: &'static Watchdog) {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        crate::threads::spawn(move || run(dog));
    });
}

fn run(dog: &'static Watchdog) {
    let mut state = dog.state.lock().expect("watchdog lock");
    loop {
        let Some((generation, deadline)) = state.armed else {
            state = dog.wake.wait(state).expect("watchdog lock");
            continue;
        };
        let now = Instant::now();
        if now < deadline {
            state = dog
                .wake
                .wait_timeout(state, deadline - now)
                .expect("watchdog lock")
                .0;
            continue;
        }
        // Take the GIL without holding the lock, then check the same deadline still stands.
        drop(state);
        Python::attach(|_py| {
            let mut s = dog.state.lock().expect("watchdog lock");
            if s.armed.map(|(g, _)| g) == Some(generation) && !s.fired {
                s.fired = true;
                // SAFETY: GIL held; the exception type outlives the run; the thread id is
                // a Python thread's (an id no longer running is simply not found).
                unsafe {
                    ffi::PyThreadState_SetAsyncExc(
                        s.thread as std::os::raw::c_long,
                        dog.exc as *mut ffi::PyObject,
                    )
                };
            }
        });
        state = dog.state.lock().expect("watchdog lock");
        if state.armed.map(|(g, _)| g) == Some(generation) {
            // Fired (or disarmed meanwhile): wait for the next arming.
            state = dog.wake.wait(state).expect("watchdog lock");
        }
    }
}

fn this_thread() -> std::os::raw::c_ulong {
    // SAFETY: no preconditions.
    unsafe { ffi::PyThread_get_thread_ident() }
}

/// Arms a deadline `ms` from now for the calling thread (GIL held).
pub(crate) fn arm(ms: u64) {
    let Some(dog) = watchdog() else {
        return;
    };
    ensure_running(dog);
    let mut s = dog.state.lock().expect("watchdog lock");
    s.generation += 1;
    s.thread = this_thread();
    s.armed = Some((s.generation, Instant::now() + Duration::from_millis(ms)));
    s.fired = false;
    dog.wake.notify_one();
}

/// Disarms (GIL held). A timeout that fired but was not delivered yet (the code was in C
/// and returned on its own) is delivered now, into a no-op function, and dropped. (Clearing
/// it with `PyThreadState_SetAsyncExc(id, NULL)` instead leaves CPython's eval breaker
/// set for good, which slows every later call.)
pub(crate) fn disarm() {
    let Some(dog) = watchdog() else {
        return;
    };
    let fired = {
        let mut s = dog.state.lock().expect("watchdog lock");
        if s.thread != this_thread() {
            return;
        }
        s.armed = None;
        dog.wake.notify_one();
        std::mem::take(&mut s.fired)
    };
    if fired {
        // SAFETY: the GIL is held by the caller.
        let py = unsafe { Python::assume_attached() };
        let _ = super::helpers::helper(py, "absorb_timeout").call0();
    }
}
