//! 3.13's `exceptions [number]`: the chain of the post-mortem's exception (causes and
//! contexts), and moving the post-mortem to another exception of it.

use super::Session;
use crate::py;

impl Session {
    pub(super) fn do_exceptions(&mut self, arg: &str) {
        if self.chained.is_empty() {
            return self.message(
                "Did not find chained exceptions. To move between exceptions, pdb/post_mortem \
                 must be given an exception object rather than a traceback.",
            );
        }
        if arg.is_empty() {
            for row in py::exception_rows(&self.chained, self.chained_index) {
                self.message(&row);
            }
            return;
        }
        let Some(number) = crate::engine::parse_python_int(arg) else {
            return self.error("Argument must be an integer");
        };
        let Some(exc) = usize::try_from(number)
            .ok()
            .and_then(|n| self.chained.get(n))
            .cloned()
        else {
            return self.error("No exception with that number");
        };
        let Some(tb) = py::exception_traceback(&exc) else {
            return self.error("This exception does not have a traceback, cannot jump to it");
        };
        self.chained_index = number as usize;
        let entries = py::traceback_entries(&tb);
        self.event = crate::snapshot::StopEvent::PostMortem(exc.format_exception_only());
        self.setup_stack(None, entries);
        self.print_stack_entry(self.curindex);
    }
}
