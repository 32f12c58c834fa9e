//! The only module that touches ratatui, crossterm and syntect: the full-screen
//! interface. It runs on its own thread, draws `App` (built from owned snapshots), and
//! talks to the Python thread through `remote`'s channels.

pub mod app;
pub mod highlight;
pub mod keys;
pub mod panes;
mod source_text;
pub mod view;

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
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

const LEAVE_SCREEN: &[u8] = b"\x1b[?1049l\x1b[?25h";

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

/// Restores the terminal when rdb is told to terminate or its terminal hangs up.
pub fn install_signal_handlers() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: installing a handler that only makes async-signal-safe calls.
        unsafe { libc::signal(sig, on_terminate as *const () as libc::sighandler_t) };
    }
}

/// Puts the terminal back in cooked mode on the main screen. Safe to call more than once.
pub fn restore_terminal() {
    let fd = TERMINAL_FD.swap(-1, Ordering::SeqCst);
    if fd < 0 {
        return;
    }
    let _ = disable_raw_mode();
    // SAFETY: `fd` is the descriptor `run` duplicated for the terminal and has not been
    // closed (it is only closed through the File in `run`, after this swap to -1).
    let mut term = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    let _ = execute!(&mut *term, LeaveAlternateScreen, cursor::Show);
    let _ = term.flush();
}

/// On a panic: the terminal restored and the program's output given back, then rdb's report.
pub fn install_panic_hook() {
    crate::panic_report::install(|| {
        restore_terminal();
        crate::capture::finish_after_panic();
    });
}

fn load_source(app: &mut App, hl: &mut Highlighter) {
    let Some(file) = app.file.clone() else { return };
    if !hl.is_loaded(&file) {
        let text = std::fs::read(&file)
            .map(|b| source_text::decode(&b))
            .unwrap_or_default();
        hl.load(&file, &text);
    }
    app.file_len = hl.line_count(&file) as u32;
    if app.search_pending {
        let lines: Vec<&str> = (0..hl.line_count(&file))
            .filter_map(|i| hl.plain_line(&file, i))
            .collect();
        app.search_in(&lines);
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
    pub theme: syntect::highlighting::Theme,
    /// Shown in the output pane when the interface starts (what was wrong with the
    /// configuration).
    pub notices: Vec<String>,
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
            theme,
            notices: Vec::new(),
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
    key_at: Option<std::time::Instant>,
}

impl Timing {
    fn new(launched: std::time::Instant) -> Timing {
        let log = std::env::var_os("RDB_TIMING").and_then(|p| File::create(p).ok());
        Timing {
            log,
            launched,
            painted_first_stop: false,
            key_at: None,
        }
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
        if stop_shown {
            if let Some(t) = self.key_at.take() {
                let _ = writeln!(
                    log,
                    "key_to_paint_ms {:.3}",
                    t.elapsed().as_secs_f64() * 1e3
                );
            }
        }
    }
}

/// Reads terminal events on a thread of its own, so the UI loop can wait on keys and on
/// the Python thread at once.
fn spawn_event_reader() -> Receiver<Event> {
    let (tx, rx) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

/// The interface's ends of the channels to the Python thread.
pub struct Channels {
    pub from_python: Receiver<ToUi>,
    pub to_python: Sender<FromUi>,
    /// Answers to the program's `input()` (`FromUi::Input`), kept apart from commands.
    pub answers: Sender<Option<String>>,
}

/// Runs the interface on `term` until the Python thread says `Quit` or goes away.
/// `launched` is when rdb started (for the first-paint time).
pub fn run(
    term: File,
    channels: Channels,
    interrupt: fn(),
    launched: std::time::Instant,
    options: Options,
) -> io::Result<()> {
    let mut saved = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills the struct when it returns 0; we only keep it then.
    if unsafe { libc::tcgetattr(term.as_raw_fd(), saved.as_mut_ptr()) } == 0 {
        // SAFETY: initialised by the successful tcgetattr above.
        let _ = SAVED_TERMIOS.set(unsafe { saved.assume_init() });
    }
    enable_raw_mode()?;
    TERMINAL_FD.store(term.as_raw_fd(), Ordering::SeqCst);
    let mut out = term;
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    let mut app = App::new();
    app.history = crate::history::History::new(options.history_limit);
    app.present = options.present;
    app.keymap = options.keymap;
    app.layout = options.layout;
    app.stack_order = options.stack_order;
    for notice in options.notices {
        app.update(crate::remote::ToUi::Message(format!("rdb: {notice}")));
    }
    let mut hl = Highlighter::with_theme(options.theme);
    let mut timing = Timing::new(launched);
    let Channels {
        from_python,
        to_python,
        answers,
    } = channels;
    let events = spawn_event_reader();
    let result = (|| -> io::Result<()> {
        terminal.draw(|f| view::draw(f, &app, &mut hl))?;
        loop {
            let mut stop_shown = false;
            crossbeam_channel::select! {
                recv(from_python) -> msg => match msg {
                    Ok(ToUi::Quit) | Err(_) => return Ok(()),
                    Ok(msg) => {
                        stop_shown |= matches!(msg, ToUi::Stopped(_));
                        app.update(msg);
                    }
                },
                recv(events) -> ev => match ev {
                    Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                        for effect in app.key(key) {
                            match effect {
                                Effect::Send(FromUi::Input(line)) => {
                                    let _ = answers.send(line);
                                }
                                Effect::Send(msg) => {
                                    if msg == FromUi::Quit {
                                        // A thread waiting in input() gets end of input.
                                        let _ = answers.send(None);
                                    }
                                    timing.key_at.get_or_insert_with(std::time::Instant::now);
                                    let _ = to_python.send(msg);
                                }
                                Effect::Interrupt => interrupt(),
                                Effect::Exit => {}
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(_) => return Ok(()),
                },
            }
            // Take everything already waiting before drawing once.
            loop {
                match from_python.try_recv() {
                    Ok(ToUi::Quit) | Err(TryRecvError::Disconnected) => return Ok(()),
                    Ok(msg) => {
                        stop_shown |= matches!(msg, ToUi::Stopped(_));
                        app.update(msg);
                    }
                    Err(TryRecvError::Empty) => break,
                }
            }
            load_source(&mut app, &mut hl);
            terminal.draw(|f| view::draw(f, &app, &mut hl))?;
            timing.painted(stop_shown);
        }
    })();
    restore_terminal();
    result
}

#[cfg(test)]
mod tests;
