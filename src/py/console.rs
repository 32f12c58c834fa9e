//! The batch front end's terminal: messages through the program's `sys.stdout` (so they
//! interleave with the program's own output exactly as pdb's do) and commands read with
//! `input()` from the same `sys.stdin` the program reads.

use std::io::Write;

use pyo3::prelude::*;

use crate::session::{Frontend, Input};

pub struct PythonConsole {
    stdout: Py<PyAny>,
}

impl PythonConsole {
    /// Captures `sys.stdout` as it is now, as pdb does when it is created.
    pub fn new() -> PythonConsole {
        Python::attach(|py| {
            let stdout = py
                .import("sys")
                .and_then(|s| s.getattr("stdout"))
                .map(|s| s.unbind())
                .unwrap_or_else(|_| py.None());
            PythonConsole { stdout }
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
        Python::attach(|py| {
            let out = self.stdout.bind(py);
            let written = out
                .call_method1("write", (format!("{text}\n"),))
                .and_then(|_| out.call_method0("flush"));
            if written.is_err() {
                // The program's stdout is unusable: the process's own, then.
                let mut own = std::io::stdout().lock();
                let result = writeln!(own, "{text}").and_then(|()| own.flush());
                if result.is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) {
                    // The reader went away (`rdb --batch … | head`): end quietly, with the
                    // status of a process killed by SIGPIPE, as command-line tools do.
                    std::process::exit(128 + libc::SIGPIPE);
                }
            }
        })
    }

    fn read_command(&mut self, prompt: &str) -> Input {
        loop {
            let read = Python::attach(|py| {
                let input = py.import("builtins").and_then(|b| b.getattr("input"));
                match input.and_then(|i| i.call1((prompt,))) {
                    Ok(line) => Some(line.extract::<String>().map_or(Input::Eof, Input::Line)),
                    Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) => None,
                    Err(_) => Some(Input::Eof),
                }
            });
            match read {
                Some(input) => return input,
                // Ctrl-C at the prompt cancels the line, as in pdb.
                None => self.message("--KeyboardInterrupt--"),
            }
        }
    }
}
