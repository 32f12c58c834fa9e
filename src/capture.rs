//! Captures the program's output at the file-descriptor level (so `print`, `os.write(1,
//! ...)` and child processes all land in the output pane) while the terminal UI owns
//! the real terminal; on exit, everything captured is written to the real terminal.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;

use crate::remote::ToUi;

struct Capture {
    saved: [RawFd; 2],
    log: Arc<Mutex<Log>>,
}

/// The most output kept for the terminal at exit.
const LOG_LIMIT: usize = 8 << 20;

/// The newest `LOG_LIMIT` bytes of the program's output, and how many came before.
#[derive(Default)]
struct Log {
    bytes: Vec<u8>,
    dropped: usize,
}

impl Log {
    fn push(&mut self, data: &[u8]) {
        self.bytes.extend_from_slice(data);
        // Trim in large steps so that a stream of small writes stays cheap.
        if self.bytes.len() > 2 * LOG_LIMIT {
            let excess = self.bytes.len() - LOG_LIMIT;
            self.bytes.drain(..excess);
            self.dropped += excess;
        }
    }
}

/// The capture in force, so that any way out (normal end, `os._exit`) can finish it.
static ACTIVE: Mutex<Option<Capture>> = Mutex::new(None);

fn check(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// Redirects fds 1 and 2 into pipes read by background threads; returns a handle on the
/// real terminal (the original stdout).
pub fn start(to_ui: Sender<ToUi>) -> io::Result<File> {
    let log = Arc::new(Mutex::new(Log::default()));
    let mut saved = [-1; 2];
    for (i, fd) in [1, 2].into_iter().enumerate() {
        let mut pipe = [0; 2];
        // SAFETY: plain POSIX calls on descriptors we own; results are checked.
        unsafe {
            saved[i] = check(libc::dup(fd))?;
            check(libc::pipe(pipe.as_mut_ptr()))?;
            check(libc::dup2(pipe[1], fd))?;
            libc::close(pipe[1]);
        }
        // SAFETY: pipe[0] is a fresh descriptor that the reader thread alone owns.
        let mut reader = unsafe { File::from_raw_fd(pipe[0]) };
        let (to_ui, log) = (to_ui.clone(), log.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().expect("log lock").push(&buf[..n]);
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                let _ = to_ui.send(ToUi::Output {
                    stderr: fd == 2,
                    text,
                });
            }
        });
    }
    // SAFETY: dup of the saved original stdout, owned by the returned File.
    let terminal = unsafe { File::from_raw_fd(check(libc::dup(saved[0]))?) };
    *ACTIVE.lock().expect("capture lock") = Some(Capture { saved, log });
    Ok(terminal)
}

/// Puts fds 1 and 2 back and writes everything the program printed to the terminal.
/// Does nothing when no capture is in force (so it may be called on every way out).
pub fn finish() {
    finish_with(false);
}

/// `finish` from the panic hook: locks are only tried, as the panicking thread may hold one.
pub fn finish_after_panic() {
    finish_with(true);
}

fn finish_with(panicking: bool) {
    let active = if panicking {
        ACTIVE.try_lock().ok()
    } else {
        Some(ACTIVE.lock().unwrap_or_else(|e| e.into_inner()))
    };
    let Some(capture) = active.and_then(|mut a| a.take()) else {
        return;
    };
    let _ = io::stdout().flush();
    for (i, fd) in [1, 2].into_iter().enumerate() {
        // SAFETY: restoring the descriptors saved in `start`.
        unsafe {
            libc::dup2(capture.saved[i], fd);
            libc::close(capture.saved[i]);
        }
    }
    // Let the readers drain what was written just before.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let log = if panicking {
        capture.log.try_lock().ok()
    } else {
        Some(capture.log.lock().unwrap_or_else(|e| e.into_inner()))
    };
    let Some(log) = log else { return };
    let mut out = io::stdout();
    let keep = log.bytes.len().min(LOG_LIMIT);
    let dropped = log.dropped + log.bytes.len() - keep;
    if dropped > 0 {
        let _ = writeln!(
            out,
            "[rdb: the program's first {dropped} bytes of output are not repeated here; the last {keep} follow]"
        );
    }
    let _ = out.write_all(&log.bytes[log.bytes.len() - keep..]);
    let _ = out.flush();
}

/// Makes the program's standard input `/dev/null` when it is the terminal (which the UI
/// needs for its keys; `input()` is answered through the UI instead).
pub fn detach_stdin_from_terminal() -> io::Result<()> {
    // SAFETY: isatty/open/dup2/close on descriptors we own; results are checked.
    unsafe {
        if libc::isatty(0) == 0 {
            return Ok(());
        }
        let null = check(libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY))?;
        check(libc::dup2(null, 0))?;
        libc::close(null);
    }
    Ok(())
}
