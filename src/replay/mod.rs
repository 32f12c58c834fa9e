//! A recording opened for replay: its steps, and the program's state at any of them —
//! every thread's stack with each frame's variables — rebuilt from the nearest keyframe
//! before it. No Python: a replay runs nothing.

pub mod batch;
pub mod html;
pub mod moves;
pub mod tui;

use std::collections::HashMap;

use crate::record::format::{self, FrameState, ReadError, Record, Var};

/// Every thread's stack (outermost frame first).
pub type Stacks = HashMap<u64, Vec<FrameState>>;

pub struct Recording {
    /// What was recorded (`head`).
    pub script: String,
    pub python: String,
    /// The events, in order, as their JSON lines (decoded when looked at: a million
    /// steps decoded at once would take half a gigabyte); a position is an index here.
    steps: Vec<Box<str>>,
    /// The state after step `i` (0-based), every `KEY_EVERY` steps.
    keys: Vec<(usize, Stacks)>,
    /// The program's exit status.
    pub status: i32,
    /// Each frame's call: the step it starts at.
    pub calls: HashMap<u64, usize>,
    /// The recorded sources, by file.
    pub sources: HashMap<String, String>,
    /// The files of the recorded calls, each once, in the order first called.
    pub files: Vec<String>,
    /// Everything the program wrote (through its standard streams), in order, and
    /// `(steps before, bytes of output after)` at each piece of it.
    pub output: Vec<u8>,
    output_marks: Vec<(usize, usize)>,
}

/// Where a replay is: a step and the state there.
pub struct Position {
    pub step: usize,
    pub stacks: Stacks,
    /// Each object's latest recorded repr (by identity): a frame's variables are
    /// recorded at its own events, but an object it shares with a deeper frame changes
    /// meanwhile, and at a stop every frame shows the object as it is.
    pub latest: HashMap<u64, String>,
}

impl Position {
    /// `var`'s repr now: its object's latest, for an object worth a tag.
    pub fn repr_of<'a>(&'a self, var: &'a Var) -> &'a str {
        match var.id {
            0 => &var.r,
            id => self.latest.get(&id).map_or(&var.r, String::as_str),
        }
    }

    fn note(&mut self, step: &Record) {
        if let Record::Call { set, .. }
        | Record::Line { set, .. }
        | Record::Return { set, .. }
        | Record::Exception { set, .. } = step
        {
            for v in set.iter().filter(|v| v.id != 0) {
                self.latest.insert(v.id, v.r.clone());
            }
        }
    }
}

fn set_vars(vars: &mut Vec<Var>, set: &[Var], del: &[String]) {
    vars.retain(|v| !del.contains(&v.n));
    for new in set {
        match vars.iter_mut().find(|v| v.n == new.n) {
            Some(old) => *old = new.clone(),
            None => vars.push(new.clone()),
        }
    }
}

/// The state after `step`, given the state before it.
pub fn apply(stacks: &mut Stacks, step: &Record) {
    let (t, line, set, del): (u64, u32, &[Var], &[String]) = match step {
        Record::Call {
            t,
            f,
            func,
            file,
            line,
            args,
            set,
            ..
        } => {
            let stack = stacks.entry(*t).or_default();
            if stack.last().is_some_and(|fr| fr.returning) {
                stack.pop();
            }
            stack.push(FrameState {
                f: *f,
                func: func.clone(),
                file: file.clone(),
                line: *line,
                args: args.clone(),
                vars: set.clone(),
                returning: false,
            });
            return;
        }
        Record::Line {
            t, line, set, del, ..
        }
        | Record::Return {
            t, line, set, del, ..
        }
        | Record::Exception {
            t, line, set, del, ..
        } => (*t, *line, set, del),
        _ => return,
    };
    let stack = stacks.entry(t).or_default();
    if stack.last().is_some_and(|fr| fr.returning) {
        stack.pop();
    }
    if let Some(top) = stack.last_mut() {
        top.line = line;
        set_vars(&mut top.vars, set, del);
        top.returning = matches!(step, Record::Return { .. });
    }
}

/// The thread a step happened in.
pub fn thread_of(step: &Record) -> u64 {
    match step {
        Record::Call { t, .. }
        | Record::Line { t, .. }
        | Record::Return { t, .. }
        | Record::Exception { t, .. } => *t,
        _ => 0,
    }
}

impl Recording {
    pub fn open(path: &str) -> Result<Recording, ReadError> {
        let file = std::fs::File::open(path)?;
        Self::from_lines(format::read_raw(std::io::BufReader::new(file))?)
    }

    #[cfg(test)]
    pub fn from_records(records: Vec<Record>) -> Result<Recording, ReadError> {
        let lines = records
            .iter()
            .map(|r| serde_json::to_string(r).expect("a record serialises"))
            .collect();
        Self::from_lines(lines)
    }

    /// Step `i` (0-based) decoded. The lines were checked when the recording was opened.
    pub fn step(&self, i: usize) -> Record {
        format::parse(&self.steps[i], i).unwrap_or(Record::End {
            steps: 0,
            status: 0,
        })
    }

    pub fn from_lines(lines: Vec<String>) -> Result<Recording, ReadError> {
        let mut recording = Recording {
            script: String::new(),
            python: String::new(),
            steps: Vec::new(),
            keys: Vec::new(),
            status: 0,
            calls: HashMap::new(),
            sources: HashMap::new(),
            files: Vec::new(),
            output: Vec::new(),
            output_marks: Vec::new(),
        };
        for (i, line) in lines.into_iter().enumerate() {
            match format::parse(&line, i)? {
                Record::Head { script, python, .. } => {
                    recording.script = script;
                    recording.python = python;
                }
                Record::Key { stacks } if !recording.steps.is_empty() => {
                    let at = recording.steps.len() - 1;
                    recording.keys.push((at, stacks.into_iter().collect()));
                }
                Record::End { status, .. } => recording.status = status,
                Record::Key { .. } => {}
                Record::Source { file, text } => {
                    recording.sources.insert(file, text);
                }
                Record::Out { text, .. } => {
                    recording.output.extend_from_slice(text.as_bytes());
                    let mark = (recording.steps.len(), recording.output.len());
                    match recording.output_marks.last_mut() {
                        Some(last) if last.0 == mark.0 => *last = mark,
                        _ => recording.output_marks.push(mark),
                    }
                }
                step => {
                    if let Record::Call { f, file, .. } = &step {
                        // a generator's first call (it is called again when resumed)
                        recording.calls.entry(*f).or_insert(recording.steps.len());
                        if !recording.files.contains(file) {
                            recording.files.push(file.clone());
                        }
                    }
                    recording.steps.push(line.into_boxed_str());
                }
            }
        }
        Ok(recording)
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// How many bytes of its output the program had written when step `step` (0-based)
    /// happened (past the last step: all of it, what it wrote on its way out too).
    pub fn output_before(&self, step: usize) -> usize {
        if step >= self.steps.len() {
            return self.output.len();
        }
        match self
            .output_marks
            .partition_point(|&(before, _)| before <= step)
        {
            0 => 0,
            i => self.output_marks[i - 1].1,
        }
    }

    /// The recorded source of `file`, else the file as it is now.
    pub fn source(&self, file: &str) -> Option<String> {
        self.sources
            .get(file)
            .cloned()
            .or_else(|| std::fs::read_to_string(file).ok())
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The state at step `step` (0-based; clamped to the recording).
    pub fn at(&self, step: usize) -> Position {
        let step = step.min(self.steps.len().saturating_sub(1));
        let (from, stacks) = match self.keys.iter().rev().find(|(i, _)| *i <= step) {
            Some((i, stacks)) => (i + 1, stacks.clone()),
            None => (0, Stacks::new()),
        };
        let mut pos = Position {
            step,
            stacks,
            latest: HashMap::new(),
        };
        // a keyframe's frames, outermost first: the deeper, the more recent; threads in
        // the keyframe's order (by identifier), as the page takes them
        let mut threads: Vec<&u64> = pos.stacks.keys().collect();
        threads.sort();
        for frame in threads.into_iter().flat_map(|t| &pos.stacks[t]) {
            for v in frame.vars.iter().filter(|v| v.id != 0) {
                pos.latest.insert(v.id, v.r.clone());
            }
        }
        for i in from.min(step + 1)..=step.min(self.steps.len().saturating_sub(1)) {
            let s = self.step(i);
            apply(&mut pos.stacks, &s);
            pos.note(&s);
        }
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(n: &str, r: &str) -> Var {
        Var {
            n: n.into(),
            ty: "int".into(),
            r: r.into(),
            id: 0,
        }
    }

    fn call(f: u64, func: &str, line: u32, set: Vec<Var>) -> Record {
        Record::Call {
            t: 1,
            f,
            up: None,
            func: func.into(),
            file: "/p/m.py".into(),
            line,
            args: set.iter().map(|v| v.n.clone()).collect(),
            set,
            gen: false,
        }
    }

    fn line(f: u64, line: u32, set: Vec<Var>) -> Record {
        Record::Line {
            t: 1,
            f,
            line,
            set,
            del: vec![],
        }
    }

    fn ret(f: u64, line: u32) -> Record {
        Record::Return {
            t: 1,
            f,
            line,
            value: "None".into(),
            set: vec![],
            del: vec![],
        }
    }

    /// <module> calls f(n) three times, each f sets `y`.
    fn sample(key_every: usize) -> Recording {
        let mut records = vec![call(1, "<module>", 1, vec![]), line(1, 1, vec![])];
        for (i, f) in (2..5).enumerate() {
            records.push(line(1, 3, vec![var("i", &i.to_string())]));
            records.push(call(f, "f", 1, vec![var("n", &i.to_string())]));
            records.push(line(f, 2, vec![var("y", &(i * 10).to_string())]));
            records.push(ret(f, 2));
        }
        records.push(line(1, 4, vec![]));
        records.push(ret(1, 4));
        // keyframes as the recorder writes them: the state after every key_every steps
        let mut with_keys = Vec::new();
        let mut stacks = Stacks::new();
        for (n, r) in records.into_iter().enumerate() {
            apply(&mut stacks, &r);
            with_keys.push(r);
            if (n + 1) % key_every == 0 {
                with_keys.push(Record::Key {
                    stacks: stacks.clone().into_iter().collect(),
                });
            }
        }
        Recording::from_records(with_keys).unwrap()
    }

    /// Each frame's function, line and (name, repr) variables.
    type Picture = Vec<(String, u32, Vec<(String, String)>)>;

    fn picture(pos: &Position) -> Picture {
        pos.stacks[&1]
            .iter()
            .map(|f| {
                (
                    f.func.clone(),
                    f.line,
                    f.vars.iter().map(|v| (v.n.clone(), v.r.clone())).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn any_step_is_rebuilt_the_same_from_the_start_or_from_a_keyframe() {
        let plain = sample(1000);
        let keyed = sample(3);
        for step in 0..plain.len() {
            assert_eq!(
                picture(&plain.at(step)),
                picture(&keyed.at(step)),
                "step {step}"
            );
        }
    }

    #[test]
    fn a_returned_frame_leaves_the_stack_at_the_next_step() {
        let r = sample(1000);
        // step 5: f's return event (f on the stack, returning); step 6: the module again
        let at_return = r.at(5);
        assert_eq!(at_return.stacks[&1].len(), 2);
        assert!(at_return.stacks[&1][1].returning);
        assert_eq!(
            picture(&r.at(6)),
            vec![("<module>".into(), 3, vec![("i".into(), "1".into())])]
        );
        assert_eq!(
            picture(&r.at(4))[1],
            (
                "f".into(),
                2,
                vec![("n".into(), "0".into()), ("y".into(), "0".into())]
            )
        );
    }
}
