//! rdb's own threads (the interface, its key reader, the program terminal's reader, the
//! repr watchdog) take no signal meant for the program: signals the program handles are
//! delivered to its own threads — at a stop, held until it resumes (`py::hold_signals`) —
//! and never run a handler in the middle of rdb's work. Only faults reach rdb's threads.

use libc::c_int;

/// The signals a fault raises: never blocked, wherever they happen.
pub const FAULTS: [c_int; 6] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGFPE,
    libc::SIGILL,
    libc::SIGABRT,
    libc::SIGTRAP,
];

/// Blocks every signal but `keep` (and the faults) on the calling thread; returns the
/// mask it had, for `restore_signals`.
pub fn block_signals_except(keep: &[c_int]) -> libc::sigset_t {
    // SAFETY: sigset manipulation on local values, and pthread_sigmask on the calling
    // thread with valid pointers.
    unsafe {
        let mut block = std::mem::zeroed::<libc::sigset_t>();
        libc::sigfillset(&mut block);
        for &sig in FAULTS.iter().chain(keep) {
            libc::sigdelset(&mut block, sig);
        }
        let mut previous = std::mem::zeroed::<libc::sigset_t>();
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut previous);
        previous
    }
}

/// Puts back the calling thread's mask from `block_signals_except`.
pub fn restore_signals(previous: &libc::sigset_t) {
    // SAFETY: a mask saved on this thread by `block_signals_except`.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, previous, std::ptr::null_mut()) };
}

/// Spawns `f` on a thread that blocks every signal but the ones faults raise.
pub fn spawn<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    // The new thread inherits the mask; the calling thread's own is put back right after.
    let previous = block_signals_except(&[]);
    let handle = std::thread::spawn(f);
    restore_signals(&previous);
    handle
}
