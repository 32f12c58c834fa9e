//! The batch front end: pdb's main loop. Runs the program under a `Pdb` whose messages
//! and commands go through the program's own stdio, and restarts it as pdb does.

use crate::py::{self, Outcome, PythonConsole, Target};
use crate::session::Pdb;

/// Runs `target` until the user quits; returns the process exit status.
pub fn run(target: &Target, args: &[String], commands: Vec<String>) -> i32 {
    if let Err(e) = py::start(target, args) {
        eprintln!("{e}");
        return 1;
    }
    let mut pdb = Pdb::new(Box::new(PythonConsole::new()), commands);
    let name = target.display();
    let status = loop {
        match py::run(target, &mut pdb) {
            Outcome::Finished => {
                if pdb.session.user_requested_quit {
                    break 0;
                }
                if !pdb.session.stopped_this_run {
                    // pdb restarts such a program (an empty file) forever.
                    pdb.message("The program finished without reaching a line to stop at");
                    break 0;
                }
                pdb.message("The program finished and will be restarted");
            }
            Outcome::Quit => match pdb.session.restart.take() {
                Some(new_args) => restarting(&mut pdb, &name, &new_args),
                None => break 0,
            },
            Outcome::Exited { message, .. } => {
                pdb.message(&format!(
                    "The program exited via sys.exit(). Exit status: {message}"
                ));
            }
            Outcome::Uncaught { traceback, entries } => {
                py::flush_std_streams();
                eprint!("{traceback}");
                pdb.message("Uncaught exception. Entering post mortem debugging");
                pdb.message("Running 'cont' or 'step' will restart the program");
                pdb.post_mortem(entries);
                match pdb.session.restart.take() {
                    Some(new_args) => restarting(&mut pdb, &name, &new_args),
                    None => pdb.message(&format!(
                        "Post mortem debugger finished. The {name} will be restarted"
                    )),
                }
            }
            Outcome::CannotStart(message) => {
                py::flush_std_streams();
                eprintln!("{message}");
                break 1;
            }
        }
    };
    py::flush_std_streams();
    status
}

fn restarting(pdb: &mut Pdb, name: &str, new_args: &[String]) {
    if !new_args.is_empty() {
        py::set_argv_tail(new_args);
    }
    pdb.message(&format!("Restarting {name} with arguments:"));
    pdb.message(&format!("\t{}", py::argv_tail().join(" ")));
}
