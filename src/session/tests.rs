//! The session's commands over a fake front end and a fake Python: the words pdb says
//! for breakpoints, aliases, help and bad arguments, with no interpreter running.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::python::PythonOps;
use super::{Bdb, Frontend, Input, Pdb};
use crate::py::{PyFailure, Value};

/// Files as lists of lines; `.py` names found along a pretend `sys.path` of `/p`.
#[derive(Default)]
struct FakePython {
    files: HashMap<String, Vec<String>>,
    added: Rc<RefCell<Vec<String>>>,
}

impl PythonOps for FakePython {
    fn getline(&self, filename: &str, lineno: u32, _globals: Option<&Value>) -> String {
        self.files
            .get(filename)
            .and_then(|lines| lines.get(lineno as usize - 1))
            .map(|l| format!("{l}\n"))
            .unwrap_or_default()
    }
    fn canonic(&self, filename: &str) -> String {
        filename.to_string()
    }
    fn lookup_module(&self, filename: &str, _mainpyfile: &str) -> Option<String> {
        let path = if filename.starts_with('/') {
            filename.to_string()
        } else {
            format!("/p/{filename}")
        };
        self.files.contains_key(&path).then_some(path)
    }
    fn compile_error(&self, expr: &str) -> Option<String> {
        (expr.matches('(').count() != expr.matches(')').count())
            .then(|| "SyntaxError: '(' was never closed".to_string())
    }
    fn find_function(&self, _name: &str, _file: &str) -> Option<(String, String, u32)> {
        None
    }
    fn breakpoint_added(&self, file: &str) {
        self.added.borrow_mut().push(file.to_string());
    }
    fn pdb_usage(&self, command: &str) -> String {
        format!("      Usage: {command}")
    }
    fn pdb_help(&self, arg: &str, _prompt: &str) -> Result<String, PyFailure> {
        Ok(format!("help for {arg}\n"))
    }
}

/// Messages said, and the answers to questions.
#[derive(Default)]
struct FakeFront {
    said: Rc<RefCell<Vec<String>>>,
    answers: VecDeque<String>,
}

impl Frontend for FakeFront {
    fn message(&mut self, text: &str) {
        self.said.borrow_mut().push(text.to_string());
    }
    fn read_command(&mut self, prompt: &str) -> Input {
        self.said.borrow_mut().push(prompt.to_string());
        match self.answers.pop_front() {
            Some(line) => Input::Line(line),
            None => Input::Eof,
        }
    }
}

struct Harness {
    pdb: Pdb,
    said: Rc<RefCell<Vec<String>>>,
    added: Rc<RefCell<Vec<String>>>,
}

const MODULE: &[&str] = &[
    "import os",
    "",
    "# a comment",
    "x = 1",
    "def f():",
    "    return x",
];

fn harness(answers: &[&str]) -> Harness {
    let said = Rc::new(RefCell::new(Vec::new()));
    let added = Rc::new(RefCell::new(Vec::new()));
    let mut python = FakePython {
        added: added.clone(),
        ..Default::default()
    };
    python.files.insert(
        "/p/m.py".into(),
        MODULE.iter().map(|l| l.to_string()).collect(),
    );
    let front = FakeFront {
        said: said.clone(),
        answers: answers.iter().map(|a| a.to_string()).collect(),
    };
    let mut pdb = Pdb::with_python(Box::new(front), Vec::new(), Box::new(python));
    pdb.session.mainpyfile = "/p/m.py".into();
    Harness { pdb, said, added }
}

impl Harness {
    /// Runs one command line; what it said, one message per entry.
    fn run(&mut self, line: &str) -> Vec<String> {
        self.said.borrow_mut().clear();
        let Pdb { bdb, session } = &mut self.pdb;
        // as the command loop does: aliases, then each `;;` part in turn
        let mut next = session.precmd(line);
        while let Some(part) = next {
            assert!(!session.onecmd(bdb, &part), "{line} does not resume");
            next = session
                .cmdqueue
                .pop_front()
                .and_then(|l| session.precmd(&l));
        }
        self.said.borrow().clone()
    }

    fn bdb(&self) -> &Bdb {
        &self.pdb.bdb
    }
}

#[test]
fn break_file_line_checks_the_line_and_says_what_pdb_says() {
    let mut h = harness(&[]);
    assert_eq!(h.run("break m.py:4"), ["Breakpoint 1 at /p/m.py:4"]);
    assert_eq!(*h.added.borrow(), ["/p/m.py"], "threads are told");
    assert_eq!(h.run("b m.py:3"), ["*** Blank or comment"]);
    assert_eq!(h.run("b m.py:2"), ["*** Blank or comment"]);
    assert_eq!(h.run("b m.py:40"), ["End of file"]);
    assert_eq!(
        h.run("b nosuch.py:1"),
        ["*** 'nosuch.py' not found from sys.path"]
    );
    assert_eq!(h.run("b m.py:x"), ["*** Bad lineno: x"]);
    assert_eq!(h.run("tbreak /p/m.py:6"), ["Breakpoint 2 at /p/m.py:6"]);
    assert_eq!(
        h.run("b"),
        [
            "Num Type         Disp Enb   Where",
            "1   breakpoint   keep yes   at /p/m.py:4",
            "2   breakpoint   del  yes   at /p/m.py:6",
        ]
    );
    assert_eq!(h.bdb().breaks.iter().count(), 2);
}

#[test]
fn a_condition_that_does_not_compile_is_refused_where_this_python_refuses_it() {
    let mut h = harness(&[]);
    let said = h.run("b m.py:4, f(");
    if crate::py::PDB_CHECKS_EXPRESSIONS {
        assert_eq!(
            said,
            ["*** Invalid condition f(: SyntaxError: '(' was never closed"]
        );
        assert_eq!(h.bdb().breaks.iter().count(), 0);
    } else {
        assert_eq!(said, ["Breakpoint 1 at /p/m.py:4"]);
    }
}

#[test]
fn enable_disable_ignore_condition_and_clear_by_number_and_by_place() {
    let mut h = harness(&["n", "y"]);
    h.run("b m.py:4");
    h.run("b m.py:5");
    assert_eq!(h.run("disable 1"), ["Disabled breakpoint 1 at /p/m.py:4"]);
    assert_eq!(
        h.run("enable 1 7"),
        [
            "Enabled breakpoint 1 at /p/m.py:4",
            "*** Breakpoint number 7 out of range",
        ]
    );
    assert_eq!(
        h.run("ignore 1 2"),
        ["Will ignore next 2 crossings of breakpoint 1."]
    );
    assert_eq!(
        h.run("ignore 1"),
        ["Will stop next time breakpoint 1 is reached."]
    );
    assert_eq!(
        h.run("condition 2 x > 1"),
        ["New condition set for breakpoint 2."]
    );
    assert_eq!(h.run("condition 2"), ["Breakpoint 2 is now unconditional."]);
    // clear takes a file name as it is (canonic), not along sys.path
    assert_eq!(
        h.run("clear m.py:5"),
        ["*** There are no breakpoints in m.py"]
    );
    assert_eq!(
        h.run("clear /p/m.py:5"),
        ["Deleted breakpoint 2 at /p/m.py:5"]
    );
    assert_eq!(h.run("clear 2"), ["*** Breakpoint 2 already deleted"]);
    // `clear` alone asks first: "n" keeps them, "y" clears them
    assert_eq!(h.run("clear"), ["Clear all breaks? "]);
    assert_eq!(h.bdb().breaks.iter().count(), 1);
    assert_eq!(
        h.run("clear"),
        ["Clear all breaks? ", "Deleted breakpoint 1 at /p/m.py:4"]
    );
    assert!(h.bdb().breaks.is_empty());
}

#[test]
fn aliases_are_listed_expanded_and_removed() {
    let mut h = harness(&[]);
    assert!(h.run("alias pl p len(%1)").is_empty());
    assert_eq!(h.run("alias pl"), ["pl = p len(%1)"]);
    assert!(h.run("alias bm b m.py:%1").is_empty());
    assert_eq!(h.run("bm 4"), ["Breakpoint 1 at /p/m.py:4"]);
    // as pdb: %1 is the word "5;;disable", so the queued part is `disable` alone;
    // 3.13 counts the words first
    let expected: &[&str] = if crate::py::PDB_CHECKS_ALIAS_ARGUMENTS {
        &["*** Too many arguments for alias 'bm'"]
    } else {
        &["Breakpoint 2 at /p/m.py:5"]
    };
    assert_eq!(h.run("bm 5;;disable 1"), expected);
    assert_eq!(
        h.run("b /p/m.py:6;;disable 1"),
        [
            if crate::py::PDB_CHECKS_ALIAS_ARGUMENTS {
                "Breakpoint 2 at /p/m.py:6"
            } else {
                "Breakpoint 3 at /p/m.py:6"
            },
            "Disabled breakpoint 1 at /p/m.py:4"
        ]
    );
    assert_eq!(h.run("alias"), ["bm = b m.py:%1", "pl = p len(%1)"]);
    assert!(h.run("unalias bm").is_empty());
    assert_eq!(h.run("alias"), ["pl = p len(%1)"]);
}

#[test]
fn help_comes_from_this_pythons_pdb_and_rdbs_own_commands_carry_theirs() {
    let mut h = harness(&[]);
    assert_eq!(h.run("help next"), ["help for next"]);
    let ours = h.run("help back");
    assert!(ours[0].starts_with("back [count]"), "{ours:?}");
}

#[test]
fn arguments_a_command_does_not_take_are_refused_where_this_python_refuses_them() {
    let mut h = harness(&[]);
    if crate::py::PDB_VALIDATES_ARGUMENTS {
        assert_eq!(
            h.run("next 1"),
            ["*** Invalid argument: 1", "      Usage: next"]
        );
        assert_eq!(
            h.run("where x"),
            ["*** Invalid argument: x", "      Usage: where"]
        );
    }
    assert_eq!(h.run("enable x"), ["*** Non-numeric breakpoint number x"]);
}
