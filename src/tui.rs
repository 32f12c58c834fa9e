//! `rdb script.py` in a terminal: the Python thread runs pdb's loop with a remote front
//! end, the UI thread draws, the program's output is captured for the output pane.

use crossbeam_channel::{unbounded, Receiver};

use crate::py::{self, Target};
use crate::remote::{FromUi, RemoteFrontend, ToUi};

fn wait(rx: &Receiver<FromUi>) -> Option<FromUi> {
    py::detached(|| rx.recv().ok())
}

/// Runs `target` under the full-screen interface; returns the process exit status.
pub fn run(target: &Target, args: &[String], commands: Vec<String>) -> i32 {
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(1) } == 0 {
        eprintln!("rdb: standard output is not a terminal; use --batch for pdb's line interface");
        return 2;
    }
    let (to_ui, ui_rx) = unbounded::<ToUi>();
    let (ui_tx, from_ui) = unbounded::<FromUi>();
    let (capture, terminal) = match crate::capture::start(to_ui.clone()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("rdb: cannot capture the program's output: {e}");
            return 1;
        }
    };
    crate::ui::install_panic_hook();
    let ui = std::thread::spawn(move || crate::ui::run(terminal, ui_rx, ui_tx, py::interrupt));
    let status = match py::start(target, args) {
        Ok(()) => crate::driver::run(
            target,
            Box::new(RemoteFrontend {
                to_ui: to_ui.clone(),
                from_ui,
                wait,
                view: Default::default(),
            }),
            commands,
        ),
        Err(e) => {
            eprintln!("{e}");
            1
        }
    };
    let _ = to_ui.send(ToUi::Quit);
    let ui_result = ui.join();
    crate::ui::restore_terminal();
    capture.finish();
    match ui_result {
        Ok(Ok(())) => status,
        Ok(Err(e)) => {
            eprintln!("rdb: terminal error: {e}");
            1
        }
        Err(_) => 101,
    }
}
