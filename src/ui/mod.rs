//! The only module that touches ratatui, crossterm and syntect: the full-screen
//! interface. It runs on its own thread, draws `App` (built from owned snapshots), and
//! talks to the Python thread through `remote`'s channels.

pub mod app;
pub mod console;
pub mod highlight;
pub mod keys;
pub mod page;
pub mod panes;
pub mod prompt;
mod source_text;
pub mod terminal;
pub mod timeline;
pub mod view;

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, EnterAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::remote::{FromUi, ToUi};
use app::{App, Effect};
use highlight::Highlighter;

/// The terminal's file descriptor while the UI owns it (-1 otherwise), for restoring it
/// from a panic hook or a signal.
static TERMINAL_FD: AtomicI32 = AtomicI32::new(-1);

/// The terminal's settings before rdb changed them, for the signal handler.
static SAVED_TERMIOS: OnceLock<libc::termios> = OnceLock::new();

/// Mouse reporting off (crossterm's DisableMouseCapture), the main screen back, the
/// cursor shown.
const LEAVE_SCREEN: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// SIGTERM/SIGHUP while the UI owns the terminal: give it back, then die of the signal.
/// Only async-signal-safe calls here.
extern "C" fn on_terminate(sig: libc::c_int) {
    let fd = TERMINAL_FD.load(Ordering::SeqCst);
    // SAFETY: tcsetattr, write, signal and raise are async-signal-safe; `fd` is the
    // terminal descriptor (or -1, skipped) and the termios was saved before raw mode.
    unsafe {
        if fd >= 0 {
            if let Some(t) = SAVED_TERMIOS.get() {
                libc::tcsetattr(fd, libc::TCSANOW, t);
            }
            libc::write(fd, LEAVE_SCREEN.as_ptr().cast(), LEAVE_SCREEN.len());
        }
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Restores the terminal when rdb is told to terminate or its terminal hangs up, and
/// when the program crashes the process (a segfault in an extension, an abort): the
/// signal then does what it would have done, with the terminal usable.
pub fn install_signal_handlers() {
    for sig in [
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGSEGV,
        libc::SIGBUS,
        libc::SIGFPE,
        libc::SIGILL,
        libc::SIGABRT,
    ] {
        // SAFETY: installing a handler that only makes async-signal-safe calls.
        unsafe { libc::signal(sig, on_terminate as *const () as libc::sighandler_t) };
    }
}

/// Held while a frame is written to the terminal, so that restoring the terminal (from
/// another thread: a panic, `os._exit`) waits for the frame and no part of it lands on
/// the main screen afterwards.
static DRAWING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The interface thread, which holds DRAWING while it draws (and must not wait for it).
static UI_THREAD: OnceLock<std::thread::ThreadId> = OnceLock::new();

/// The interface's writer to the terminal. Its descriptor is never closed while rdb runs:
/// another thread may be giving the terminal back through it (`restore_terminal`, from the
/// program's `os._exit` in a thread, say) just as this thread ends and drops its handle.
struct TerminalOut(std::mem::ManuallyDrop<File>);

impl Write for TerminalOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Puts the terminal back in cooked mode on the main screen. Safe to call more than once,
/// from any thread; no frame is drawn afterwards.
pub fn restore_terminal() {
    let fd = TERMINAL_FD.swap(-1, Ordering::SeqCst);
    if fd < 0 {
        return;
    }
    // A frame being written finishes first, unless this is the thread writing it (a
    // panic while drawing); a terminal that does not read for 5 s is not waited for.
    let wait = if UI_THREAD.get() == Some(&std::thread::current().id()) {
        std::time::Duration::ZERO
    } else {
        std::time::Duration::from_secs(5)
    };
    let deadline = std::time::Instant::now() + wait;
    let _frame = loop {
        match DRAWING.try_lock() {
            Ok(guard) => break Some(guard),
            Err(std::sync::TryLockError::Poisoned(e)) => break Some(e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Err(std::sync::TryLockError::WouldBlock) => break None,
        }
    };
    let _ = disable_raw_mode();
    write_fully(fd, LEAVE_SCREEN);
}

/// Writes all of `bytes` to `fd`, waiting (up to a second) for a terminal that is slow to
/// read, rather than leaving the screen half restored.
fn write_fully(fd: libc::c_int, mut bytes: &[u8]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    while !bytes.is_empty() && std::time::Instant::now() < deadline {
        // SAFETY: writing from a live slice to the terminal descriptor.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n > 0 {
            bytes = &bytes[n as usize..];
            continue;
        }
        let e = std::io::Error::last_os_error();
        if !matches!(
            e.kind(),
            io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
        ) {
            return;
        }
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLOUT,
            revents: 0,
        };
        // SAFETY: one valid pollfd entry.
        unsafe { libc::poll(&mut p, 1, 20) };
    }
}

/// On a panic: the terminal restored and the program's output given back, then rdb's report.
pub fn install_panic_hook() {
    crate::panic_report::install(|| {
        restore_terminal();
        crate::capture::finish_after_panic();
    });
}

fn stamp(file: &str) -> Option<std::time::SystemTime> {
    std::fs::metadata(file).and_then(|m| m.modified()).ok()
}

/// Reads the source pane's file when it is not cached, and runs a pending search.
fn load_source(app: &mut App, hl: &mut Highlighter) {
    if std::mem::take(&mut app.recheck_sources) {
        hl.forget_changed(stamp);
    }
    let Some(file) = app.source.file.clone() else {
        return;
    };
    if !hl.is_loaded(&file) {
        let text = std::fs::read(&file)
            .map(|b| source_text::decode(&b))
            .unwrap_or_default();
        hl.load(&file, &text, stamp(&file));
    }
    app.source.len = hl.line_count(&file) as u32;
    if let Some(forward) = app.search_pending.take() {
        let lines: Vec<&str> = (0..hl.line_count(&file))
            .filter_map(|i| hl.plain_line(&file, i))
            .collect();
        if !app.source.find(&lines, forward) {
            let pattern = app.source.search.clone().unwrap_or_default();
            app.notice = Some(format!("not found: {pattern}"));
        }
    }
}

/// How the interface starts.
#[derive(Clone, Debug)]
pub struct Options {
    /// Memory bound of the history of stops, in bytes.
    pub history_limit: usize,
    /// Start in presentation mode.
    pub present: bool,
    pub keymap: keys::Keymap,
    pub layout: crate::config::Layout,
    pub stack_order: crate::config::StackOrder,
    /// Lines kept above the screen of the program's terminal.
    pub scrollback: usize,
    /// Take the mouse.
    pub mouse: bool,
    pub theme: syntect::highlighting::Theme,
    /// Shown in the console when the interface starts (what was wrong with the
    /// configuration).
    pub notices: Vec<String>,
    /// A recording is shown, not a program: ← → Home End move through its steps.
    pub replay: bool,
}

impl Options {
    /// The interface a configuration asks for; a theme that cannot be loaded is reported
    /// as a configuration error and the default one used.
    pub fn from_config(
        config: &crate::config::Config,
        history_limit: usize,
        present: bool,
    ) -> (Options, Option<crate::config::ConfigError>) {
        let (theme, error) = match highlight::load_theme(&config.theme) {
            Ok(theme) => (theme, None),
            Err(message) => {
                let default = crate::config::Theme::Bundled(crate::config::DEFAULT_THEME.into());
                let error = crate::config::ConfigError::Entry {
                    file: config.source.clone().unwrap_or_default(),
                    key: "theme".into(),
                    message,
                };
                (
                    highlight::load_theme(&default).expect("bundled theme"),
                    Some(error),
                )
            }
        };
        let options = Options {
            history_limit,
            present,
            keymap: config.keys.clone(),
            layout: config.layout,
            stack_order: config.stack_order,
            scrollback: config.scrollback,
            mouse: config.mouse,
            theme,
            notices: Vec::new(),
            replay: false,
        };
        (options, error)
    }
}

/// With `RDB_TIMING=FILE`, the UI writes when it first painted a stop and how long each
/// key took to show its result (the benchmark in `benches/` reads it).
struct Timing {
    log: Option<File>,
    launched: std::time::Instant,
    painted_first_stop: bool,
    /// A key that sent a command to the session, waiting for the stop it leads to.
    step_at: Option<std::time::Instant>,
    /// Any key, waiting for the next paint.
    key_at: Option<std::time::Instant>,
}

impl Timing {
    fn new(launched: std::time::Instant) -> Timing {
        let log = std::env::var_os("RDB_TIMING").and_then(|p| File::create(p).ok());
        Timing {
            log,
            launched,
            painted_first_stop: false,
            step_at: None,
            key_at: None,
        }
    }

    fn key(&mut self) {
        self.key_at.get_or_insert_with(std::time::Instant::now);
    }

    fn step(&mut self) {
        self.step_at.get_or_insert_with(std::time::Instant::now);
    }

    fn painted(&mut self, stop_shown: bool) {
        if stop_shown
            && crate::panic_report::test_panic_requested()
                == Some(crate::panic_report::TestPanic::Ui)
        {
            panic!("RDB_TEST_PANIC is set");
        }
        let Some(log) = self.log.as_mut() else { return };
        if stop_shown && !self.painted_first_stop {
            self.painted_first_stop = true;
            let _ = writeln!(
                log,
                "first_paint_ms {:.3}",
                self.launched.elapsed().as_secs_f64() * 1e3
            );
        }
        let since = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1e3;
        if let Some(t) = self.key_at.take() {
            let _ = writeln!(log, "key_to_paint_ms {:.3}", since(t));
        }
        if stop_shown {
            if let Some(t) = self.step_at.take() {
                let _ = writeln!(log, "step_to_paint_ms {:.3}", since(t));
            }
        }
    }
}

/// Reads terminal events on a thread of its own, so the UI loop can wait on keys and on
/// the Python thread at once.
fn spawn_event_reader() -> Receiver<Event> {
    let (tx, rx) = crossbeam_channel::unbounded();
    crate::threads::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

/// The session's messages waiting now, each after the program output before it: how
/// many, or None when the session is over.
fn take_messages(
    from_python: &Receiver<ToUi>,
    output: &Receiver<crate::capture::Chunk>,
    app: &mut App,
    stop_shown: &mut bool,
) -> Option<usize> {
    let mut taken = 0;
    loop {
        match from_python.try_recv() {
            Ok(ToUi::Quit) | Err(TryRecvError::Disconnected) => return None,
            Ok(msg) => {
                *stop_shown |= matches!(msg, ToUi::Stopped(_));
                while let Ok(chunk) = output.try_recv() {
                    app.output_chunk(chunk);
                }
                app.update(msg);
                taken += 1;
            }
            Err(TryRecvError::Empty) => return Some(taken),
        }
    }
}

/// Does what the app asked for in answer to a key or a click.
fn apply(
    effects: Vec<Effect>,
    answers: &Sender<Option<String>>,
    to_python: &Sender<FromUi>,
    hooks: &Hooks,
    timing: &mut Timing,
) {
    for effect in effects {
        match effect {
            Effect::Send(FromUi::Input(line)) => {
                let _ = answers.send(line);
            }
            Effect::Send(msg) => {
                if msg == FromUi::Quit {
                    // A thread waiting in input() gets end of input.
                    let _ = answers.send(None);
                }
                timing.step();
                let _ = to_python.send(msg);
            }
            Effect::Interrupt => (hooks.interrupt)(),
            Effect::QuitNow => (hooks.quit)(),
            Effect::Exit => {}
        }
    }
}

/// The interface's ends of the channels to the Python thread and the program's terminal.
pub struct Channels {
    pub from_python: Receiver<ToUi>,
    pub to_python: Sender<FromUi>,
    /// Answers to the program's `input()` (`FromUi::Input`), kept apart from commands.
    pub answers: Sender<Option<String>>,
    /// What the program writes to its terminal.
    pub output: Receiver<crate::capture::Chunk>,
}

/// What the interface asks of the rest of rdb directly.
pub struct Hooks {
    /// Pause the running program (Ctrl-C).
    pub interrupt: fn(),
    /// End the running program now.
    pub quit: fn(),
    /// The program's terminal is now (rows, cols).
    pub resize: fn(u16, u16),
    /// Told once the interface has opened every descriptor it will use (the terminal's
    /// event source among them), so that they count as rdb's before the program runs.
    pub ready: std::sync::mpsc::Sender<()>,
}

/// The size (rows, cols) the program's terminal will have in the real terminal as it is
/// now, before the interface starts.
pub fn initial_output_size(options: &Options) -> (u16, u16) {
    let (cols, rows) = crossterm::terminal::size().unwrap_or((80, 24));
    let area = ratatui::layout::Rect::new(0, 0, cols, rows);
    view::areas(area, &options.layout, options.present).output_inner(options.present)
}

/// How long the loop lets the program's output keep it from drawing.
const FRAME: std::time::Duration = std::time::Duration::from_millis(16);

/// Runs the interface on `term` until the Python thread says `Quit` or goes away.
/// `launched` is when rdb started (for the first-paint time).
pub fn run(
    term: File,
    channels: Channels,
    hooks: Hooks,
    launched: std::time::Instant,
    options: Options,
) -> io::Result<()> {
    let mut saved = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills the struct when it returns 0; we only keep it then.
    if unsafe { libc::tcgetattr(term.as_raw_fd(), saved.as_mut_ptr()) } == 0 {
        // SAFETY: initialised by the successful tcgetattr above.
        let _ = SAVED_TERMIOS.set(unsafe { saved.assume_init() });
    }
    let _ = UI_THREAD.set(std::thread::current().id());
    enable_raw_mode()?;
    TERMINAL_FD.store(term.as_raw_fd(), Ordering::SeqCst);
    let mut out = TerminalOut(std::mem::ManuallyDrop::new(term));
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if options.mouse {
        execute!(out, crossterm::event::EnableMouseCapture)?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    let mut app = App::new();
    app.timeline = timeline::Timeline::new(options.history_limit);
    app.present = options.present;
    app.keymap = options.keymap;
    app.layout = options.layout;
    app.set_stack_order(options.stack_order);
    app.replay = options.replay;
    let size = terminal.size()?;
    let (rows, cols) = view::areas(size.into(), &app.layout, app.present).output_inner(app.present);
    app.output = terminal::OutputTerm::new(rows, cols, options.scrollback);
    app.output.recorded = options.replay;
    // The terminal may have changed size since the program's terminal was made.
    (hooks.resize)(rows, cols);
    for notice in options.notices {
        app.console
            .push(console::Kind::Note, &format!("rdb: {notice}"));
    }
    let mut hl = Highlighter::with_theme(options.theme);
    let mut timing = Timing::new(launched);
    // crossterm opens its event source (an epoll descriptor, a pipe for SIGWINCH) on
    // the first poll: here, before the program's first line, not on the reader thread
    // whenever it gets there.
    let _ = event::poll(std::time::Duration::ZERO);
    let events = spawn_event_reader();
    let _ = hooks.ready.send(());
    let Channels {
        from_python,
        to_python,
        answers,
        output,
    } = channels;
    let result = (|| -> io::Result<()> {
        let mut last_draw: Option<std::time::Instant> = None;
        let mut stale_shown = false;
        loop {
            let mut stop_shown = false;
            let mut urgent = last_draw.is_none();
            let wait = match last_draw {
                Some(t) if !urgent => FRAME
                    .saturating_sub(t.elapsed())
                    .max(std::time::Duration::from_millis(1)),
                _ => std::time::Duration::ZERO,
            };
            crossbeam_channel::select! {
                recv(from_python) -> msg => match msg {
                    Ok(ToUi::Quit) | Err(_) => return Ok(()),
                    Ok(msg) => {
                        stop_shown |= matches!(msg, ToUi::Stopped(_));
                        urgent = true;
                        // What the program wrote before the message comes first.
                        while let Ok(chunk) = output.try_recv() {
                            app.output_chunk(chunk);
                        }
                        app.update(msg);
                    }
                },
                recv(events) -> ev => match ev {
                    Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                        urgent = true;
                        timing.key();
                        // What the session said before the key was pressed (that the
                        // program runs, say) decides what the key does.
                        if take_messages(&from_python, &output, &mut app, &mut stop_shown).is_none() {
                            return Ok(());
                        }
                        let effects = app.key(key);
                        apply(effects, &answers, &to_python, &hooks, &mut timing);
                    }
                    Ok(Event::Mouse(mouse)) => {
                        urgent = true;
                        if take_messages(&from_python, &output, &mut app, &mut stop_shown).is_none() {
                            return Ok(());
                        }
                        let effects = app.mouse(mouse);
                        apply(effects, &answers, &to_python, &hooks, &mut timing);
                    }
                    Ok(Event::Resize(..)) => urgent = true,
                    Ok(_) => {}
                    Err(_) => return Ok(()),
                },
                recv(output) -> chunk => if let Ok(chunk) = chunk {
                    app.output_chunk(chunk);
                },
                default(wait) => {}
            }
            // Take what is already waiting before drawing once: messages all, output
            // for at most a frame's time, so keys stay answered during a flood.
            let budget = std::time::Instant::now();
            loop {
                match take_messages(&from_python, &output, &mut app, &mut stop_shown) {
                    None => return Ok(()),
                    Some(n) => urgent |= n > 0,
                }
                if budget.elapsed() > FRAME {
                    break;
                }
                match output.try_recv() {
                    Ok(chunk) => app.output_chunk(chunk),
                    Err(_) => break,
                }
            }
            let stale = !app.shows_stop();
            if stale != stale_shown {
                stale_shown = stale;
                urgent = true;
            }
            if !urgent && last_draw.is_some_and(|t| t.elapsed() < FRAME) {
                continue;
            }
            let size = terminal.size()?;
            app.too_small = view::too_small(size.into());
            if !app.too_small {
                let (rows, cols) =
                    view::areas(size.into(), &app.layout, app.present).output_inner(app.present);
                if app.output.resize(rows, cols) {
                    (hooks.resize)(rows, cols);
                }
            }
            app.sync_chrome();
            load_source(&mut app, &mut hl);
            {
                let _drawing = DRAWING.lock().unwrap_or_else(|e| e.into_inner());
                if TERMINAL_FD.load(Ordering::SeqCst) < 0 {
                    // The terminal was given back: nothing more is drawn.
                    return Ok(());
                }
                terminal.draw(|f| view::draw(f, &app, &mut hl))?;
            }
            last_draw = Some(std::time::Instant::now());
            timing.painted(stop_shown);
        }
    })();
    restore_terminal();
    result
}

#[cfg(test)]
mod tests;
