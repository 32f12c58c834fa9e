//! `rdb replay FILE`: the full-screen interface over a recording — the same panes, no
//! program running. The interface talks to this loop as it talks to a live session:
//! command lines, views, frame selections and breakpoint requests in; messages and stop
//! snapshots (built from the recorded state) out. ← → Home End and `C` move through the
//! recording's own steps (`App::replay`).

use std::fs::File;
use std::os::fd::{FromRawFd, OwnedFd};

use crossbeam_channel::{bounded, unbounded};

use super::batch::Replay;
use super::{Position, Recording};
use crate::frontend::{BreakRequest, ViewRequest};
use crate::record::format::{FrameState, Record, Var};
use crate::remote::{FromUi, ToUi};
use crate::snapshot::{
    ArgSnap, BreakSnap, FrameSnap, ReplayPlace, StopEvent, StopSnapshot, VarSnap,
};

fn var_snap(pos: &Position, v: &Var) -> VarSnap {
    VarSnap {
        depth: 0,
        path: v.n.clone(),
        name: v.n.clone(),
        type_name: v.ty.clone(),
        repr: pos.repr_of(v).to_string(),
        expandable: false,
        id: v.id,
        tag: None,
    }
}

fn frame_snap(pos: &Position, f: &FrameState, with_vars: bool) -> FrameSnap {
    FrameSnap {
        function: f.func.clone(),
        file: f.file.clone(),
        line: f.line,
        args: f
            .args
            .iter()
            .filter_map(|name| f.vars.iter().find(|v| &v.n == name))
            .map(|v| ArgSnap {
                name: v.n.clone(),
                repr: pos.repr_of(v).to_string(),
                id: v.id,
                tag: None,
            })
            .collect(),
        vars: with_vars.then(|| f.vars.iter().map(|v| var_snap(pos, v)).collect()),
    }
}

/// The position as the interface draws a stop.
fn snapshot(
    replay: &Replay<'_, Vec<u8>>,
    view: &ViewRequest,
    tags: &mut crate::session::tags::Tags,
) -> StopSnapshot {
    let stack = replay.stack();
    let selected = stack.len().saturating_sub(1 + replay.up);
    let newest = stack.len().saturating_sub(1);
    let event = match replay.rec.step(replay.pos.step) {
        Record::Call { .. } => StopEvent::Call,
        Record::Return { value, .. } => StopEvent::Return(value),
        Record::Exception { text, .. } => StopEvent::Exception(text),
        _ => StopEvent::Line,
    };
    let wanted = view.frames.unwrap_or(0);
    let frames: Vec<FrameSnap> = stack
        .iter()
        .enumerate()
        .map(|(i, f)| frame_snap(&replay.pos, f, wanted > 0 && newest - i < wanted))
        .collect();
    let locals = stack
        .get(selected)
        .map(|f| f.vars.iter().map(|v| var_snap(&replay.pos, v)).collect())
        .unwrap_or_default();
    // the module's frame holds its globals
    let module_globals = (wanted > 0)
        .then(|| stack.first().filter(|f| f.func == "<module>"))
        .flatten()
        .map(|f| f.vars.iter().map(|v| var_snap(&replay.pos, v)).collect());
    let mut snap = StopSnapshot {
        locals,
        selected,
        module_globals,
        breakpoints: replay
            .bdb
            .breaks
            .iter()
            .map(|b| BreakSnap {
                file: b.file.clone(),
                line: b.line,
                enabled: b.enabled,
                conditional: false,
            })
            .collect(),
        replay: Some(ReplayPlace {
            step: replay.pos.step as u64 + 1,
            steps: replay.rec.len() as u64,
            output_mark: replay.rec.output_before(replay.pos.step) as u64,
        }),
        ..StopSnapshot::new(replay.pos.step as u64 + 1, event, frames)
    };
    tags.apply(&mut snap);
    snap
}

/// Runs the interface over the recording at `path`; the exit status.
pub fn run(path: &str, mut options: crate::ui::Options) -> i32 {
    let rec: Recording = match super::batch::open(path) {
        Ok(r) => r,
        Err(status) => return status,
    };
    // SAFETY: isatty only asks about the descriptor.
    if unsafe { libc::isatty(1) } != 1 {
        eprintln!("rdb replay: the interface needs a terminal: use rdb replay --batch {path}");
        return 2;
    }
    // SAFETY: fcntl duplicates standard output; the call has no other effect.
    let terminal = match unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3) } {
        // SAFETY: `fd` is the new duplicate, open and owned by no one else.
        fd if fd >= 0 => File::from(unsafe { OwnedFd::from_raw_fd(fd) }),
        _ => {
            eprintln!("rdb replay: cannot use the terminal");
            return 1;
        }
    };
    options.replay = true;
    let (to_ui, from_python) = unbounded::<ToUi>();
    let (to_python, from_ui) = unbounded::<FromUi>();
    let (answers, _answers_rx) = unbounded::<Option<String>>();
    // the recorded output, once: each stop shows as much of it as there was then (the
    // sender stays here so that the channel stays open)
    let (output_tx, output) = bounded::<crate::capture::Chunk>(1);
    let _ = output_tx.send(crate::capture::Chunk::Bytes(rec.output.clone()));
    let (ready, ready_rx) = std::sync::mpsc::channel();
    let hooks = crate::ui::Hooks {
        interrupt: || {},
        quit: || {},
        resize: |_, _| {},
        ready,
    };
    let channels = crate::ui::Channels {
        from_python,
        to_python,
        answers,
        output,
    };
    crate::ui::install_panic_hook();
    crate::ui::install_signal_handlers();
    let launched = std::time::Instant::now();
    let ui =
        crate::threads::spawn(move || crate::ui::run(terminal, channels, hooks, launched, options));
    let _ = ready_rx.recv_timeout(std::time::Duration::from_secs(10));
    let mut replay = Replay::new(&rec, Vec::new());
    let mut view = ViewRequest::default();
    let mut tags = crate::session::tags::Tags::default();
    let said = |replay: &mut Replay<'_, Vec<u8>>| {
        let text = String::from_utf8_lossy(&std::mem::take(&mut replay.out)).into_owned();
        let text = text.trim_end_matches('\n').to_string();
        (!text.is_empty()).then_some(ToUi::Message(text))
    };
    loop {
        if let Some(message) = said(&mut replay) {
            let _ = to_ui.send(message);
        }
        let snap = snapshot(&replay, &view, &mut tags);
        if to_ui.send(ToUi::Stopped(Box::new(snap))).is_err() {
            break;
        }
        match from_ui.recv() {
            Ok(FromUi::Command(line)) if super::batch::asks_first(&line) => {
                let _ = to_ui.send(ToUi::Question("Clear all breaks? ".into()));
                // the answer, or the interface ending
                loop {
                    match from_ui.recv() {
                        Ok(FromUi::Answer(yes)) => {
                            if yes {
                                replay.clear("");
                            }
                            break;
                        }
                        Ok(FromUi::Quit) | Err(_) => return finish(&to_ui, ui),
                        Ok(_) => {}
                    }
                }
            }
            Ok(FromUi::Command(line)) => {
                if replay.execute(&line) {
                    break;
                }
            }
            Ok(FromUi::View(v)) => view = v,
            Ok(FromUi::SelectFrame(index)) => replay.select(index),
            Ok(FromUi::Break(BreakRequest::Set {
                file,
                line,
                temporary,
                condition,
            })) => {
                let arg = match condition {
                    Some(c) => format!("{file}:{line}, {c}"),
                    None => format!("{file}:{line}"),
                };
                replay.set_break(&arg, temporary);
            }
            Ok(FromUi::Break(BreakRequest::Clear { file, line })) => {
                replay.clear(&format!("{file}:{line}"));
            }
            Ok(FromUi::Quit) | Err(_) => break,
            Ok(FromUi::Restart | FromUi::Input(_) | FromUi::Answer(_)) => {}
        }
    }
    finish(&to_ui, ui)
}

/// The interface told to end, and its thread's end: the exit status.
fn finish(
    to_ui: &crossbeam_channel::Sender<ToUi>,
    ui: std::thread::JoinHandle<std::io::Result<()>>,
) -> i32 {
    let _ = to_ui.send(ToUi::Quit);
    let result = ui.join();
    crate::ui::restore_terminal();
    match result {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("rdb replay: terminal error: {e}");
            1
        }
        Err(_) => 101,
    }
}
