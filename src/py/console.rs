//! The batch front end's terminal: messages and prompts on rdb's own standard output
//! (`crate::out`), after the program's `sys.stdout` and `sys.stderr` are flushed, so they
//! interleave with the program's output exactly as pdb's do; commands read from the
//! `sys.stdin` the program started with, which the program reads too (pdb's
//! `self.stdin`), so that their lines are taken in the order they come.

use pyo3::prelude::*;

use super::value::flush_std_streams;
use crate::session::{Frontend, Input};

pub struct PythonConsole {
    stdin: Py<PyAny>,
}

impl PythonConsole {
    /// Takes `sys.stdin` as it is now, as pdb does when it is created.
    pub fn new() -> PythonConsole {
        crate::out::claim();
        Python::attach(|py| {
            let stdin = super::helpers::module(py, "sys")
                .and_then(|s| s.getattr("stdin"))
                .map(|s| s.unbind())
                .unwrap_or_else(|_| py.None());
            PythonConsole { stdin }
        })
    }

    /// One line from the program's first `sys.stdin` (None: Ctrl-C).
    fn read_line(&self) -> Option<Input> {
        Python::attach(|py| match self.stdin.bind(py).call_method0("readline") {
            Ok(line) => Some(match line.extract::<String>() {
                Ok(line) if line.is_empty() => Input::Eof,
                Ok(line) => Input::Line(line.strip_suffix('\n').unwrap_or(&line).to_string()),
                Err(_) => Input::Eof,
            }),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) => None,
            Err(_) => Some(Input::Eof),
        })
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
            match self.read_line() {
                Some(input) => return input,
                // Ctrl-C at the prompt cancels the line, as in pdb.
                None => self.message("--KeyboardInterrupt--"),
            }
        }
    }
}
