//! The batch front end: pdb's line interface, with messages and commands going through
//! the program's own stdio (see `py::PythonConsole`).

use crate::py::{self, PythonConsole, Target};

/// Runs `target` in batch mode; returns the process exit status.
pub fn run(target: &Target, args: &[String], options: crate::driver::Options) -> i32 {
    if let Err(e) = py::start(target, args, false) {
        eprintln!("{e}");
        return 1;
    }
    crate::driver::run(target, Box::new(PythonConsole::new()), options)
}
