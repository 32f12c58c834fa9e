//! The full-screen front end's wiring: the UI thread draws, the Python thread runs pdb's
//! loop with a remote front end, the program writes to a terminal of its own (`capture`)
//! that the output pane shows. `run` debugs a target from its first line; `Interface`
//! alone serves a session started from inside a running program (`inprocess`).

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};

use crate::py::{self, Target};
use crate::remote::{input_provider, FromUi, RemoteFrontend, ToUi};
use crate::ui::Options;

fn wait(rx: &Receiver<FromUi>) -> Option<FromUi> {
    py::detached(|| rx.recv().ok())
}

/// Before the program's `os._exit` ends the process: hand the terminal back.
fn before_exit() {
    crate::ui::restore_terminal();
    crate::capture::finish();
}

/// The interface up: the UI thread, the program's terminal, the channels.
pub struct Interface {
    to_ui: Sender<ToUi>,
    from_ui: Option<Receiver<FromUi>>,
    answers: Option<Receiver<Option<String>>>,
    ui: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Interface {
    /// Takes the terminal (standard output must be one) and starts drawing; the error is
    /// the exit status, already explained.
    pub fn start(options: Options) -> Result<Interface, i32> {
        let launched = std::time::Instant::now();
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(1) } == 0 {
            eprintln!(
                "rdb: standard output is not a terminal; use --batch for pdb's line interface"
            );
            return Err(2);
        }
        let (to_ui, ui_rx) = unbounded::<ToUi>();
        let (ui_tx, from_ui) = unbounded::<FromUi>();
        let (output_tx, output_rx) = bounded(crate::capture::QUEUE);
        if let Err(e) = crate::capture::detach_stdin_from_terminal() {
            eprintln!("rdb: cannot set up standard input: {e}");
            return Err(1);
        }
        let (rows, cols) = crate::ui::initial_output_size(&options);
        let terminal = match crate::capture::start(output_tx, rows, cols) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("rdb: cannot give the program a terminal: {e}");
                return Err(1);
            }
        };
        let (answer_tx, answers) = unbounded::<Option<String>>();
        crate::ui::install_panic_hook();
        crate::ui::install_signal_handlers();
        let channels = crate::ui::Channels {
            from_python: ui_rx,
            to_python: ui_tx,
            answers: answer_tx,
            output: output_rx,
        };
        let (ready, ready_rx) = std::sync::mpsc::channel();
        let hooks = crate::ui::Hooks {
            interrupt: py::interrupt,
            quit: py::quit_running_program,
            resize: crate::capture::resize,
            ready,
        };
        let ui = crate::threads::spawn(move || {
            crate::ui::run(terminal, channels, hooks, launched, options)
        });
        // The program must not start before the interface's descriptors are open (see
        // `fds`); an interface that fails to start says why when it is joined.
        let _ = ready_rx.recv_timeout(std::time::Duration::from_secs(10));
        Ok(Interface {
            to_ui,
            from_ui: Some(from_ui),
            answers: Some(answers),
            ui,
        })
    }

    /// With the interpreter started: the program's `input()` and `os._exit` go through
    /// the interface, and the session's front end.
    pub fn frontend(&mut self) -> Result<RemoteFrontend, String> {
        let answers = self.answers.take().ok_or("the front end is taken")?;
        let from_ui = self.from_ui.take().ok_or("the front end is taken")?;
        let provider = input_provider(self.to_ui.clone(), answers);
        py::set_input_provider(Box::new(provider))?;
        py::set_before_exit(before_exit)?;
        Ok(RemoteFrontend::new(
            self.to_ui.clone(),
            from_ui,
            wait,
            crate::capture::mark,
        ))
    }

    /// The interface closes, the terminal and the program's output are given back;
    /// returns `status`, or the interface's own failure's.
    pub fn finish(self, status: i32) -> i32 {
        let _ = self.to_ui.send(ToUi::Quit);
        let ui_result = self.ui.join();
        crate::ui::restore_terminal();
        crate::capture::finish();
        match ui_result {
            Ok(Ok(())) => status,
            Ok(Err(e)) => {
                eprintln!("rdb: terminal error: {e}");
                1
            }
            Err(_) => 101,
        }
    }
}

/// Runs `target` under the full-screen interface; returns the process exit status.
pub fn run(
    target: &Target,
    args: &[String],
    session: crate::driver::Options,
    options: Options,
) -> i32 {
    let mut interface = match Interface::start(options) {
        Ok(i) => i,
        Err(status) => return status,
    };
    let started = py::start(target, args, true)
        .and_then(|()| interface.frontend().map_err(py::StartError::Init));
    let status = match started {
        Ok(front) => crate::driver::run(target, Box::new(front), session),
        Err(e) => {
            eprintln!("{e}");
            1
        }
    };
    if py::in_forked_child() {
        // The interface and the terminal are the parent's.
        return status;
    }
    interface.finish(status)
}
