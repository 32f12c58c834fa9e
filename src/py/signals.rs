//! Signals while the program is stopped: a handler the program installed (SIGALRM's, say)
//! must run in the program's code when it resumes, not inside rdb's own Python code at
//! the stop (where its exception would be lost). So at a stop the thread blocks the
//! signals a program handles — not SIGINT (Ctrl-C at the prompt), SIGWINCH (the
//! interface's resizes), SIGTERM/SIGHUP/SIGQUIT (which end rdb, terminal restored) or
//! the ones faults raise; rdb's own threads block them too (`crate::threads`), so a
//! signal that comes meanwhile waits, and is delivered when the program resumes.

/// The signal mask as it was before a stop; put back when dropped.
pub struct Held {
    previous: libc::sigset_t,
}

/// Holds the program's signals on the calling thread until the returned value is dropped.
pub fn hold() -> Held {
    let previous = crate::threads::block_signals_except(&[
        libc::SIGINT,
        libc::SIGWINCH,
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGQUIT,
    ]);
    Held { previous }
}

impl Drop for Held {
    fn drop(&mut self) {
        // A stop is handled on one thread from start to end: the mask is this thread's.
        crate::threads::restore_signals(&self.previous);
    }
}
