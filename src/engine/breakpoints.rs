//! The breakpoint table with bdb's numbering, `bplist` lookup and `effective()` rules.

use std::collections::{HashMap, HashSet};

use super::frame::FrameView;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakpoint {
    pub number: usize,
    pub file: String,
    pub line: u32,
    pub temporary: bool,
    pub cond: Option<String>,
    pub funcname: Option<String>,
    pub func_first_executable_line: Option<u32>,
    pub enabled: bool,
    pub ignore: u32,
    pub hits: u32,
}

impl Breakpoint {
    /// bdb's `bpformat()`: the row printed by `break` without arguments.
    pub fn bpformat(&self) -> String {
        let disp = match (self.temporary, self.enabled) {
            (true, true) => "del  yes  ",
            (true, false) => "del  no   ",
            (false, true) => "keep yes  ",
            (false, false) => "keep no   ",
        };
        let mut s = format!(
            "{:<4}breakpoint   {} at {}:{}",
            self.number, disp, self.file, self.line
        );
        if let Some(cond) = self.cond.as_deref().filter(|c| !c.is_empty()) {
            s += &format!("\n\tstop only if {cond}");
        }
        if self.ignore > 0 {
            s += &format!("\n\tignore next {} hits", self.ignore);
        }
        if self.hits > 0 {
            let ss = if self.hits > 1 { "s" } else { "" };
            s += &format!("\n\tbreakpoint already hit {} time{ss}", self.hits);
        }
        s
    }
}

impl std::fmt::Display for Breakpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "breakpoint {} at {}:{}",
            self.number, self.file, self.line
        )
    }
}

/// All breakpoints, numbered from 1 as bdb does; deleted numbers are never reused.
#[derive(Debug)]
pub struct Breakpoints {
    by_number: Vec<Option<Breakpoint>>,
    lines: HashMap<String, HashSet<u32>>,
}

impl Default for Breakpoints {
    fn default() -> Self {
        // Number 0 is never a breakpoint, as in bdb's `Breakpoint.bpbynumber = [None]`.
        Breakpoints {
            by_number: vec![None],
            lines: HashMap::new(),
        }
    }
}

impl Breakpoints {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn add(
        &mut self,
        file: &str,
        line: u32,
        temporary: bool,
        cond: Option<String>,
        funcname: Option<String>,
    ) -> &Breakpoint {
        let number = self.by_number.len();
        self.by_number.push(Some(Breakpoint {
            number,
            file: file.to_string(),
            line,
            temporary,
            cond: cond.filter(|c| !c.is_empty()),
            funcname,
            func_first_executable_line: None,
            enabled: true,
            ignore: 0,
            hits: 0,
        }));
        self.lines.entry(file.to_string()).or_default().insert(line);
        self.by_number[number].as_ref().expect("just pushed")
    }

    /// The number the newest breakpoint got (0 before any): pdb's
    /// `len(bdb.Breakpoint.bpbynumber) - 1`, whether or not it was deleted since.
    pub fn last_number(&self) -> usize {
        self.by_number.len() - 1
    }

    /// bdb's `get_bpbynumber`, with its error messages.
    pub fn by_number(&self, arg: &str) -> Result<&Breakpoint, String> {
        let n = self.number_of(arg)?;
        Ok(self.by_number[n].as_ref().expect("checked"))
    }

    pub fn by_number_mut(&mut self, arg: &str) -> Result<&mut Breakpoint, String> {
        let n = self.number_of(arg)?;
        Ok(self.by_number[n].as_mut().expect("checked"))
    }

    fn number_of(&self, arg: &str) -> Result<usize, String> {
        let arg = arg.trim();
        if arg.is_empty() {
            return Err("Breakpoint number expected".into());
        }
        let n: i64 =
            parse_python_int(arg).ok_or_else(|| format!("Non-numeric breakpoint number {arg}"))?;
        let idx = if n < 0 {
            self.by_number.len() as i64 + n
        } else {
            n
        };
        if idx < 0 || idx as usize >= self.by_number.len() {
            return Err(format!("Breakpoint number {n} out of range"));
        }
        match self.by_number.get(idx as usize) {
            Some(Some(_)) => Ok(idx as usize),
            _ => Err(format!("Breakpoint {n} already deleted")),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Breakpoint> {
        self.by_number.iter().flatten()
    }

    /// Breakpoints at file:line, in creation order (bdb's `bplist[file, line]`).
    pub fn at(&self, file: &str, line: u32) -> Vec<&Breakpoint> {
        self.iter()
            .filter(|b| b.file == file && b.line == line)
            .collect()
    }

    pub fn file_lines(&self, file: &str) -> Option<&HashSet<u32>> {
        self.lines.get(file)
    }

    /// The files with breakpoints.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.lines.keys().map(String::as_str)
    }

    pub fn has_file(&self, file: &str) -> bool {
        self.lines.contains_key(file)
    }

    pub fn delete(&mut self, number: usize) -> Option<Breakpoint> {
        let bp = self.by_number.get_mut(number)?.take()?;
        if self.at(&bp.file, bp.line).is_empty() {
            if let Some(set) = self.lines.get_mut(&bp.file) {
                set.remove(&bp.line);
                if set.is_empty() {
                    self.lines.remove(&bp.file);
                }
            }
        }
        Some(bp)
    }

    /// bdb's `clear_break(filename, lineno)`: deletes every breakpoint on that line.
    pub fn clear_line(&mut self, file: &str, line: u32) -> Result<Vec<Breakpoint>, String> {
        match self.lines.get(file) {
            None => return Err(format!("There are no breakpoints in {file}")),
            Some(set) if !set.contains(&line) => {
                return Err(format!("There is no breakpoint at {file}:{line}"))
            }
            Some(_) => {}
        }
        let numbers: Vec<usize> = self.at(file, line).iter().map(|b| b.number).collect();
        Ok(numbers.into_iter().filter_map(|n| self.delete(n)).collect())
    }

    pub fn clear_all(&mut self) -> Vec<Breakpoint> {
        let numbers: Vec<usize> = self.iter().map(|b| b.number).collect();
        numbers.into_iter().filter_map(|n| self.delete(n)).collect()
    }

    /// bdb's `effective(file, line, frame)`: the breakpoint that fires here, and whether a
    /// temporary one may be deleted (not when its condition failed to evaluate).
    pub fn effective<F: FrameView>(
        &mut self,
        file: &str,
        line: u32,
        frame: &F,
    ) -> Option<(usize, bool)> {
        let numbers: Vec<usize> = self.at(file, line).iter().map(|b| b.number).collect();
        for n in numbers {
            let b = self.by_number[n].as_mut().expect("listed");
            if !b.enabled || !check_funcname(b, frame) {
                continue;
            }
            b.hits += 1;
            match b.cond.clone() {
                None => {
                    if b.ignore > 0 {
                        b.ignore -= 1;
                        continue;
                    }
                    return Some((n, true));
                }
                Some(cond) => match frame.eval_condition(&cond) {
                    Ok(true) => {
                        let b = self.by_number[n].as_mut().expect("listed");
                        if b.ignore > 0 {
                            b.ignore -= 1;
                        } else {
                            return Some((n, true));
                        }
                    }
                    Ok(false) => {}
                    Err(_) => return Some((n, false)),
                },
            }
        }
        None
    }
}

/// bdb's `checkfuncname`: a line breakpoint fires on its line; a function breakpoint fires
/// on the first line executed in that function.
fn check_funcname<F: FrameView>(b: &mut Breakpoint, frame: &F) -> bool {
    let Some(funcname) = &b.funcname else {
        return b.line == frame.lineno();
    };
    if frame.function() != funcname {
        return false;
    }
    let first = *b.func_first_executable_line.get_or_insert(frame.lineno());
    first == frame.lineno()
}

/// `int(arg)` as Python parses it: surrounding blanks, a sign, underscores between digits.
pub fn parse_python_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let v: i64 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -v } else { v })
}
