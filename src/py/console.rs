//! The batch front end's terminal: messages through the program's `sys.stdout` (so they
//! interleave with the program's own output exactly as pdb's do) and commands read with
//! `input()` from the same `sys.stdin` the program reads.

use pyo3::prelude::*;

use crate::session::Frontend;

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
                println!("{text}");
            }
        })
    }

    fn read_command(&mut self, prompt: &str) -> Option<String> {
        Python::attach(|py| {
            let input = py
                .import("builtins")
                .and_then(|b| b.getattr("input"))
                .ok()?;
            match input.call1((prompt,)) {
                Ok(line) => line.extract::<String>().ok(),
                Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) => {
                    Some(String::new())
                }
                Err(_) => None,
            }
        })
    }
}
