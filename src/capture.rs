//! The program's own terminal in the full-screen interface: a pseudo-terminal whose slave
//! end is the program's standard output and error — so `isatty()` is true, the two
//! streams arrive in the order they were written, and child processes write there too —
//! sized to the output pane. A reader thread drains the master end to the interface in
//! order, through a bounded queue (a program writing faster than the interface draws
//! waits, as it would for a slow terminal), and keeps the newest 8 MB to write to the
//! real terminal when rdb exits. At each stop the session asks for a mark: everything
//! the program wrote before the stop is sent first, then the mark.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

/// What the reader hands the interface, in the order the program wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    Bytes(Vec<u8>),
    /// Everything written before stop `id` has been sent.
    Mark(u64),
}

/// How many chunks may wait for the interface before the program's writes wait.
pub const QUEUE: usize = 64;

/// The most output kept for the terminal at exit.
const LOG_LIMIT: usize = 8 << 20;

/// Asks the reader for a mark, or to drain and stop (`STOP`).
const STOP: u64 = u64::MAX;

/// The newest `LOG_LIMIT` bytes of the program's output, and how many came before.
#[derive(Default)]
struct Log {
    bytes: VecDeque<u8>,
    dropped: usize,
}

impl Log {
    fn push(&mut self, data: &[u8]) {
        self.bytes.extend(data);
        if self.bytes.len() > LOG_LIMIT {
            let excess = self.bytes.len() - LOG_LIMIT;
            self.bytes.drain(..excess);
            self.dropped += excess;
        }
    }
}

struct Capture {
    /// The descriptors 1 and 2 were before.
    saved: [RawFd; 2],
    /// The pseudo-terminal's master end (for its size) and the slave end rdb holds.
    master: RawFd,
    slave: RawFd,
    /// The write end of the pipe that carries mark requests to the reader.
    requests: RawFd,
    log: Arc<Mutex<Log>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// The capture in force, so that any way out (normal end, `os._exit`) can finish it.
static ACTIVE: Mutex<Option<Capture>> = Mutex::new(None);

/// The newest mark the reader has sent, so `mark` can wait for it.
static MARKED: (Mutex<u64>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

fn check(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn winsize(rows: u16, cols: u16) -> libc::winsize {
    libc::winsize {
        ws_row: rows.max(1),
        ws_col: cols.max(1),
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

/// Makes the pseudo-terminal, `rows`×`cols`, and puts its slave end on descriptors 1
/// and 2; returns a handle on the real terminal (the original standard output). The
/// program's `TERM` says what the interface's terminal emulator understands.
pub fn start(out: Sender<Chunk>, rows: u16, cols: u16) -> io::Result<File> {
    let (mut master, mut slave) = (-1, -1);
    let size = winsize(rows, cols);
    // SAFETY: openpty fills two descriptors; the termios pointer may be NULL (default
    // line discipline: the program's "\n" arrives as "\r\n", as in a terminal).
    check(unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    })?;
    let mut saved = [-1; 2];
    let mut fds = [-1; 2];
    // SAFETY: plain POSIX calls on descriptors we own; results are checked.
    unsafe {
        for (i, fd) in [1, 2].into_iter().enumerate() {
            saved[i] = check(libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3))?;
            check(libc::dup2(slave, fd))?;
        }
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(slave, libc::F_SETFD, libc::FD_CLOEXEC);
        check(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC))?;
    }
    std::env::set_var("TERM", "xterm-256color");
    let log = Arc::new(Mutex::new(Log::default()));
    let reader = {
        let log = log.clone();
        let requests = fds[0];
        crate::threads::spawn(move || read_loop(master, requests, &out, &log))
    };
    // SAFETY: a fresh dup of the saved original stdout, owned by the returned File.
    let terminal = unsafe { File::from_raw_fd(check(libc::dup(saved[0]))?) };
    *ACTIVE.lock().unwrap_or_else(|e| e.into_inner()) = Some(Capture {
        saved,
        master,
        slave,
        requests: fds[1],
        log,
        reader: Some(reader),
    });
    Ok(terminal)
}

/// Reads the master end until told to stop: bytes as they come; on a request, first
/// everything already written, then the mark.
fn read_loop(master: RawFd, requests: RawFd, out: &Sender<Chunk>, log: &Mutex<Log>) {
    let mut buf = vec![0u8; 64 << 10];
    let mut deliver = |data: &[u8]| {
        log.lock().unwrap_or_else(|e| e.into_inner()).push(data);
        // The interface gone (rdb is ending): the log alone keeps it.
        let _ = out.send(Chunk::Bytes(data.to_vec()));
    };
    loop {
        let mut fds = [
            libc::pollfd {
                fd: master,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: requests,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfd entries.
        if unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) } < 0 {
            if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if fds[1].revents != 0 {
            let mut id = [0u8; 8];
            // SAFETY: reading 8 bytes into a buffer of 8 from our own pipe.
            if unsafe { libc::read(requests, id.as_mut_ptr().cast(), 8) } != 8 {
                return;
            }
            let id = u64::from_ne_bytes(id);
            let deadline = (id == STOP).then(|| Instant::now() + Duration::from_millis(200));
            drain(master, &mut buf, &mut deliver, deadline);
            if id == STOP {
                return;
            }
            let _ = out.send(Chunk::Mark(id));
            let (marked, sent) = &MARKED;
            *marked.lock().unwrap_or_else(|e| e.into_inner()) = id;
            sent.notify_all();
            continue;
        }
        if fds[0].revents & libc::POLLIN != 0 {
            // SAFETY: reading into our own buffer.
            let n = unsafe { libc::read(master, buf.as_mut_ptr().cast(), buf.len()) };
            if n > 0 {
                deliver(&buf[..n as usize]);
                continue;
            }
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR) != 0 {
            // No writer left for now (every slave copy closed): wait for requests only.
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Reads what the master end has now, without waiting; with a deadline, goes on
/// reading what writers still send until it passes (children finishing at exit).
fn drain(
    master: RawFd,
    buf: &mut [u8],
    deliver: &mut impl FnMut(&[u8]),
    deadline: Option<Instant>,
) {
    loop {
        let wait = deadline.map_or(0, |d| {
            d.saturating_duration_since(Instant::now()).as_millis() as i32
        });
        let mut fd = libc::pollfd {
            fd: master,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd entry.
        let ready = unsafe { libc::poll(&mut fd, 1, wait.min(20)) };
        if ready <= 0 || fd.revents & libc::POLLIN == 0 {
            if deadline.is_some_and(|d| Instant::now() < d) && ready == 0 {
                continue;
            }
            return;
        }
        // SAFETY: reading into our own buffer.
        let n = unsafe { libc::read(master, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return;
        }
        deliver(&buf[..n as usize]);
    }
}

/// Sends a request to the reader; false when no capture is in force.
fn request(id: u64) -> bool {
    let active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(c) = active.as_ref() else {
        return false;
    };
    // SAFETY: writing 8 bytes from a local buffer to our own pipe.
    unsafe { libc::write(c.requests, id.to_ne_bytes().as_ptr().cast(), 8) == 8 }
}

/// At stop `id` (or the end of a run): the interface gets everything written so far,
/// then `Chunk::Mark(id)`; returns once both are on their way, so that what the session
/// says next reaches the interface after them. (Ids grow; a reader that cannot send,
/// the interface gone, is not waited for long.)
pub fn mark(id: u64) {
    if !request(id) {
        return;
    }
    let (marked, sent) = &MARKED;
    let done = marked.lock().unwrap_or_else(|e| e.into_inner());
    let _ = sent.wait_timeout_while(done, Duration::from_millis(500), |m| *m < id);
}

/// The output pane is now `rows`×`cols`: the program's terminal takes that size, and the
/// program gets SIGWINCH, as a terminal window's programs do.
pub fn resize(rows: u16, cols: u16) {
    let active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(c) = active.as_ref() else { return };
    let size = winsize(rows, cols);
    // SAFETY: TIOCSWINSZ on our own master descriptor with a valid winsize; a signal to
    // this process, whose SIGWINCH does nothing unless the program (or the interface's
    // own resize watch) handles it.
    unsafe {
        libc::ioctl(c.master, libc::TIOCSWINSZ, &size);
        libc::kill(libc::getpid(), libc::SIGWINCH);
    }
}

/// Puts descriptors 1 and 2 back and writes everything the program printed to the
/// terminal. Does nothing when no capture is in force (so it may be called on every
/// way out).
pub fn finish() {
    finish_with(false);
}

/// `finish` from the panic hook: locks are only tried, as the panicking thread may hold
/// one, and the reader is not waited for.
pub fn finish_after_panic() {
    finish_with(true);
}

fn finish_with(panicking: bool) {
    let active = if panicking {
        ACTIVE.try_lock().ok()
    } else {
        Some(ACTIVE.lock().unwrap_or_else(|e| e.into_inner()))
    };
    let Some(mut capture) = active.and_then(|mut a| a.take()) else {
        return;
    };
    let _ = io::stdout().flush();
    // SAFETY: restoring the descriptors saved in `start` and closing rdb's copy of the
    // slave end; the request pipe is ours.
    unsafe {
        for (i, fd) in [1, 2].into_iter().enumerate() {
            libc::dup2(capture.saved[i], fd);
            libc::close(capture.saved[i]);
        }
        libc::close(capture.slave);
        libc::write(capture.requests, STOP.to_ne_bytes().as_ptr().cast(), 8);
    }
    if let (Some(reader), false) = (capture.reader.take(), panicking) {
        let _ = reader.join();
    }
    let log = if panicking {
        capture.log.try_lock().ok()
    } else {
        Some(capture.log.lock().unwrap_or_else(|e| e.into_inner()))
    };
    let Some(log) = log else { return };
    let mut out = io::stdout();
    if log.dropped > 0 {
        let _ = writeln!(
            out,
            "[rdb: the program's first {} bytes of output are not repeated here; the last {} follow]",
            log.dropped,
            log.bytes.len()
        );
    }
    let (a, b) = log.bytes.as_slices();
    let _ = out.write_all(a).and_then(|()| out.write_all(b));
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
