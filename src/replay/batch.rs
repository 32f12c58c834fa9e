//! `rdb replay --batch FILE`: the line interface over a recording. Each position prints
//! as pdb prints a stop (`--Call--`, `--Return--`, the exception, `> file(line)func()`
//! and `-> source`); `s`/`rs` step forwards and backwards, `goto N` and `steps` place it,
//! `w`/`u`/`d`/`a`/`p`/`retval` read the recorded state. Nothing is evaluated: a
//! recording has values, not a program.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use super::{thread_of, Position, Recording};
use crate::record::format::{FrameState, Record};

/// Commands, with their names (pdb's spellings where pdb has the command).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Step,
    ReverseStep,
    Goto,
    Steps,
    Continue,
    Where,
    Up,
    Down,
    Args,
    Print,
    Retval,
    List,
    Help,
    Quit,
}

const COMMANDS: &[(Command, &[&str], &str)] = &[
    (Command::Step, &["step", "s"], "s(tep): the next step"),
    (Command::ReverseStep, &["rs"], "rs: the step before"),
    (Command::Goto, &["goto"], "goto N: step N (from 1)"),
    (
        Command::Steps,
        &["steps"],
        "steps: where this step is, of how many",
    ),
    (
        Command::Continue,
        &["continue", "cont", "c"],
        "c(ont(inue)): the last step",
    ),
    (
        Command::Where,
        &["where", "w", "bt"],
        "w(here): the stack at this step",
    ),
    (Command::Up, &["up", "u"], "u(p) [count]: an older frame"),
    (
        Command::Down,
        &["down", "d"],
        "d(own) [count]: a newer frame",
    ),
    (
        Command::Args,
        &["args", "a"],
        "a(rgs): the selected frame's arguments",
    ),
    (
        Command::Print,
        &["p", "pp"],
        "p NAME: a recorded variable of the selected frame",
    ),
    (
        Command::Retval,
        &["retval", "rv"],
        "retval: the value being returned",
    ),
    (
        Command::List,
        &["list", "l"],
        "l(ist): the source around the selected frame's line",
    ),
    (Command::Help, &["help", "h"], "h(elp): these commands"),
    (
        Command::Quit,
        &["quit", "q", "exit"],
        "q(uit): end the replay",
    ),
];

struct Replay<'a, W: Write> {
    rec: &'a Recording,
    pos: Position,
    /// The selected frame, counted from the newest (0).
    up: usize,
    out: W,
    sources: HashMap<String, Vec<String>>,
}

impl<W: Write> Replay<'_, W> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    fn source_line(&mut self, file: &str, line: u32) -> Option<String> {
        let lines = self.sources.entry(file.to_string()).or_insert_with(|| {
            std::fs::read_to_string(file)
                .map(|s| s.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        lines
            .get(line.checked_sub(1)? as usize)
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
    }

    /// The stack of the thread the current step is in, outermost first.
    fn stack(&self) -> &[FrameState] {
        let t = thread_of(&self.rec.steps[self.pos.step]);
        self.pos.stacks.get(&t).map_or(&[], Vec::as_slice)
    }

    fn selected(&self) -> Option<&FrameState> {
        let stack = self.stack();
        stack.len().checked_sub(1 + self.up).map(|i| &stack[i])
    }

    fn returned(&self) -> Option<&str> {
        match &self.rec.steps[self.pos.step] {
            Record::Return { value, .. } => Some(value),
            _ => None,
        }
    }

    /// `file(line)func()[->value]` and pdb's `-> source` line.
    fn entry(&mut self, frame: &FrameState, newest: bool) -> String {
        let mut text = format!("{}({}){}()", frame.file, frame.line, frame.func);
        if newest {
            if let Some(v) = self.returned() {
                text += "->";
                text += v;
            }
        }
        if let Some(src) = self.source_line(&frame.file.clone(), frame.line) {
            text += "\n-> ";
            text += &src;
        }
        text
    }

    /// The position, as pdb prints a stop.
    fn show(&mut self) {
        self.up = 0;
        match &self.rec.steps[self.pos.step] {
            Record::Call { .. } => self.say("--Call--"),
            Record::Return { .. } => self.say("--Return--"),
            Record::Exception { text, .. } => {
                let text = text.clone();
                self.say(&text);
            }
            _ => {}
        }
        if let Some(frame) = self.stack().last().cloned() {
            let text = self.entry(&frame, true);
            self.say(&format!("> {text}"));
        }
    }

    fn go(&mut self, step: usize) {
        self.pos = self.rec.at(step);
        self.show();
    }

    fn run(&mut self, word: Command, arg: &str) -> bool {
        match word {
            Command::Step => {
                if self.rec.forward(&mut self.pos) {
                    self.show();
                } else {
                    self.say("*** The recording ends here");
                }
            }
            Command::ReverseStep => match self.pos.step.checked_sub(1) {
                Some(step) => self.go(step),
                None => self.say("*** The recording starts here"),
            },
            Command::Goto => match arg.trim().parse::<usize>() {
                Ok(n) if (1..=self.rec.len()).contains(&n) => self.go(n - 1),
                _ => self.say(&format!(
                    "*** goto takes a step number from 1 to {}",
                    self.rec.len()
                )),
            },
            Command::Steps => {
                let text = format!("step {} of {}", self.pos.step + 1, self.rec.len());
                self.say(&text);
            }
            Command::Continue => {
                self.go(self.rec.len() - 1);
                let status = self.rec.status;
                self.say(&format!(
                    "The recording ends here (the program exited with status {status})"
                ));
            }
            Command::Where => {
                let stack = self.stack().to_vec();
                let selected = stack.len().saturating_sub(1 + self.up);
                for (i, frame) in stack.iter().enumerate() {
                    let mark = if i == selected { "> " } else { "  " };
                    let text = self.entry(frame, i + 1 == stack.len());
                    self.say(&format!("{mark}{text}"));
                }
            }
            Command::Up | Command::Down => {
                let count = if arg.trim().is_empty() {
                    Some(1)
                } else {
                    arg.trim().parse::<usize>().ok()
                };
                let Some(count) = count else {
                    self.say(&format!("*** Invalid frame count ({})", arg.trim()));
                    return false;
                };
                let depth = self.stack().len();
                let target = if word == Command::Up {
                    (self.up + count).min(depth.saturating_sub(1))
                } else {
                    self.up.saturating_sub(count)
                };
                if target == self.up {
                    self.say(if word == Command::Up {
                        "*** Oldest frame"
                    } else {
                        "*** Newest frame"
                    });
                } else {
                    self.up = target;
                    if let Some(frame) = self.selected().cloned() {
                        let text = self.entry(&frame, target == 0);
                        self.say(&format!("> {text}"));
                    }
                }
            }
            Command::Args => {
                if let Some(frame) = self.selected().cloned() {
                    for name in &frame.args {
                        if let Some(v) = frame.vars.iter().find(|v| &v.n == name) {
                            self.say(&format!("{name} = {}", v.r));
                        }
                    }
                }
            }
            Command::Print => {
                let name = arg.trim();
                let value = self
                    .selected()
                    .and_then(|f| f.vars.iter().find(|v| v.n == name))
                    .map(|v| v.r.clone());
                match value {
                    Some(r) => self.say(&r),
                    None if name.chars().all(|c| c.is_alphanumeric() || c == '_')
                        && !name.is_empty() =>
                    {
                        self.say(&format!("*** NameError: name '{name}' is not recorded here"))
                    }
                    None => self.say(&format!(
                        "*** a recording cannot evaluate {name:?}: it shows recorded variables by name"
                    )),
                }
            }
            Command::Retval => match self.returned().map(str::to_string) {
                Some(v) if self.up == 0 => self.say(&v),
                _ => self.say("*** Not yet returned!"),
            },
            Command::List => {
                if let Some(frame) = self.selected().cloned() {
                    let _ = self.source_line(&frame.file, frame.line);
                    let lines = self.sources[&frame.file].clone();
                    let first = frame.line.saturating_sub(5).max(1);
                    for n in first..first + 11 {
                        let Some(text) = lines.get(n as usize - 1).cloned() else {
                            self.say("[EOF]");
                            break;
                        };
                        let mark = if n == frame.line { "->" } else { "  " };
                        self.say(&format!("{n:>3}  {mark}\t{text}"));
                    }
                }
            }
            Command::Help => {
                for (_, _, doc) in COMMANDS {
                    self.say(doc);
                }
            }
            Command::Quit => return true,
        }
        false
    }
}

fn lookup(word: &str) -> Option<Command> {
    COMMANDS
        .iter()
        .find(|(_, names, _)| names.contains(&word))
        .map(|(c, _, _)| *c)
}

/// Replays `path` reading commands from `input`; the exit status.
pub fn run(path: &str, input: impl BufRead, out: impl Write) -> i32 {
    let rec = match Recording::open(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rdb replay: {path}: {e}");
            return 2;
        }
    };
    if rec.is_empty() {
        eprintln!("rdb replay: {path}: the recording has no steps (no file was chosen?)");
        return 2;
    }
    // pdb's first stop is the script's first line, not its module's call event
    let first = match rec.steps.first() {
        Some(Record::Call { func, .. }) if func == "<module>" && rec.len() > 1 => 1,
        _ => 0,
    };
    let mut replay = Replay {
        pos: rec.at(first),
        rec: &rec,
        up: 0,
        out,
        sources: HashMap::new(),
    };
    replay.show();
    let mut lines = input.lines();
    let mut last = String::new();
    loop {
        let _ = write!(replay.out, "(replay) ");
        let _ = replay.out.flush();
        let Some(Ok(line)) = lines.next() else {
            let _ = writeln!(replay.out);
            return 0;
        };
        let line = if line.trim().is_empty() {
            last.clone()
        } else {
            line
        };
        last = line.clone();
        let (word, arg) = line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((line.trim(), ""));
        if word.is_empty() {
            continue;
        }
        match lookup(word) {
            Some(command) => {
                if replay.run(command, arg) {
                    return 0;
                }
            }
            None => replay.say(&format!(
                "*** {word}: not a replay command (help lists them)"
            )),
        }
        let _ = io::stdout().flush();
    }
}
