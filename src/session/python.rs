//! The Python operations the session's commands ask for by name (source lines, file
//! names, compiling, pdb's own help texts), behind a trait: the embedded interpreter
//! answers them in a run, a fake in the session's unit tests (as fake frames stand in
//! for the engine's).

use crate::py::{self, PyFailure, Value};

pub trait PythonOps {
    /// `linecache.getline`: the line, `""` past the end or for a file that cannot be read.
    fn getline(&self, filename: &str, lineno: u32, globals: Option<&Value>) -> String;
    /// bdb's `canonic`.
    fn canonic(&self, filename: &str) -> String;
    /// pdb's `lookupmodule`.
    fn lookup_module(&self, filename: &str, mainpyfile: &str) -> Option<String>;
    /// Why `expr` does not compile as an expression (`SyntaxError: ...`), if it does not.
    fn compile_error(&self, expr: &str) -> Option<String>;
    /// pdb's `find_function`: (name, file, first line) of `def name` in `file`.
    fn find_function(&self, name: &str, file: &str) -> Option<(String, String, u32)>;
    /// A breakpoint now exists in `file`: threads running elsewhere must see it.
    fn breakpoint_added(&self, file: &str);
    /// The usage lines of this Python's pdb's help for `command`.
    fn pdb_usage(&self, command: &str) -> String;
    /// What `help arg` prints under this Python's pdb, with the prompt `prompt`.
    fn pdb_help(&self, arg: &str, prompt: &str) -> Result<String, PyFailure>;
}

/// The interpreter rdb embeds.
pub struct Embedded;

impl PythonOps for Embedded {
    fn getline(&self, filename: &str, lineno: u32, globals: Option<&Value>) -> String {
        py::getline(filename, lineno, globals)
    }
    fn canonic(&self, filename: &str) -> String {
        py::canonic(filename)
    }
    fn lookup_module(&self, filename: &str, mainpyfile: &str) -> Option<String> {
        py::lookup_module(filename, mainpyfile)
    }
    fn compile_error(&self, expr: &str) -> Option<String> {
        py::compile_error(expr)
    }
    fn find_function(&self, name: &str, file: &str) -> Option<(String, String, u32)> {
        py::find_function(name, file)
    }
    fn breakpoint_added(&self, file: &str) {
        py::trace_other_threads(file);
    }
    fn pdb_usage(&self, command: &str) -> String {
        py::pdb_usage(command)
    }
    fn pdb_help(&self, arg: &str, prompt: &str) -> Result<String, PyFailure> {
        py::pdb_help(arg, prompt)
    }
}
