//! What rdb says when it has a bug: after the front end has put the terminal back, one
//! paragraph with the panic's message and place, instead of Rust's default report (kept
//! for when `RUST_BACKTRACE` is set). The process then exits with status 101.

use std::panic::PanicHookInfo;

/// Installs the hook; `restore` runs first (the full-screen front end's terminal and
/// output capture), and must not panic.
pub fn install(restore: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        eprintln!("{}", report(info));
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            previous(info);
        }
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

/// `RDB_TEST_PANIC=1` makes the full-screen interface panic at its first stop, so that
/// the tests can check what a user sees when rdb has a bug.
pub fn test_panic_requested() -> bool {
    std::env::var_os("RDB_TEST_PANIC").is_some_and(|v| v == "1")
}
