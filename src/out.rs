//! rdb's own standard output and error: copies of descriptors 1 and 2 made before the
//! program runs, so that the transcript, prompts and messages go on whatever the program
//! does to `sys.stdout`, `sys.stderr` or the descriptors themselves. A reader that went
//! away (`rdb … | head`) ends rdb quietly, with the status of a process killed by
//! SIGPIPE, as command-line tools do.

use std::fs::File;
use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{FromRawFd, RawFd};
use std::sync::atomic::{AtomicI32, Ordering};

static OUT: AtomicI32 = AtomicI32::new(1);
static ERR: AtomicI32 = AtomicI32::new(2);

/// Takes rdb's own copies of standard output and error (once, before the program runs).
pub fn claim() {
    for (slot, fd) in [(&OUT, 1), (&ERR, 2)] {
        // SAFETY: dup of a descriptor; the copy is rdb's for the rest of the process.
        let copy = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
        if copy >= 0 {
            slot.store(copy, Ordering::SeqCst);
        }
    }
}

fn write_to(fd: RawFd, bytes: &[u8]) {
    // SAFETY: `fd` is 1, 2 or rdb's own copy, open for the whole process; the File is
    // never dropped, so it is never closed here.
    let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    match file.write_all(bytes) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            // SAFETY: ending the process at once; nothing more can be said to anyone.
            unsafe { libc::_exit(128 + libc::SIGPIPE) }
        }
        _ => {}
    }
}

/// Writes `text` to rdb's standard output.
pub fn print(text: &str) {
    write_to(OUT.load(Ordering::Relaxed), text.as_bytes());
}

/// Writes `text` to rdb's standard error.
pub fn eprint(text: &str) {
    write_to(ERR.load(Ordering::Relaxed), text.as_bytes());
}
