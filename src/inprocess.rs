//! rdb started from inside a running program — `rdb.set_trace()`, `breakpoint()` with
//! `PYTHONBREAKPOINT=rdb.set_trace`, `rdb.post_mortem()`, pytest's `--pdbcls=rdb:Rdb`:
//! one session for the rest of the process, made at the first call, with the
//! full-screen interface when standard input and output are a terminal and pdb's line
//! interface on them otherwise; the program then runs on with rdb's tracer, and later
//! calls stop in the same session. Inside a program rdb itself runs, these stop in
//! rdb's session, as `breakpoint()` does.

use std::sync::Mutex;

use crate::py::{self, Frame, Value};
use crate::session::Pdb;

/// The interface of an in-process session, closed when the program ends.
static INTERFACE: Mutex<Option<crate::tui::Interface>> = Mutex::new(None);

fn terminal() -> bool {
    // SAFETY: isatty only inspects the descriptors.
    unsafe { libc::isatty(0) != 0 && libc::isatty(1) != 0 }
}

/// The session of this process, made on first use; `None` if rdb could not set one up
/// (said on standard error).
fn with_session<R>(f: impl FnOnce(&mut Pdb) -> R) -> Option<R> {
    match py::with_active(|h| h.as_any().is::<Pdb>()) {
        Some(true) => {}
        // rdb's own tracer of another kind (`rdb trace`): not a debugger to stop in.
        Some(false) => return None,
        None if py::handler_installed() => return None,
        None => start_session()?,
    }
    py::with_active(|h| h.as_any().downcast_mut::<Pdb>().map(f)).flatten()
}

/// The session is made: the front end, the handler adopted for the rest of the process.
fn start_session() -> Option<()> {
    let (config, errors) = crate::config::load(None).unwrap_or_default();
    for e in &errors {
        eprintln!("rdb: {e}");
    }
    let front: Box<dyn crate::session::Frontend> = if terminal() {
        let (mut options, theme_error) =
            crate::ui::Options::from_config(&config, config.history_mb << 20, false);
        if let Some(e) = theme_error {
            options.notices.push(e.to_string());
        }
        let mut interface = crate::tui::Interface::start(options).ok()?;
        let front = match interface.frontend() {
            Ok(front) => front,
            Err(e) => {
                eprintln!("rdb: {e}");
                return None;
            }
        };
        *INTERFACE.lock().unwrap_or_else(|e| e.into_inner()) = Some(interface);
        py::at_exit(close_interface);
        Box::new(front)
    } else {
        crate::panic_report::install(|| {});
        Box::new(py::PythonConsole::new())
    };
    let mut pdb = Pdb::new(front, crate::cli::rc_lines());
    pdb.set_history_limit(config.history_mb << 20);
    py::set_repr_limits(&config.repr.fields());
    py::install_hooks_in_running_python();
    py::adopt(Box::new(pdb));
    Some(())
}

/// At the program's end: the interface closes, the terminal comes back.
fn close_interface() {
    if let Some(interface) = INTERFACE.lock().unwrap_or_else(|e| e.into_inner()).take() {
        interface.finish(0);
    }
}

/// `set_trace(frame)`: stop in `frame` at its next event. `owner` is the `rdb.Rdb` that
/// asked (told of stops and of resuming commands).
pub fn set_trace(frame: &Value, owner: Option<Value>) -> Result<(), String> {
    let frame = Frame::from_value(frame).ok_or("set_trace(): not a frame")?;
    with_session(|pdb| pdb.set_owner(owner)).ok_or("rdb: no session could be started")?;
    if py::stop_at(&frame) {
        Ok(())
    } else {
        Err("rdb: the session is busy".into())
    }
}

/// `post_mortem(tb)`: pdb's post-mortem prompt over a traceback (of `exception`, when
/// known), until `c`, `s` or `q`; an exception the owner raised while it ran (pytest's
/// `Exit` on quit) comes back.
pub fn post_mortem(
    tb: &Value,
    exception: Option<&Value>,
    owner: Option<Value>,
) -> Result<(), Value> {
    let entries = py::traceback_entries(tb);
    let summary = exception
        .map(Value::format_exception_only)
        .unwrap_or_default();
    with_session(|pdb| {
        pdb.set_owner(owner);
        pdb.post_mortem(entries, &summary, exception.cloned());
    });
    match py::take_pending() {
        Some(exc) => Err(exc),
        None => Ok(()),
    }
}

/// `runcall(func)`: the next line event — the first line of `func`, about to be called
/// — stops, as in pdb's `runcall`.
pub fn stop_at_next_line(owner: Option<Value>) -> Result<(), String> {
    with_session(|pdb| {
        pdb.set_owner(owner);
        pdb.stop_at_next_line();
    })
    .ok_or("rdb: no session could be started")?;
    py::resume_tracing();
    Ok(())
}
