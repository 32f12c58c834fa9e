//! rdb's own threads (the interface, its key reader, the program terminal's reader, the
//! repr watchdog) take no signal meant for the program: signals the program handles are
//! delivered to its own threads — at a stop, held until it resumes (`py::hold_signals`) —
//! and never run a handler in the middle of rdb's work. Only faults reach rdb's threads.

/// Spawns `f` on a thread that blocks every signal but the ones faults raise.
pub fn spawn<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    // SAFETY: sigset manipulation on local values and pthread_sigmask on the calling
    // thread with valid pointers; the new thread inherits the mask, and the calling
    // thread's own mask is put back right after.
    unsafe {
        let mut block = std::mem::zeroed::<libc::sigset_t>();
        libc::sigfillset(&mut block);
        for sig in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGFPE,
            libc::SIGILL,
            libc::SIGABRT,
            libc::SIGTRAP,
        ] {
            libc::sigdelset(&mut block, sig);
        }
        let mut previous = std::mem::zeroed::<libc::sigset_t>();
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut previous);
        let handle = std::thread::spawn(f);
        libc::pthread_sigmask(libc::SIG_SETMASK, &previous, std::ptr::null_mut());
        handle
    }
}
