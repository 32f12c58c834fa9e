//! `rdb record`: run the program to the end without stopping and keep every call, line,
//! return and exception event of the chosen files (as `rdb trace` chooses them), each
//! with the variables of its frame that changed, in a recording `rdb replay` walks
//! forwards and backwards (`format` is the file).

pub mod format;

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Instant;

use crate::engine::{CodeView, DeadCall, Dispatch, Event, FrameView};
use crate::py::{self, CodeRef, Frame, Target, TraceHandler, Value};
use crate::trace::Files;
use format::{FrameState, Record, Var, Writer, KEY_EVERY};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The recording's path; default `<script stem>.rdbrec` here.
    pub out: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub repr: crate::config::ReprLimits,
}

/// A frame being recorded, with its variables as they were at its previous event.
type Live = FrameState;

struct Recorder<W: Write> {
    files: Files,
    /// Generators that returned (yielded), by frame address: their number and code, for
    /// when they are resumed.
    suspended: HashMap<crate::engine::FrameId, (u64, usize)>,
    out: Writer<W>,
    stacks: HashMap<u64, Vec<Live>>,
    next_frame: u64,
    steps: u64,
    failed: Option<io::Error>,
    /// Files whose source is in the recording (or could not be read).
    sources: std::collections::HashSet<String>,
}

impl<W: Write> Recorder<W> {
    fn write(&mut self, record: &Record) {
        if record.is_step() {
            self.write_output();
        }
        if self.failed.is_none() {
            if let Err(e) = self.out.write(record) {
                self.failed = Some(e);
            }
        }
    }

    /// What the program wrote since the event before, kept before the next event.
    fn write_output(&mut self) {
        // one record per stream written to in turn (a print writes in pieces)
        let mut pieces: Vec<(u8, Vec<u8>)> = Vec::new();
        for (s, bytes) in py::take_tapped() {
            match pieces.last_mut() {
                Some((last, text)) if *last == s => text.extend_from_slice(&bytes),
                _ => pieces.push((s, bytes)),
            }
        }
        for (s, bytes) in pieces {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.write(&Record::Out { s, text });
        }
    }

    /// The source of `file`, before the first call into it.
    fn write_source(&mut self, file: &str) {
        // every call asks: no new String unless the file is new
        if !self.sources.contains(file) && self.sources.insert(file.to_string()) {
            if let Ok(text) = std::fs::read_to_string(file) {
                self.write(&Record::Source {
                    file: file.to_string(),
                    text,
                });
            }
        }
    }

    /// The frame's variables now, and what changed since its previous event.
    fn changes(live: &mut Live, frame: &Frame) -> (Vec<Var>, Vec<String>) {
        let now: Vec<Var> = py::record_vars(&frame.locals())
            .into_iter()
            .map(|(n, ty, r, id)| Var { n, ty, r, id })
            .collect();
        // a frame has a handful of names: a scan beats building an index per event
        let set: Vec<Var> = now
            .iter()
            .filter(|v| !live.vars.contains(v))
            .cloned()
            .collect();
        let del: Vec<String> = live
            .vars
            .iter()
            .filter(|old| !now.iter().any(|v| v.n == old.n))
            .map(|old| old.n.clone())
            .collect();
        live.vars = now;
        if frame.lineno() > 0 {
            live.line = frame.lineno();
        }
        (set, del)
    }

    fn stepped(&mut self) {
        self.steps += 1;
        if self.steps % KEY_EVERY == 0 {
            let mut stacks: Vec<(u64, Vec<FrameState>)> =
                self.stacks.iter().map(|(t, s)| (*t, s.clone())).collect();
            stacks.sort_by_key(|(t, _)| *t);
            self.write(&Record::Key { stacks });
        }
    }

    fn call(&mut self, frame: &Frame) {
        let t = py::thread_id();
        // a frame that returned leaves its thread's stack with the next event there
        let stack = self.stacks.entry(t).or_default();
        if stack.last().is_some_and(|l| l.returning) {
            stack.pop();
        }
        let up = stack.last().map(|l| l.f);
        // the same generator, not a new frame where a finished one was
        let resumed = self
            .suspended
            .remove(&frame.id())
            .filter(|(_, code)| frame.is_generator() && *code == frame.code_id());
        let f = match &resumed {
            Some((f, _)) => *f,
            None => {
                self.next_frame += 1;
                self.next_frame
            }
        };
        let mut live = FrameState {
            f,
            func: frame.function().to_string(),
            file: frame.filename().to_string(),
            // a module's frame is at line 0 before its first line
            line: frame.lineno().max(frame.firstlineno()),
            args: frame.arg_names().to_vec(),
            vars: Vec::new(),
            returning: false,
        };
        let (set, _) = Self::changes(&mut live, frame);
        self.write_source(&live.file);
        let record = Record::Call {
            t,
            f,
            up,
            func: live.func.clone(),
            file: live.file.clone(),
            line: live.line,
            args: live.args.clone(),
            set,
            gen: frame.is_generator(),
        };
        self.stacks.entry(t).or_default().push(live);
        self.write(&record);
        self.stepped();
    }

    /// A line, return or exception event of a recorded frame.
    fn event(&mut self, frame: &Frame, event: &Event<Value>) {
        let t = py::thread_id();
        let Some(stack) = self.stacks.get_mut(&t) else {
            return;
        };
        if stack.last().is_some_and(|l| l.returning) {
            stack.pop();
        }
        let Some(live) = stack.last_mut() else {
            return;
        };
        let (set, del) = Self::changes(live, frame);
        let (f, line) = (live.f, live.line);
        let record = match event {
            Event::Line | Event::Opcode => Record::Line {
                t,
                f,
                line,
                set,
                del,
            },
            Event::Return(value) => {
                live.returning = true;
                if frame.is_generator() {
                    self.suspended.insert(frame.id(), (f, frame.code_id()));
                }
                Record::Return {
                    t,
                    f,
                    line,
                    value: value.short_repr(),
                    set,
                    del,
                }
            }
            Event::Exception(facts, exc) => Record::Exception {
                t,
                f,
                line,
                text: py::exception_event_value(exc).format_exception_only(),
                stop_iteration: facts.is_stop_iteration,
                generator_exit: facts.is_generator_exit,
                traceback: facts.has_traceback,
                set,
                del,
            },
            Event::Call => return,
        };
        self.write(&record);
        self.stepped();
    }
}

impl<W: Write + 'static> TraceHandler for Recorder<W> {
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn dispatch(&mut self, frame: &Frame, event: &Event<Value>) -> Dispatch {
        match event {
            Event::Call => {
                if !self.files.chosen(frame.filename()) {
                    return Dispatch::Untouched;
                }
                self.call(frame);
            }
            other => self.event(frame, other),
        }
        Dispatch::Trace
    }

    fn call_is_dead(&self, code: &CodeRef<'_>) -> Option<DeadCall> {
        (!self.files.chosen(code.filename())).then_some(DeadCall::Untraced)
    }

    fn line_is_dead(&self, _code: &CodeRef<'_>, _line: u32) -> bool {
        false
    }
}

/// The default recording's name: the script's stem (or the module's name) + `.rdbrec`.
pub fn default_path(target: &Target) -> String {
    let stem = match target {
        Target::Script { path, .. } => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "program".into()),
        Target::Module(m) => m.clone(),
    };
    format!("{stem}.rdbrec")
}

/// Runs `target` under `rdb record`; returns the process exit status (the program's).
pub fn run(target: &Target, args: &[String], opts: Options) -> i32 {
    match try_run(target, args, opts) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("rdb record: {e}");
            1
        }
    }
}

fn try_run(target: &Target, args: &[String], opts: Options) -> Result<i32, String> {
    let path = opts.out.clone().unwrap_or_else(|| default_path(target));
    if std::path::Path::new(&path).is_dir() {
        return Err(format!(
            "cannot write the recording to {path}: it is a directory"
        ));
    }
    let file = std::fs::File::create(&path).map_err(|e| format!("cannot write {path}: {e}"))?;
    let mut out = Writer::new(io::BufWriter::new(file)).map_err(|e| e.to_string())?;
    let script = match target {
        Target::Script { path, .. } => path.display().to_string(),
        Target::Module(m) => format!("-m {m}"),
    };
    out.write(&Record::Head {
        script,
        argv: args.to_vec(),
        python: py::describe_python(),
    })
    .map_err(|e| format!("cannot write {path}: {e}"))?;
    let started = Instant::now();
    py::start(target, args, false).map_err(|e| e.to_string())?;
    py::set_repr_limits(&opts.repr.fields());
    let mut recorder = Recorder {
        files: Files::new(target, opts.include, opts.exclude),
        suspended: HashMap::new(),
        out,
        stacks: HashMap::new(),
        next_frame: 0,
        steps: 0,
        failed: None,
        sources: Default::default(),
    };
    py::tap_std_streams().map_err(|e| format!("cannot keep the program's output: {e}"))?;
    let status = crate::trace::run_to_the_end(target, &mut recorder)?;
    let steps = recorder.steps;
    recorder.write_output();
    recorder.write(&Record::End { steps, status });
    if let Some(e) = recorder.failed.take() {
        return Err(format!("writing {path} failed: {e}"));
    }
    recorder
        .out
        .finish()
        .and_then(|mut w| w.flush())
        .map_err(|e| format!("writing {path} failed: {e}"))?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "rdb record: {steps} steps in {path} ({}), {:.2} s",
        human_size(size),
        started.elapsed().as_secs_f64()
    );
    Ok(status)
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 10 * 1024 => format!("{b} bytes"),
        b if b < 10 << 20 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
    }
}
