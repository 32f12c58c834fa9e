//! Time limits for code rdb runs in the paused program on its own behalf (a variable's
//! `__repr__`): past the limit, the watchdog thread raises `ReprTimeout` in it, with
//! `PyThreadState_SetAsyncExc`, so a repr that never returns cannot freeze rdb.

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use pyo3::ffi;
use pyo3::prelude::*;

#[derive(Default)]
struct State {
    /// Generation of the armed deadline, if any.
    armed: Option<(u64, Instant)>,
    generation: u64,
    fired: bool,
}

struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
    /// The Python thread's id and the exception type to raise there.
    target: (std::os::raw::c_ulong, usize),
}

static WATCHDOG: OnceLock<Watchdog> = OnceLock::new();

fn watchdog() -> Option<&'static Watchdog> {
    WATCHDOG.get()
}

/// Starts the watchdog thread for the calling (Python) thread; `exc` is the exception
/// type to raise (kept alive by the helpers module for the whole run).
pub(crate) fn start(exc: &Bound<'_, PyAny>) {
    // SAFETY: GIL held; PyThread_get_thread_ident has no preconditions.
    let tid = unsafe { ffi::PyThread_get_thread_ident() };
    let dog = Watchdog {
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
        target: (tid, exc.as_ptr() as usize),
    };
    if WATCHDOG.set(dog).is_err() {
        return;
    }
    std::thread::spawn(|| run(watchdog().expect("just set")));
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
                // the Python thread's.
                unsafe {
                    ffi::PyThreadState_SetAsyncExc(
                        dog.target.0 as std::os::raw::c_long,
                        dog.target.1 as *mut ffi::PyObject,
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

/// Arms a deadline `ms` from now (called from helpers.py, GIL held).
pub(crate) fn arm(ms: u64) {
    let Some(dog) = watchdog() else { return };
    let mut s = dog.state.lock().expect("watchdog lock");
    s.generation += 1;
    s.armed = Some((s.generation, Instant::now() + Duration::from_millis(ms)));
    s.fired = false;
    dog.wake.notify_one();
}

/// Disarms; clears a timeout that fired but was not delivered yet (GIL held).
pub(crate) fn disarm() {
    let Some(dog) = watchdog() else { return };
    let mut s = dog.state.lock().expect("watchdog lock");
    s.armed = None;
    if std::mem::take(&mut s.fired) {
        // SAFETY: GIL held; a NULL exception clears a pending asynchronous exception.
        unsafe {
            ffi::PyThreadState_SetAsyncExc(
                dog.target.0 as std::os::raw::c_long,
                std::ptr::null_mut(),
            )
        };
    }
    dog.wake.notify_one();
}
