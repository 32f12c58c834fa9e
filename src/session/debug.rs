//! pdb's `debug code`: a recursive debugger over a statement run in the current frame's
//! namespaces — a fresh session (its own aliases, displays and command lists; the
//! breakpoints shared, but before 3.10 it stops only at those set in it) with one more
//! pair of brackets around its prompt, on the same front end.

use super::{Bdb, Frontend, Input, Pdb, Session};
use crate::py;

/// The front end's place while a nested session has it.
struct Lent;

impl Frontend for Lent {
    fn message(&mut self, _text: &str) {}
    fn read_command(&mut self, _prompt: &str) -> Input {
        Input::Eof
    }
}

impl Session {
    pub(super) fn do_debug(&mut self, bdb: &mut Bdb, arg: &str) {
        let globals = self.curframe().globals();
        let locals = self.curframe_locals();
        // The nested session speaks through this one's front end while it runs.
        let front = std::mem::replace(&mut self.front, Box::new(Lent));
        let mut inner = Pdb::new(front, Vec::new());
        inner.session.prompt = format!("({}) ", self.prompt.trim());
        inner.session.nesting = self.nesting + 1;
        inner.session.preload_pending = false;
        let shared = py::PDB_DEBUG_SHARES_BREAKPOINTS;
        if shared {
            inner.bdb.breaks = std::mem::take(&mut bdb.breaks);
        } else {
            numbered_after(&mut inner.bdb.breaks, bdb.breaks.last_number());
        }
        inner.bdb.continue_generations(bdb.generation());
        inner.stop_at_next_line();
        inner.session.message("ENTERING RECURSIVE DEBUGGER");
        let result = py::nested(&mut inner, || py::run_traced(arg, &globals, &locals));
        if shared {
            bdb.breaks = std::mem::take(&mut inner.bdb.breaks);
        } else {
            // bdb's numbers are global: the outer session's next one comes after these.
            numbered_after(&mut bdb.breaks, inner.bdb.breaks.last_number());
        }
        bdb.continue_generations(inner.bdb.generation());
        let Pdb { session, .. } = inner;
        self.front = session.front;
        if let Err(e) = result {
            self.error(&e.0);
        }
        self.message("LEAVING RECURSIVE DEBUGGER");
        self.lastcmd = session.lastcmd;
    }
}

/// Makes the next breakpoint of `breaks` get a number after `last`, as bdb's one
/// numbering of all debuggers' breakpoints does (3.9: a `debug` session's own table).
fn numbered_after(breaks: &mut crate::engine::Breakpoints, last: usize) {
    while breaks.last_number() < last {
        let number = breaks.add("", 0, false, None, None).number;
        breaks.delete(number);
    }
}
