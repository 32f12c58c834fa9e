//! The only module that touches pyo3, `pyo3::ffi` and the GIL: interpreter start-up, the
//! tracing backends (a C trace function before 3.12, sys.monitoring from 3.12), frames and values as owned handles, running the program. Everything it
//! hands out is a Rust value; all of it must be used on the thread that runs Python.

mod console;
mod entry;
mod frame;
mod helpers;
mod hooks;
pub mod host;
mod interp;
mod io_hooks;
#[cfg(not(Py_3_12))]
mod legacy;
#[cfg(Py_3_12)]
mod monitoring;
mod quit;
mod runner;
mod signals;
mod tap;
mod threads;
mod tracer;
mod unseen;
mod value;
mod watchdog;

#[cfg(not(Py_3_12))]
use legacy as backend;
#[cfg(Py_3_12)]
use monitoring as backend;

pub use console::PythonConsole;
pub use frame::{CodeInfo, CodeRef, Frame};
pub use hooks::in_forked_child;
pub use hooks::{at_exit, install_hooks_in_running_python, resume_tracing, stop_at};
pub use host::{check as check_interpreter, describe_python, shutdown};
pub use interp::{start, StartError, Target};
pub use io_hooks::{protect_own_fds, set_before_exit, set_input_provider, InputProvider};
pub use quit::quit_running_program;
pub use runner::{run, Outcome};
pub use signals::{hold as hold_signals, Held as SignalsHeld};
pub use tap::{take_tapped, tap_std_streams};
pub use threads::trace_other_threads;
pub use tracer::{
    adopt, handler_installed, nested, raise_in_program, take_pending, with_active, TraceHandler,
};
pub use value::{
    argv_tail, canonic, chained_exceptions, compile_error, detached, eval, exception_event_entries,
    exception_event_pair, exception_event_value, exception_rows, exception_traceback, exec_line,
    find_function, flush_std_streams, forget_convenience_variables, frames_snapshot,
    function_location, getline, handling, inspect_frame, interact, interrupt, is_unwinding,
    listing_source, lookup_module, narrate, owner_command, owner_setup, pdb_help, pdb_usage,
    preload_pdb_modules, record_vars, replace_convenience_variables, run_traced, set_argv_tail,
    set_convenience_variable, set_repr_limits, statement_incomplete, thread_id, thread_name,
    traceback_entries, variables_snapshot, PyFailure, Value,
};

/// The minor version of the Python rdb runs (3.X).
pub const PYTHON_MINOR: u32 = if cfg!(Py_3_14) {
    14
} else if cfg!(Py_3_13) {
    13
} else if cfg!(Py_3_12) {
    12
} else if cfg!(Py_3_11) {
    11
} else if cfg!(Py_3_10) {
    10
} else {
    9
};

/// 3.13's pdb refuses arguments a command does not take ("Invalid argument").
pub const PDB_VALIDATES_ARGUMENTS: bool = cfg!(Py_3_13);

/// 3.13's pdb has `exceptions`: the chain of a post-mortem's exception.
pub const PDB_HAS_EXCEPTIONS_COMMAND: bool = cfg!(Py_3_13);

/// 3.12's pdb refuses a breakpoint condition or a display that does not compile.
pub const PDB_CHECKS_EXPRESSIONS: bool = cfg!(Py_3_12);

/// 3.12's pdb has `$name` convenience variables (`$_frame`, `$_retval`, `$_exception`).
pub const PDB_HAS_CONVENIENCE_VARIABLES: bool = cfg!(Py_3_12);

/// 3.13's pdb reads a statement over several lines ("...   ") while it is incomplete.
pub const PDB_READS_MULTILINE_STATEMENTS: bool = cfg!(Py_3_13);

/// How this Python's pdb reads a command line (see `command::Dialect`).
pub const PDB_DIALECT: crate::command::Dialect = crate::command::Dialect {
    wide_words: cfg!(Py_3_13),
    strip_bang: cfg!(Py_3_12),
};

/// From 3.13 pdb shows the stop's location only when it is about to read a command, so
/// `n;; n;; p x` prints no location for the intermediate stops.
pub const PDB_SHOWS_LOCATION_AT_PROMPT: bool = cfg!(Py_3_13);

/// From 3.13 pdb's `set_trace` (so `breakpoint()` and Ctrl-C) stops at the next
/// instruction, which is still on the line that called it.
pub const PDB_SET_TRACE_STEPS_INSTRUCTION: bool = cfg!(Py_3_13);

/// From 3.13 pdb checks an alias's `%1`… parameters against the arguments given, and
/// queues what follows `;;` before the lines already queued.
pub const PDB_CHECKS_ALIAS_ARGUMENTS: bool = cfg!(Py_3_13);

/// From 3.13 pdb's main loop prints "The program finished and will be restarted" after
/// "Restarting ... with arguments:" too.
pub const PDB_ANNOUNCES_RESTART_AS_FINISH: bool = cfg!(Py_3_13);

/// From 3.11 pdb's `commands N` refuses a number that is no breakpoint's ("cannot set
/// commands: ..."); before, it reads a list for that number all the same.
pub const PDB_CHECKS_COMMANDS_NUMBER: bool = cfg!(Py_3_11);

/// From 3.11 pdb's `alias name` of an unknown name says "Unknown alias"; before, it
/// defines that alias as empty.
pub const PDB_REPORTS_UNKNOWN_ALIAS: bool = cfg!(Py_3_11);

/// From 3.10 bdb gives a new debugger the breakpoints set in others (`_load_breaks`), so
/// `debug` stops at them; 3.9's `debug` session knows only the breakpoints set in it.
pub const PDB_DEBUG_SHARES_BREAKPOINTS: bool = cfg!(Py_3_10);

/// The engine's view of a frame, backed by a live Python frame.
pub type Bdb = crate::engine::Bdb<Frame>;
