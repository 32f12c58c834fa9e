//! `rdb trace`: run the program to the end without stopping, and tell what it did — the
//! narrative (calls with their arguments, returns with their values, exceptions, lines
//! if asked) to stdout or a file, and every call as a span in Chrome trace-event JSON
//! (Perfetto) and Zipkin v2 JSON. Events of files outside the chosen ones are switched
//! off at the source (`call_is_dead`), so they cost nothing on 3.12+.

mod json;
mod post;

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::engine::{glob_match, CodeView, DeadCall, Dispatch, Event, FrameView};
use crate::py::{self, CodeRef, Frame, Outcome, Target, TraceHandler, Value};
use json::{Chrome, Span, Zipkin};

/// Which events the narrative tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Events {
    pub call: bool,
    pub ret: bool,
    pub line: bool,
    pub exception: bool,
}

impl Events {
    /// `call,return,line,exception` (any subset).
    pub fn parse(list: &str) -> Result<Events, String> {
        let mut e = Events {
            call: false,
            ret: false,
            line: false,
            exception: false,
        };
        for word in list.split(',').map(str::trim) {
            match word {
                "call" => e.call = true,
                "return" => e.ret = true,
                "line" => e.line = true,
                "exception" => e.exception = true,
                other => {
                    return Err(format!(
                        "unknown event {other:?} (choose from call, return, line, exception)"
                    ))
                }
            }
        }
        Ok(e)
    }
}

impl Default for Events {
    fn default() -> Self {
        Events {
            call: true,
            ret: true,
            line: false,
            exception: true,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub events: Events,
    /// Path or file-name globs; none: the script's own files.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_depth: Option<usize>,
    pub out: Option<String>,
    pub chrome: Option<String>,
    pub zipkin: Option<String>,
    /// A Zipkin collector to POST the spans to.
    pub zipkin_url: Option<String>,
    /// Bounds of the argument and return value reprs.
    pub repr: crate::config::ReprLimits,
}

/// A call being traced.
struct Open {
    id: u64,
    start_us: u64,
    /// Deeper than `--max-depth`: kept for the stack's shape, not reported.
    shown: bool,
    call: String,
}

/// Which files a run traces: those the globs choose, else the files under the script's
/// folder (not site-packages); decided once per file.
pub struct Files {
    root: String,
    include: Vec<String>,
    exclude: Vec<String>,
    /// A RefCell so that the backend's `call_is_dead` questions, asked before any call
    /// of a file, can decide too.
    chosen: std::cell::RefCell<HashMap<String, bool>>,
}

impl Files {
    pub fn new(target: &Target, include: Vec<String>, exclude: Vec<String>) -> Files {
        let root = match target {
            Target::Script { path, .. } => path
                .parent()
                .map(|p| format!("{}/", p.display()))
                .unwrap_or_default(),
            Target::Module(_) => std::env::current_dir()
                .map(|d| format!("{}/", d.display()))
                .unwrap_or_default(),
        };
        Files {
            root,
            include,
            exclude,
            chosen: Default::default(),
        }
    }

    pub fn chosen(&self, file: &str) -> bool {
        if let Some(&hit) = self.chosen.borrow().get(file) {
            return hit;
        }
        let name = file.rsplit('/').next().unwrap_or(file);
        let matches = |globs: &[String]| {
            globs
                .iter()
                .any(|g| glob_match(g, file) || glob_match(g, name))
        };
        let hit = !matches(&self.exclude)
            && if self.include.is_empty() {
                file.starts_with(&self.root)
                    && !file.contains("/site-packages/")
                    && !file.contains("/dist-packages/")
            } else {
                matches(&self.include)
            };
        self.chosen.borrow_mut().insert(file.to_string(), hit);
        hit
    }
}

struct Tracer {
    opts: Options,
    files: Files,
    stacks: HashMap<u64, Vec<Open>>,
    next_id: u64,
    started: Instant,
    narrative: Box<dyn Write>,
    chrome: Option<Chrome>,
    zipkin: Option<Zipkin>,
    failed: Option<io::Error>,
}

impl Tracer {
    fn chosen(&self, file: &str) -> bool {
        self.files.chosen(file)
    }

    fn now_us(&self) -> u64 {
        self.started.elapsed().as_micros() as u64
    }

    fn tell(&mut self, depth: usize, text: &str) {
        const INDENT: &[u8] = &[b' '; 64];
        let out = &mut self.narrative;
        let mut written = Ok(());
        for _ in 0..depth / 32 {
            written = written.and_then(|()| out.write_all(INDENT));
        }
        written = written
            .and_then(|()| out.write_all(&INDENT[..depth % 32 * 2]))
            .and_then(|()| out.write_all(text.as_bytes()))
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            self.failed.get_or_insert(e);
        }
    }

    fn call(&mut self, frame: &Frame) {
        let thread = py::thread_id();
        let depth = self.stacks.get(&thread).map_or(0, Vec::len);
        let shown = self.opts.max_depth.is_none_or(|m| depth < m);
        // The call is told, and kept for the span's `call` argument.
        let wanted = self.opts.events.call || self.chrome.is_some() || self.zipkin.is_some();
        let call = if shown && wanted {
            py::narrate(frame, "call", None)
        } else {
            String::new()
        };
        if shown && self.opts.events.call {
            self.tell(depth, &call);
        }
        self.next_id += 1;
        let open = Open {
            id: self.next_id,
            start_us: self.now_us(),
            shown,
            call,
        };
        self.stacks.entry(thread).or_default().push(open);
    }

    fn ret(&mut self, frame: &Frame, value: &Value) {
        let thread = py::thread_id();
        let Some(open) = self.stacks.get_mut(&thread).and_then(Vec::pop) else {
            return;
        };
        if !open.shown {
            return;
        }
        let depth = self.stacks.get(&thread).map_or(0, Vec::len);
        if self.opts.events.ret {
            let text = py::narrate(frame, "return", Some(value));
            self.tell(depth, &text);
        }
        let parent = self
            .stacks
            .get(&thread)
            .and_then(|s| s.last())
            .map_or(0, |p| p.id);
        let span = Span {
            name: &frame.code().qualname,
            file: frame.filename(),
            line: frame.firstlineno(),
            call: &open.call,
            thread,
            start_us: open.start_us,
            duration_us: self.now_us().saturating_sub(open.start_us),
            id: open.id,
            parent,
        };
        let written = [
            self.chrome.as_mut().map(|c| c.span(&span)),
            self.zipkin.as_mut().map(|z| z.span(&span)),
        ];
        for result in written.into_iter().flatten() {
            if let Err(e) = result {
                self.failed.get_or_insert(e);
            }
        }
    }

    fn depth_here(&self) -> usize {
        self.stacks
            .get(&py::thread_id())
            .map_or(0, |s| s.len().saturating_sub(1))
    }

    fn shown_here(&self) -> bool {
        self.stacks
            .get(&py::thread_id())
            .and_then(|s| s.last())
            .is_some_and(|o| o.shown)
    }
}

impl TraceHandler for Tracer {
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn dispatch(&mut self, frame: &Frame, event: &Event<Value>) -> Dispatch {
        match event {
            Event::Call => {
                if !self.chosen(frame.filename()) {
                    return Dispatch::Untouched;
                }
                self.call(frame);
                return Dispatch::Trace;
            }
            Event::Return(value) => self.ret(frame, value),
            Event::Line if self.opts.events.line && self.shown_here() => {
                let text = py::narrate(frame, "line", None);
                self.tell(self.depth_here(), &text);
            }
            Event::Exception(_, exc) if self.opts.events.exception && self.shown_here() => {
                let text = py::narrate(frame, "exception", Some(exc));
                self.tell(self.depth_here(), &text);
            }
            _ => {}
        }
        Dispatch::Trace
    }

    fn call_is_dead(&self, code: &CodeRef<'_>) -> Option<DeadCall> {
        (!self.chosen(code.filename())).then_some(DeadCall::Untraced)
    }

    fn line_is_dead(&self, _code: &CodeRef<'_>, _line: u32) -> bool {
        !self.opts.events.line
    }
}

/// Runs `target` to its end under `handler`, which never stops it: the program's exit
/// status, its uncaught exception's traceback printed as python prints it.
pub fn run_to_the_end(target: &Target, handler: &mut dyn TraceHandler) -> Result<i32, String> {
    let status = match py::run(target, handler) {
        Outcome::Finished | Outcome::Quit => 0,
        Outcome::Exited { status, .. } => status,
        Outcome::Uncaught { traceback, .. } => {
            py::flush_std_streams();
            eprint!("{traceback}");
            1
        }
        Outcome::CannotStart(message) => return Err(message),
    };
    py::flush_std_streams();
    Ok(status)
}

/// Runs `target` under `rdb trace`; returns the process exit status (the program's).
pub fn run(target: &Target, args: &[String], opts: Options) -> i32 {
    match try_run(target, args, opts) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("rdb trace: {e}");
            1
        }
    }
}

fn try_run(target: &Target, args: &[String], opts: Options) -> Result<i32, String> {
    let service = match target {
        Target::Script { path, .. } => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        Target::Module(m) => m.clone(),
    };
    let files = Files::new(target, opts.include.clone(), opts.exclude.clone());
    let open = |path: &Option<String>, what: &str| -> Result<Option<String>, String> {
        Ok(path.clone()).and_then(|p| match &p {
            Some(p) if std::path::Path::new(p).is_dir() => {
                Err(format!("cannot write the {what} to {p}: it is a directory"))
            }
            _ => Ok(p),
        })
    };
    let narrative: Box<dyn Write> = match open(&opts.out, "narrative")? {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(&p).map_err(|e| format!("cannot write {p}: {e}"))?,
        )),
        None => Box::new(io::stdout()),
    };
    let epoch_us = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(1);
    let chrome = match open(&opts.chrome, "Chrome trace")? {
        Some(p) => Some(Chrome::create(&p).map_err(|e| format!("cannot write {p}: {e}"))?),
        None => None,
    };
    // Spans for a collector and no --zipkin file go through a temporary file of rdb's
    // own (made with a fresh name, exclusively), removed when it is dropped.
    let temporary = match (&opts.zipkin_url, &opts.zipkin) {
        (Some(_), None) => Some(
            tempfile::Builder::new()
                .prefix("rdb-zipkin-")
                .suffix(".json")
                .tempfile()
                .map_err(|e| format!("cannot make a temporary file for the spans: {e}"))?,
        ),
        _ => None,
    };
    let spans_for_post = match &temporary {
        Some(t) => Some(t.path().display().to_string()),
        None => opts.zipkin_url.as_ref().and(opts.zipkin.clone()),
    };
    let zipkin = match (&temporary, open(&opts.zipkin, "Zipkin spans")?) {
        (Some(t), _) => Some(
            t.as_file()
                .try_clone()
                .and_then(|f| Zipkin::on(f, &service, epoch_us))
                .map_err(|e| format!("cannot write the spans: {e}"))?,
        ),
        (None, Some(p)) => Some(
            Zipkin::create(&p, &service, epoch_us).map_err(|e| format!("cannot write {p}: {e}"))?,
        ),
        (None, None) => None,
    };
    py::start(target, args, false).map_err(|e| e.to_string())?;
    py::set_repr_limits(&opts.repr.fields());
    let mut tracer = Tracer {
        opts,
        files,
        stacks: HashMap::new(),
        next_id: 0,
        started: Instant::now(),
        narrative,
        chrome,
        zipkin,
        failed: None,
    };
    let status = run_to_the_end(target, &mut tracer)?;
    let mut tracer = tracer;
    // Calls still open (the program exited from inside them) end now.
    tracer.stacks.clear();
    let results = [
        tracer.narrative.flush(),
        tracer.chrome.take().map_or(Ok(()), Chrome::finish),
        tracer.zipkin.take().map_or(Ok(()), Zipkin::finish),
    ];
    let first_failure = tracer
        .failed
        .take()
        .into_iter()
        .chain(results.into_iter().filter_map(Result::err))
        .next();
    if let Some(e) = first_failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            // The reader went away (`rdb trace … | head`): quietly, as command-line tools.
            return Ok(128 + libc::SIGPIPE);
        }
        return Err(format!("writing the trace failed: {e}"));
    }
    if let (Some(url), Some(file)) = (&tracer.opts.zipkin_url, &spans_for_post) {
        let sent = post::post(url, file);
        drop(temporary);
        match sent {
            Ok(code) => eprintln!("rdb trace: POST {url}: HTTP {code}"),
            Err(e) => return Err(e),
        }
    }
    Ok(status)
}
