//! pdb's main loop, whatever the front end: run the program under a `Pdb`, report how
//! each run ended, post-mortem on uncaught exceptions, restart.

use std::path::PathBuf;

use crate::config::ReprLimits;
use crate::py::{self, Outcome, Target};
use crate::session::{saved_breaks, Frontend, Pdb};

/// What a debugging session starts with, whatever the front end.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Commands for the first stop (rc files, then `-c`).
    pub commands: Vec<String>,
    /// Memory bound of the history of stops, in bytes.
    pub history_limit: usize,
    /// Bounds of the values shown in the variables pane and the narrative.
    pub repr: ReprLimits,
    /// `--save-breakpoints`: the file breakpoints are restored from and saved to.
    pub saved_breakpoints: Option<PathBuf>,
}

/// Runs `target` (the interpreter already started) until the user quits; returns the
/// process exit status.
pub fn run(target: &Target, front: Box<dyn Frontend>, options: Options) -> i32 {
    let mut pdb = Pdb::new(front, options.commands);
    pdb.set_history_limit(options.history_limit);
    py::set_repr_limits(&options.repr.fields());
    if let Some(path) = &options.saved_breakpoints {
        for note in saved_breaks::restore(path, &mut pdb.bdb.breaks) {
            pdb.message(&note);
        }
    }
    let status = session_loop(target, &mut pdb);
    if let Some(path) = &options.saved_breakpoints {
        if let Err(e) = saved_breaks::save(path, &pdb.bdb.breaks) {
            eprintln!(
                "rdb: cannot save the breakpoints to {}: {e}",
                path.display()
            );
        }
    }
    status
}

/// What pdb's main loop says at the end of a run it restarts.
const FINISHED: &str = "The program finished and will be restarted";

/// pdb's main loop (`pdb.main`) of the version rdb runs on: what it says as each run
/// ends, and whether it goes round again.
fn session_loop(target: &Target, pdb: &mut Pdb) -> i32 {
    let name = target.display();
    let mut first = true;
    let status = loop {
        if !std::mem::take(&mut first) {
            pdb.restarting();
        }
        let outcome = py::run(target, pdb);
        if py::in_forked_child() {
            break forked_child_ended(outcome);
        }
        let ended = match outcome {
            Outcome::Finished => {
                if pdb.session.user_requested_quit {
                    break 0;
                }
                if !pdb.session.stopped_this_run {
                    // pdb restarts such a program (an empty file) forever.
                    pdb.message("The program finished without reaching a line to stop at");
                    break 0;
                }
                FINISHED.to_string()
            }
            Outcome::Quit => match pdb.session.restart.take() {
                Some(new_args) => {
                    restarting(pdb, &name, &new_args);
                    if py::PDB_ANNOUNCES_RESTART_AS_FINISH {
                        // Only said: the user asked for the restart.
                        pdb.message(FINISHED);
                    }
                    continue;
                }
                None => break 0,
            },
            Outcome::Exited { message, .. } => {
                let exited = format!("The program exited via sys.exit(). Exit status: {message}");
                if !py::PDB_ANNOUNCES_RESTART_AS_FINISH {
                    exited
                } else {
                    // 3.13's loop says the run finished after whatever ended it.
                    pdb.message(&exited);
                    if pdb.session.user_requested_quit {
                        break 0;
                    }
                    FINISHED.to_string()
                }
            }
            Outcome::Uncaught {
                traceback,
                summary,
                entries,
                exception,
            } => {
                py::flush_std_streams();
                eprint!("{traceback}");
                pdb.message("Uncaught exception. Entering post mortem debugging");
                pdb.message("Running 'cont' or 'step' will restart the program");
                {
                    let _handling = py::handling(&exception);
                    pdb.post_mortem(entries, &summary, Some(exception.clone()));
                }
                if let Some(new_args) = pdb.session.restart.take() {
                    restarting(pdb, &name, &new_args);
                    continue;
                }
                if py::PDB_ANNOUNCES_RESTART_AS_FINISH {
                    // 3.13: `q` at the post-mortem prompt ends pdb; `c` or `s` restart.
                    if pdb.session.user_requested_quit {
                        break 0;
                    }
                    py::flush_std_streams();
                    if !pdb.program_ended_after_post_mortem(FINISHED) {
                        break 0;
                    }
                    continue;
                }
                py::flush_std_streams();
                let over = format!("Post mortem debugger finished. The {name} will be restarted");
                if !pdb.program_ended_after_post_mortem(&over) {
                    break 0;
                }
                continue;
            }
            Outcome::CannotStart(message) => {
                py::flush_std_streams();
                eprintln!("{message}");
                break 1;
            }
        };
        py::flush_std_streams();
        if !pdb.program_ended(&ended) {
            break 0;
        }
    };
    py::flush_std_streams();
    status
}

/// A child the program forked has finished its run: it ends as under python (the
/// traceback of an uncaught exception printed, its exit status), never restarting or
/// reading commands.
fn forked_child_ended(outcome: Outcome) -> i32 {
    match outcome {
        Outcome::Finished | Outcome::Quit => 0,
        Outcome::Exited { status, .. } => status,
        Outcome::Uncaught { traceback, .. } => {
            py::flush_std_streams();
            eprint!("{traceback}");
            1
        }
        Outcome::CannotStart(message) => {
            eprintln!("{message}");
            1
        }
    }
}

fn restarting(pdb: &mut Pdb, name: &str, new_args: &[String]) {
    if !new_args.is_empty() {
        py::set_argv_tail(new_args);
    }
    pdb.message(&format!("Restarting {name} with arguments:"));
    pdb.message(&format!("\t{}", py::argv_tail().join(" ")));
}
