//! The boundary between a session and the front end that shows it: what the session
//! asks of a front end (`Frontend`), and what a front end hands back (`Input`,
//! `ViewRequest`, `BreakRequest`). Owned types only; neither Python nor a terminal.

use crate::snapshot::StopSnapshot;

/// What a front end hands the session when asked for a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A command line, without its newline.
    Line(String),
    /// End of input (pdb's EOF: quit).
    Eof,
    /// Nothing to run; send a fresh snapshot (the view asked for other details).
    Redraw,
    /// Select frame `index` of the stack (outermost 0), as `up`/`down` do.
    Frame(usize),
    /// A breakpoint set or cleared at a place the interface points at.
    Break(BreakRequest),
}

/// A breakpoint at a file and line, as a drawing front end asks for one: the same checks
/// and messages as `break file:line[, cond]` / `tbreak` / `clear file:line`, whatever the
/// path holds (a comma, a colon).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakRequest {
    Set {
        file: String,
        line: u32,
        temporary: bool,
        condition: Option<String>,
    },
    Clear {
        file: String,
        line: u32,
    },
}

/// Which details of the stop a drawing front end wants in its snapshots.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewRequest {
    /// Paths of expanded variables (see `snapshot::VarSnap::path`).
    pub expanded: Vec<String>,
    /// Show the frame's globals instead of its locals.
    pub globals: bool,
    /// Include the frame and code-object inspector.
    pub inspect: bool,
    /// How many elements of an expanded container to show, where more than the first
    /// page was asked for (path, count).
    pub pages: Vec<(String, usize)>,
    /// The frames view is shown: all variables of this many of the newest frames, and
    /// the module's globals.
    pub frames: Option<usize>,
}

/// Where a session's messages go and its command lines come from.
pub trait Frontend {
    fn message(&mut self, text: &str);
    /// The next command.
    fn read_command(&mut self, prompt: &str) -> Input;
    /// A line at a prompt of its own (`(com) ` of a command list, `...   ` of a
    /// statement that goes on); `None` at the end of input or when the user gives up.
    fn read_line(&mut self, prompt: &str) -> Option<String> {
        loop {
            match self.read_command(prompt) {
                Input::Line(line) => return Some(line),
                Input::Eof => return None,
                Input::Redraw | Input::Frame(_) | Input::Break(_) => {}
            }
        }
    }
    /// A yes/no question (pdb's `clear` with no argument asks one).
    fn confirm(&mut self, question: &str) -> bool {
        match self.read_command(question) {
            Input::Line(l) => matches!(l.trim().to_lowercase().as_str(), "y" | "yes"),
            _ => false,
        }
    }
    /// The program is about to start again (`run`, or after the end of a run).
    fn restarting(&mut self) {}
    /// Which details snapshots should carry.
    fn view(&self) -> ViewRequest {
        ViewRequest::default()
    }
    /// Whether `stopped` wants a snapshot before each command is read.
    fn wants_snapshots(&self) -> bool {
        false
    }
    /// The program is paused: what it looks like now.
    fn stopped(&mut self, _snapshot: StopSnapshot) {}
    /// A run ended (finished, exited); `message` is pdb's line about it. Returns whether
    /// to restart the program (pdb always does).
    fn program_ended(&mut self, message: &str) -> bool {
        self.message(message);
        true
    }
    /// The post-mortem prompt was left (with `c` or `s`, pdb's "will restart the
    /// program", or with `q`: `quitting`); `message` is pdb's line. Returns whether to
    /// restart (pdb before 3.13 does even after `q`).
    fn post_mortem_over(&mut self, message: &str, _quitting: bool) -> bool {
        self.message(message);
        true
    }
    /// The program is running again.
    fn resumed(&mut self) {}
    /// Whether pdb's `> file(line)` entry is printed at each stop (a front end that draws
    /// the stop does not need it).
    fn prints_location(&self) -> bool {
        true
    }
}
