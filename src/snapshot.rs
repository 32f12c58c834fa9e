//! Owned, plain-data pictures of the debugged program at a stop. The session builds them
//! (with Python), the UI draws them (without Python); nothing in here refers to Python.

/// Why the program is stopped, with the event's argument as the tracing talk shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopEvent {
    Line,
    Call,
    /// `return` and the returned value's repr.
    Return(String),
    /// `exception` and the exception's one-line form.
    Exception(String),
    /// `return` of a frame an exception is unwinding (bdb's return event with `None`),
    /// and the exception's one-line form.
    Unwind(String),
    /// Post-mortem after an uncaught exception.
    PostMortem(String),
}

impl StopEvent {
    /// The status-line words: `line`, `call`, `return → 'x'`, `exception → ValueError(...)`.
    pub fn describe(&self) -> String {
        match self {
            StopEvent::Line => "line".into(),
            StopEvent::Call => "call".into(),
            StopEvent::Return(v) => format!("return → {v}"),
            StopEvent::Exception(e) => format!("exception → {e}"),
            StopEvent::Unwind(e) => format!("unwinding → {e}"),
            StopEvent::PostMortem(e) => format!("post-mortem → {e}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameSnap {
    pub function: String,
    pub file: String,
    pub line: u32,
    /// The function's arguments as (name, bounded repr); empty in the line interface.
    pub args: Vec<ArgSnap>,
    /// All the frame's variables, for the frames view (the newest frames that fit).
    pub vars: Option<Vec<VarSnap>>,
}

/// An argument of a frame's function, as the stack pane shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArgSnap {
    pub name: String,
    pub repr: String,
    /// See `VarSnap::id` and `VarSnap::tag`.
    pub id: u64,
    pub tag: Option<u32>,
}

/// One row of the variables pane: a variable, or an element of an expanded one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarSnap {
    /// 0 for a variable, 1 for its elements, and so on.
    pub depth: usize,
    /// Identifies the row across stops: the variable's name, then `/`-separated child
    /// indices (`d/0/2`). The paging row of a long container has no children.
    pub path: String,
    /// The name, or the element's label (`[0]`, `'key'`, `.attr`).
    pub name: String,
    pub type_name: String,
    /// Bounded one-line repr.
    pub repr: String,
    /// Has elements that can be shown.
    pub expandable: bool,
    /// The object's identity (0: a value not worth tagging, as a small int).
    pub id: u64,
    /// `#N` when more than one shown name or slot refers to the object: the same N
    /// wherever it is shown, from stop to stop while the object is shown.
    pub tag: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakSnap {
    pub file: String,
    pub line: u32,
    pub enabled: bool,
    pub conditional: bool,
}

/// One line of the event narrative: `call parent(rounds=3)`, `line 7  x = 1`,
/// `return 'done'`, `exception ValueError('x')`, at a stack depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrativeLine {
    pub depth: usize,
    pub text: String,
}

impl NarrativeLine {
    /// The event kind: the first word.
    pub fn kind(&self) -> &str {
        self.text.split(' ').next().unwrap_or("")
    }
}

/// The frame and code-object inspector of the selected frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inspector {
    /// `f_back`, `f_code`, `f_lineno`, `f_lasti`, `f_trace`, `co_*`, as (name, value).
    pub rows: Vec<(String, String)>,
    /// The bytecode of the current line; true marks the instruction at `f_lasti`.
    pub bytecode: Vec<(bool, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopSnapshot {
    /// Which stop of the session this is (1, 2, …): a snapshot sent again after a
    /// command at the same stop has the same id.
    pub id: u64,
    pub event: StopEvent,
    /// Outermost frame first.
    pub stack: Vec<FrameSnap>,
    /// The frame selected with up/down (whose source and locals are shown).
    pub selected: usize,
    /// Variables of the selected frame (its locals, or its globals when `globals`), in
    /// definition order, with the elements of expanded ones after them.
    pub locals: Vec<VarSnap>,
    pub globals: bool,
    pub breakpoints: Vec<BreakSnap>,
    /// The events traced since the previous snapshot (while stepping; not while
    /// continuing, which would slow the program down).
    pub narrative: Vec<NarrativeLine>,
    /// Present when the front end asked for it.
    pub inspector: Option<Inspector>,
    /// How many `debug` sessions deep this stop is (0: the program's own session).
    pub nesting: usize,
    /// The thread's name, when it is not the main thread.
    pub thread: Option<String>,
    /// The module's globals, as the frames view's last box (when it is asked for).
    pub module_globals: Option<Vec<VarSnap>>,
    /// Where a replay is (None: a live session).
    pub replay: Option<ReplayPlace>,
}

/// A replay's position: the step shown, of how many, and how much of the recorded
/// output there was then (the front end does not count it itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayPlace {
    pub step: u64,
    pub steps: u64,
    pub output_mark: u64,
}

impl StopSnapshot {
    /// A stop with only its stack (the newest frame selected); nothing else shown.
    pub fn new(id: u64, event: StopEvent, stack: Vec<FrameSnap>) -> StopSnapshot {
        StopSnapshot {
            id,
            event,
            selected: stack.len().saturating_sub(1),
            stack,
            locals: Vec::new(),
            globals: false,
            breakpoints: Vec::new(),
            narrative: Vec::new(),
            inspector: None,
            nesting: 0,
            thread: None,
            module_globals: None,
            replay: None,
        }
    }

    pub fn selected_frame(&self) -> Option<&FrameSnap> {
        self.stack.get(self.selected)
    }

    /// The status line's words for the stop: the event and where, or, with an older
    /// frame selected, that frame first and then where the program is stopped.
    pub fn describe_stop(&self) -> String {
        let short = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let at = |f: &FrameSnap| format!("{}:{} {}()", short(&f.file), f.line, f.function);
        let Some(selected) = self.selected_frame() else {
            return String::new();
        };
        let event = self.event.describe();
        let nested = if self.nesting > 0 {
            format!(" debug {} ·", self.nesting)
        } else {
            String::new()
        };
        if self.selected + 1 == self.stack.len() {
            return format!("{nested} {event}  {}", at(selected));
        }
        let newest = self.stack.last().map(|f| f.function.as_str()).unwrap_or("");
        format!(
            "{nested} frame {} of {}: {}  (stopped in {newest}(): {event})",
            self.selected + 1,
            self.stack.len(),
            at(selected)
        )
    }
}
