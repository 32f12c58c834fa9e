//! rdb's own standard streams: copies of descriptors 0, 1 and 2 made before the program
//! runs, so that commands, the transcript, prompts and messages go on whatever the
//! program does to `sys.stdin`/`sys.stdout`/`sys.stderr` or to the descriptors
//! themselves. Commands are read a byte at a time, so rdb never takes more of standard
//! input than its own line and the program reads the rest (as pdb and the program share
//! one `sys.stdin`). A reader that went away (`rdb … | head`) ends rdb quietly, with the
//! status of a process killed by SIGPIPE, as command-line tools do.

use std::fs::File;
use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{FromRawFd, RawFd};
use std::sync::atomic::{AtomicI32, Ordering};

static IN: AtomicI32 = AtomicI32::new(0);
static OUT: AtomicI32 = AtomicI32::new(1);
static ERR: AtomicI32 = AtomicI32::new(2);

/// Takes rdb's own copies of the standard streams (once, before the program runs).
pub fn claim() {
    for (slot, fd) in [(&IN, 0), (&OUT, 1), (&ERR, 2)] {
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

/// One line of rdb's standard input, without its newline; `Ok(None)` at end of input.
/// Interrupted by a signal, it returns that error (the caller runs Python's handlers).
pub fn read_line() -> io::Result<Option<String>> {
    let fd = IN.load(Ordering::Relaxed);
    let mut line = Vec::new();
    loop {
        let mut byte = 0u8;
        // SAFETY: reading one byte into a local from rdb's own copy of descriptor 0.
        let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
        match n {
            1 if byte == b'\n' => break,
            1 => line.push(byte),
            0 if line.is_empty() => return Ok(None),
            0 => break,
            _ => return Err(io::Error::last_os_error()),
        }
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}
