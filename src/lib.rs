//! rdb: a terminal debugger for Python with pdb's exact stepping semantics.
//!
//! `engine` decides where to stop (bdb), `command` parses pdb's command language,
//! `session` is pdb's layer (hooks, commands, messages), `py` is the only module that
//! touches Python, `snapshot` is what crosses from the session to a front end, `driver`
//! is pdb's run/restart loop, `batch` is the line-oriented front end and `tui` (with
//! `ui`, `remote` and `capture`) the full-screen one.

#[cfg(Py_GIL_DISABLED)]
compile_error!(
    "rdb does not support free-threaded CPython builds yet (its tracer relies on the GIL \
     to handle one stop at a time): build it against a CPython without --disable-gil"
);

pub mod batch;
pub mod capture;
pub mod cli;
pub mod command;
pub mod config;
pub mod driver;
pub mod engine;
pub mod fds;
pub mod frontend;
pub mod history;
pub mod inprocess;
pub mod listing;
pub mod out;
pub mod panic_report;
pub mod py;
pub mod record;
pub mod remote;
pub mod replay;
pub mod session;
pub mod snapshot;
pub mod threads;
pub mod trace;
pub mod travel;
pub mod tui;
pub mod ui;
