//! The batch front end's terminal: messages and prompts on rdb's own standard output
//! (`crate::out`), after the program's `sys.stdout` and `sys.stderr` are flushed, so they
//! interleave with the program's output exactly as pdb's do; commands read from rdb's own
//! standard input, a byte at a time, and the program's `sys.stdin` made to read a byte at
//! a time too, so that the two take their lines from one stream in the order they come,
//! as pdb's and the program's do through their shared `sys.stdin` — and the program
//! closing or replacing its stdin leaves rdb's alone.

use pyo3::prelude::*;

use super::helpers::helper;
use super::value::flush_std_streams;
use crate::frontend::{Frontend, Input};

pub struct PythonConsole;

impl PythonConsole {
    /// Takes rdb's own standard streams, before the program runs.
    pub fn new() -> PythonConsole {
        crate::out::claim();
        Python::attach(|py| {
            let _ = helper(py, "share_stdin").call0();
        });
        PythonConsole
    }

    /// One command line (None: Ctrl-C at the prompt).
    fn read_input(&self) -> Option<Input> {
        loop {
            match super::value::detached(crate::out::read_line) {
                Ok(Some(line)) => return Some(Input::Line(line)),
                Ok(None) => return Some(Input::Eof),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                    // A signal: Python's handlers run (SIGINT's raises KeyboardInterrupt).
                    let interrupted = Python::attach(|py| {
                        // SAFETY: GIL held; runs the pending Python-level signal handlers.
                        if unsafe { pyo3::ffi::PyErr_CheckSignals() } < 0 {
                            let err = PyErr::fetch(py);
                            return err.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py);
                        }
                        false
                    });
                    if interrupted {
                        return None;
                    }
                }
                Err(_) => return Some(Input::Eof),
            }
        }
    }
}

impl Default for PythonConsole {
    fn default() -> Self {
        Self::new()
    }
}

impl Frontend for PythonConsole {
    fn message(&mut self, text: &str) {
        flush_std_streams();
        crate::out::print(&format!("{text}\n"));
    }

    fn read_command(&mut self, prompt: &str) -> Input {
        loop {
            flush_std_streams();
            crate::out::print(prompt);
            match self.read_input() {
                Some(input) => return input,
                // Ctrl-C at the prompt cancels the line, as in pdb.
                None => self.message("--KeyboardInterrupt--"),
            }
        }
    }
}
