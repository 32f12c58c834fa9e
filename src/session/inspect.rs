//! Commands that look at the paused program: p, pp, whatis, source, display, args,
//! retval, list, longlist, help, and statements executed in the current frame.

use super::commands::{lookup, COMMANDS};
use super::{Bdb, Session, Shown};
use crate::engine::FrameView;
use crate::py::{self, Frame, PyFailure, Value};

impl Session {
    fn getval(&mut self, expr: &str) -> Result<Value, PyFailure> {
        let globals = self.curframe().globals();
        let locals = self.curframe_locals();
        py::eval(expr, &globals, &locals)
    }

    /// pdb's `_getval`: the value, or the error printed.
    fn getval_or_report(&mut self, expr: &str) -> Option<Value> {
        match self.getval(expr) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(&e.0);
                None
            }
        }
    }

    fn getval_except(&mut self, expr: &str, frame: Option<&Frame>) -> Shown {
        let result = match frame {
            Some(f) => py::eval(expr, &f.globals(), &f.locals()),
            None => self.getval(expr),
        };
        match result {
            Ok(v) => Shown::Value(v),
            Err(e) => Shown::Raised(format!("** raised {} **", e.0)),
        }
    }

    fn shown_repr(shown: &Shown, expr: &str) -> String {
        match shown {
            Shown::Value(v) => v.safe_repr(expr),
            Shown::Raised(s) => s.clone(),
        }
    }

    /// pdb's `default`: a statement executed in the current frame.
    pub(super) fn default(&mut self, stmt: &str) {
        let mut buffer = stmt.to_string();
        if py::PDB_READS_MULTILINE_STATEMENTS && py::statement_incomplete(&format!("{stmt}\n")) {
            loop {
                let Some(line) = self.front.read_line("...   ") else {
                    self.lastcmd.clear();
                    return self.message("");
                };
                buffer.push('\n');
                buffer.push_str(line.trim_end_matches(['\r', '\n']));
                if !py::statement_incomplete(&buffer) {
                    break;
                }
            }
        }
        let stmt = buffer.as_str();
        let globals = self.curframe().globals();
        let locals = self.curframe_locals();
        let (written, raised) = py::exec_line(stmt, &globals, &locals);
        if !written.is_empty() {
            self.message(written.strip_suffix('\n').unwrap_or(&written));
        }
        if let Some(e) = raised {
            self.error(&e.0);
        }
    }

    /// pdb's `_msg_val_func`: evaluate, then show `show(value)` or the error.
    fn msg_val(&mut self, arg: &str, show: fn(&Value) -> Result<String, PyFailure>) {
        let Some(v) = self.getval_or_report(arg) else {
            return;
        };
        match show(&v) {
            Ok(s) => self.message(&s),
            Err(e) => self.error(&e.0),
        }
    }

    pub(super) fn do_p(&mut self, arg: &str, pretty: bool) {
        self.msg_val(arg, if pretty { Value::pformat } else { Value::repr });
    }

    pub(super) fn do_whatis(&mut self, arg: &str) {
        self.msg_val(arg, Value::whatis);
    }

    pub(super) fn do_source(&mut self, arg: &str) {
        let Some(v) = self.getval_or_report(arg) else {
            return;
        };
        match v.source_lines() {
            Ok((lines, first)) => self.print_lines(&lines, first, &[], None),
            Err(e) => self.error(
                &e.0.split_once(": ")
                    .map_or(e.0.clone(), |(_, m)| m.to_string()),
            ),
        }
    }

    fn displaying_mut(&mut self) -> &mut Vec<(String, Shown)> {
        let frame = self.curframe().clone();
        let pos = match self.displaying.iter().position(|(f, _)| f.same(&frame)) {
            Some(p) => p,
            None => {
                self.displaying.push((frame, Vec::new()));
                self.displaying.len() - 1
            }
        };
        &mut self.displaying[pos].1
    }

    /// pdb's `preloop`: show display expressions of the current frame that changed.
    pub(super) fn preloop(&mut self) {
        let frame = self.curframe().clone();
        let Some(pos) = self.displaying.iter().position(|(f, _)| f.same(&frame)) else {
            return;
        };
        let exprs: Vec<String> = self.displaying[pos]
            .1
            .iter()
            .map(|(e, _)| e.clone())
            .collect();
        for (i, expr) in exprs.iter().enumerate() {
            let new = self.getval_except(expr, None);
            let old = &self.displaying[pos].1[i].1;
            let changed = match (&new, old) {
                (Shown::Value(n), Shown::Value(o)) => n.changed_from(o),
                (Shown::Raised(n), Shown::Raised(o)) => n != o,
                _ => true,
            };
            if changed {
                let text = format!(
                    "display {expr}: {}  [old: {}]",
                    Self::shown_repr(&new, expr),
                    Self::shown_repr(old, expr)
                );
                self.displaying[pos].1[i].1 = new;
                self.message(&text);
            }
        }
    }

    pub(super) fn do_display(&mut self, arg: &str) {
        if arg.is_empty() {
            if py::PDB_CHECKS_EXPRESSIONS && self.displaying.is_empty() {
                return self.message("No expression is being displayed");
            }
            self.message("Currently displaying:");
            let frame = self.curframe().clone();
            let rows: Vec<String> = self
                .displaying
                .iter()
                .filter(|(f, _)| f.same(&frame))
                .flat_map(|(_, list)| list.iter())
                .map(|(e, v)| format!("{e}: {}", Self::shown_repr(v, e)))
                .collect();
            for row in rows {
                self.message(&row);
            }
            return;
        }
        if let Some(err) = self.refused_expression(arg) {
            return self.error(&format!("Unable to display {arg}: {err}"));
        }
        let val = self.getval_except(arg, None);
        let text = format!("display {arg}: {}", Self::shown_repr(&val, arg));
        let list = self.displaying_mut();
        match list.iter_mut().find(|(e, _)| e == arg) {
            Some(entry) => entry.1 = val,
            None => list.push((arg.to_string(), val)),
        }
        self.message(&text);
    }

    pub(super) fn do_undisplay(&mut self, arg: &str) {
        let frame = self.curframe().clone();
        if arg.is_empty() {
            self.displaying.retain(|(f, _)| !f.same(&frame));
            return;
        }
        let list = self.displaying_mut();
        match list.iter().position(|(e, _)| e == arg) {
            Some(i) => {
                list.remove(i);
            }
            None => self.error(&format!("not displaying {arg}")),
        }
    }

    pub(super) fn do_args(&mut self) {
        let locals = self.curframe_locals();
        let names = self.curframe().arg_names().to_vec();
        for name in names {
            match Frame::local(&locals, &name) {
                Some(v) => self.message(&format!("{name} = {}", v.safe_repr(&name))),
                None => self.message(&format!("{name} = *** undefined ***")),
            }
        }
    }

    pub(super) fn do_retval(&mut self) {
        let locals = self.curframe_locals();
        match Frame::local(&locals, "__return__") {
            Some(v) => {
                let text = v.safe_repr("retval");
                self.message(&text);
            }
            None => self.error("Not yet returned!"),
        }
    }

    fn file_breaks(bdb: &Bdb, file: &str) -> Vec<u32> {
        bdb.breaks
            .file_lines(file)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// pdb's `_print_lines`: `lineno B->\tsource`.
    fn print_lines(&mut self, lines: &[String], start: u32, breaks: &[u32], frame: Option<&Frame>) {
        let (current, exc_line) = match frame {
            Some(f) => (
                f.lineno(),
                self.tb_lineno
                    .iter()
                    .find(|(tf, _)| tf.same(f))
                    .map(|(_, n)| *n),
            ),
            None => (0, None),
        };
        for (i, line) in lines.iter().enumerate() {
            let n = start + i as u32;
            let text = crate::listing::print_line(
                n,
                line,
                breaks.contains(&n),
                frame.is_some() && n == current,
                exc_line == Some(n),
            );
            self.message(&text);
        }
    }

    pub(super) fn do_list(&mut self, bdb: &Bdb, arg: &str) {
        self.lastcmd = "list".into();
        let frame = self.curframe().clone();
        let (first, last) = match crate::listing::list_range(arg, frame.lineno(), self.lineno) {
            Ok(range) => range,
            Err(e) => return self.error(&e),
        };
        let (filename, lines) = py::listing_source(frame.filename(), &frame.globals());
        let lo = (first.max(1) - 1) as usize;
        let hi = (last.max(0) as usize).min(lines.len());
        let slice = if lo < hi { &lines[lo..hi] } else { &[][..] };
        let breaks = Self::file_breaks(bdb, &filename);
        self.print_lines(slice, first.max(1) as u32, &breaks, Some(&frame));
        self.lineno = Some(last.min(lines.len() as i64).max(0) as u32);
        if (lines.len() as i64) < last {
            self.message("[EOF]");
        }
    }

    pub(super) fn do_longlist(&mut self, bdb: &Bdb) {
        let frame = self.curframe().clone();
        let breaks = Self::file_breaks(bdb, frame.filename());
        match frame.as_value().source_lines() {
            Ok((lines, first)) => self.print_lines(&lines, first, &breaks, Some(&frame)),
            Err(e) => self.error(
                &e.0.split_once(": ")
                    .map_or(e.0.clone(), |(_, m)| m.to_string()),
            ),
        }
    }

    /// pdb's `interact`: Python's console over the frame's names.
    pub(super) fn do_interact(&mut self) {
        py::flush_std_streams();
        let globals = self.curframe().globals();
        let locals = self.curframe_locals();
        if let Err(e) = py::interact(&globals, &locals) {
            self.error(&e.0);
        }
        py::flush_std_streams();
    }

    /// pdb's `help`, in this Python's pdb's own words and layout; rdb's own commands
    /// (`help rdb` lists them) in rdb's.
    pub(super) fn do_help(&mut self, arg: &str) {
        if arg == "rdb" {
            return self.help_rdb();
        }
        if let Some(text) = lookup(arg).and_then(|c| c.help_text()) {
            return self.message(&text);
        }
        match self.python.pdb_help(arg, &self.prompt) {
            Ok(text) => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                self.message(&text);
            }
            Err(e) => self.error(&format!("No help for {arg:?}: {}", e.0)),
        }
    }

    /// `help rdb`: the commands rdb adds to pdb's.
    fn help_rdb(&mut self) {
        self.message("rdb's commands besides pdb's (type help <command>):");
        for command in COMMANDS {
            if let Some(doc) = command.doc {
                self.message(&format!("  {:<10} {}", command.name(), doc.summary));
            }
        }
    }
}
