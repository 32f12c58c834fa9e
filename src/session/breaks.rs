//! Breakpoint commands: break/tbreak (line, file:line, function, condition), clear,
//! enable/disable, condition, ignore; with pdb's checks and messages.

use super::{Bdb, BreakRequest, Session};
use crate::engine::{parse_python_int, FrameView};
use crate::py;

impl Session {
    /// 3.12's refusal of an expression that does not compile: why.
    pub(super) fn refused_expression(&self, expr: &str) -> Option<String> {
        if py::PDB_CHECKS_EXPRESSIONS {
            self.python.compile_error(expr)
        } else {
            None
        }
    }

    /// pdb's `defaultFile`.
    fn default_file(&self) -> String {
        let f = self.curframe().filename().to_string();
        if f == "<string>" && !self.mainpyfile.is_empty() {
            self.mainpyfile.clone()
        } else {
            f
        }
    }

    /// pdb's `checkline`: the line if it can hold a breakpoint, else an error shown.
    fn checkline(&mut self, filename: &str, lineno: i64) -> Option<u32> {
        let globals = (!self.stack.is_empty()).then(|| self.curframe().globals());
        let line = u32::try_from(lineno)
            .ok()
            .filter(|&n| n >= 1)
            .map(|n| self.python.getline(filename, n, globals.as_ref()))
            .unwrap_or_default();
        if line.is_empty() {
            self.message("End of file");
            return None;
        }
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line.starts_with("\"\"\"")
            || line.starts_with("'''")
        {
            self.error("Blank or comment");
            return None;
        }
        Some(lineno as u32)
    }

    /// pdb's `lineinfo`: a function named `name` or `module.name`, found in the source.
    fn lineinfo(&self, identifier: &str) -> Option<(String, String, u32)> {
        let parts: Vec<&str> = identifier.split('\'').collect();
        let id = match parts.len() {
            1 => parts[0].trim(),
            3 => parts[1].trim(),
            _ => return None,
        };
        if id.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = id.split('.').collect();
        if names[0] == "self" {
            names.remove(0);
            if names.is_empty() {
                return None;
            }
        }
        let mut fname = self.default_file();
        let item = if names.len() == 1 {
            names[0]
        } else {
            if let Some(f) = self.python.lookup_module(names[0], &self.mainpyfile) {
                fname = f;
            }
            names[1]
        };
        self.python.find_function(item, &fname)
    }

    pub(super) fn do_break(&mut self, bdb: &mut Bdb, arg: &str, temporary: bool) {
        if arg.is_empty() {
            if !bdb.breaks.is_empty() {
                self.message("Num Type         Disp Enb   Where");
                let rows: Vec<String> = bdb.breaks.iter().map(|b| b.bpformat()).collect();
                for row in rows {
                    self.message(&row);
                }
            }
            return;
        }
        let (mut spec, cond) = match arg.find(',') {
            Some(i) if i > 0 => (
                arg[..i].trim_end(),
                Some(arg[i + 1..].trim_start().to_string()),
            ),
            _ => (arg, None),
        };
        if let Some(err) = cond.as_deref().and_then(|c| self.refused_expression(c)) {
            return self.error(&format!(
                "Invalid condition {}: {err}",
                cond.unwrap_or_default()
            ));
        }
        let mut filename: Option<String> = None;
        let mut funcname = None;
        let lineno: i64;
        if let Some(colon) = spec.rfind(':') {
            let name = spec[..colon].trim_end();
            match self.python.lookup_module(name, &self.mainpyfile) {
                Some(f) => filename = Some(f),
                None => return self.error(&format!("'{name}' not found from sys.path")),
            }
            spec = spec[colon + 1..].trim_start();
            match parse_python_int(spec) {
                Some(n) => lineno = n,
                None => return self.error(&format!("Bad lineno: {spec}")),
            }
        } else if let Some(n) = parse_python_int(spec) {
            lineno = n;
        } else {
            let globals = self.curframe().globals();
            let locals = self.curframe_locals();
            if let Some((name, first, file)) = py::function_location(spec, &globals, &locals) {
                funcname = Some(name);
                lineno = i64::from(first);
                filename = Some(file);
            } else if let Some((name, file, line)) = self.lineinfo(spec) {
                funcname = Some(name);
                filename = Some(file);
                lineno = i64::from(line);
            } else {
                return self.error(&format!(
                    "The specified object '{spec}' is not a function or was not found along sys.path."
                ));
            }
        }
        let filename = filename.unwrap_or_else(|| self.default_file());
        self.set_break_at(bdb, &filename, lineno, temporary, cond, funcname);
    }

    /// What the interface asks for, as `break`/`tbreak`/`clear` with a file and line.
    pub(super) fn break_request(&mut self, bdb: &mut Bdb, request: BreakRequest) {
        match request {
            BreakRequest::Set {
                file,
                line,
                temporary,
                condition,
            } => {
                if let Some(err) = condition
                    .as_deref()
                    .and_then(|c| self.refused_expression(c))
                {
                    return self.error(&format!(
                        "Invalid condition {}: {err}",
                        condition.unwrap_or_default()
                    ));
                }
                self.set_break_at(bdb, &file, i64::from(line), temporary, condition, None);
            }
            BreakRequest::Clear { file, line } => self.clear_at(bdb, &file, i64::from(line)),
        }
    }

    fn set_break_at(
        &mut self,
        bdb: &mut Bdb,
        filename: &str,
        lineno: i64,
        temporary: bool,
        cond: Option<String>,
        funcname: Option<String>,
    ) {
        let Some(line) = self.checkline(filename, lineno) else {
            return;
        };
        let file = self.python.canonic(filename);
        if self.python.getline(&file, line, None).is_empty() {
            return self.error(&format!("Line {file}:{line} does not exist"));
        }
        let bp = bdb.breaks.add(&file, line, temporary, cond, funcname);
        let text = format!("Breakpoint {} at {}:{}", bp.number, bp.file, bp.line);
        self.message(&text);
        self.python.breakpoint_added(&file);
    }

    pub(super) fn do_clear(&mut self, bdb: &mut Bdb, arg: &str) {
        if arg.is_empty() {
            if self.front.confirm("Clear all breaks? ") {
                for bp in bdb.breaks.clear_all() {
                    self.message(&format!("Deleted {bp}"));
                }
            }
            return;
        }
        if let Some(i) = arg.rfind(':') {
            let (file, line) = (&arg[..i], &arg[i + 1..]);
            let Some(line) = parse_python_int(line) else {
                return self.error(&format!("Invalid line number ({line})"));
            };
            return self.clear_at(bdb, file, line);
        }
        for n in arg.split_whitespace() {
            match bdb.breaks.by_number(n).map(|b| b.number) {
                Ok(number) => {
                    if let Some(bp) = bdb.breaks.delete(number) {
                        self.message(&format!("Deleted {bp}"));
                    }
                }
                Err(e) => self.error(&e),
            }
        }
    }

    fn clear_at(&mut self, bdb: &mut Bdb, file: &str, line: i64) {
        let file = self.python.canonic(file);
        match bdb.breaks.clear_line(&file, line.max(0) as u32) {
            Ok(deleted) => {
                for bp in deleted {
                    self.message(&format!("Deleted {bp}"));
                }
            }
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn do_enable(&mut self, bdb: &mut Bdb, arg: &str, enable: bool) {
        for n in arg.split_whitespace() {
            match bdb.breaks.by_number_mut(n) {
                Ok(bp) => {
                    bp.enabled = enable;
                    let text = format!("{} {bp}", if enable { "Enabled" } else { "Disabled" });
                    self.message(&text);
                }
                Err(e) => self.error(&e),
            }
        }
    }

    pub(super) fn do_condition(&mut self, bdb: &mut Bdb, arg: &str) {
        let (num, cond) = match arg.split_once(' ') {
            Some((n, c)) => (n, Some(c.to_string())),
            None => (arg, None),
        };
        if let Some(err) = cond.as_deref().and_then(|c| self.refused_expression(c)) {
            return self.error(&format!(
                "Invalid condition {}: {err}",
                cond.unwrap_or_default()
            ));
        }
        match bdb.breaks.by_number_mut(num.trim()) {
            Ok(bp) => {
                bp.cond = cond.filter(|c| !c.is_empty());
                let text = if bp.cond.is_none() {
                    format!("Breakpoint {} is now unconditional.", bp.number)
                } else {
                    format!("New condition set for breakpoint {}.", bp.number)
                };
                self.message(&text);
            }
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn do_ignore(&mut self, bdb: &mut Bdb, arg: &str) {
        let args: Vec<&str> = arg.split_whitespace().collect();
        let count = args
            .get(1)
            .and_then(|c| parse_python_int(c))
            .unwrap_or(0)
            .max(0) as u32;
        let Some(num) = args.first() else {
            return self.error("Breakpoint number expected");
        };
        match bdb.breaks.by_number_mut(num) {
            Ok(bp) => {
                bp.ignore = count;
                let number = bp.number;
                let text = match count {
                    0 => format!("Will stop next time breakpoint {number} is reached."),
                    1 => format!("Will ignore next 1 crossing of breakpoint {number}."),
                    n => format!("Will ignore next {n} crossings of breakpoint {number}."),
                };
                self.message(&text);
            }
            Err(e) => self.error(&e),
        }
    }
}
