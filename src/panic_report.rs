//! What rdb says when it has a bug — rdb's one panic policy: wherever the panic
//! happens (the UI thread, a trace callback, a command), the front end puts the
//! terminal back and gives the program's output back, one paragraph names the panic and
//! its place (Rust's default report is added when `RUST_BACKTRACE` is set), and the
//! process ends at once with status 101: the program stops with it, and nothing goes on
//! running half torn down.

use std::io::Write;
use std::panic::PanicHookInfo;

/// Installs the hook; `restore` runs first (the full-screen front end's terminal and
/// output capture), and must not panic.
pub fn install(restore: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", report(info));
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            previous(info);
        }
        let _ = err.flush();
        // SAFETY: ends the process without unwinding further or running exit handlers
        // (which could touch the half-torn-down interpreter or terminal).
        unsafe { libc::_exit(101) }
    }));
}

fn report(info: &PanicHookInfo<'_>) -> String {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "rdb: internal error: {message}{place}. This is a bug in rdb, not in your program; \
         the terminal has been restored and rdb exits with status 101. Please report it \
         with the command you ran (RUST_BACKTRACE=1 adds a backtrace)."
    )
}

/// Where a test asks rdb to panic, so that the tests can check what a user sees when rdb
/// has a bug: `RDB_TEST_PANIC=ui` (or `1`) in the full-screen interface when it paints
/// the first stop, `RDB_TEST_PANIC=trace` inside the trace callback at the first stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestPanic {
    Ui,
    Trace,
}

/// The place `RDB_TEST_PANIC` names, if any.
pub fn test_panic_requested() -> Option<TestPanic> {
    match std::env::var("RDB_TEST_PANIC").as_deref() {
        Ok("1" | "ui") => Some(TestPanic::Ui),
        Ok("trace") => Some(TestPanic::Trace),
        _ => None,
    }
}
