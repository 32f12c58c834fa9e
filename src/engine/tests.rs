//! Engine scenarios over fake frames, in the manner of CPython's `test_bdb.py`: a scripted
//! stream of trace events (as CPython would emit them) and, at each expected stop, the
//! `(event, line, function)` seen and the action taken.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::*;

struct FrameData {
    id: usize,
    back: Option<Fake>,
    func: &'static str,
    first: u32,
    line: Cell<u32>,
    generator: bool,
    traced: Cell<bool>,
    /// Variables a breakpoint condition can test: `name == value` only.
    vars: RefCell<Vec<(&'static str, i64)>>,
}

#[derive(Clone)]
struct Fake(Rc<FrameData>);

const FILE: &str = "/t/main.py";

impl FrameView for Fake {
    fn id(&self) -> FrameId {
        self.0.id
    }
    fn code_id(&self) -> usize {
        self.0.first as usize
    }
    fn back(&self) -> Option<Self> {
        self.0.back.clone()
    }
    fn filename(&self) -> &str {
        FILE
    }
    fn lineno(&self) -> u32 {
        self.0.line.get()
    }
    fn firstlineno(&self) -> u32 {
        self.0.first
    }
    fn function(&self) -> &str {
        self.0.func
    }
    fn is_generator(&self) -> bool {
        self.0.generator
    }
    fn module_name(&self) -> Option<String> {
        Some("__main__".into())
    }
    fn traced(&self) -> bool {
        self.0.traced.get()
    }
    fn set_traced(&self, on: bool) {
        self.0.traced.set(on)
    }
    fn eval_condition(&self, expr: &str) -> Result<bool, ConditionFailed> {
        let (name, value) = expr.split_once("==").ok_or(ConditionFailed)?;
        let value: i64 = value.trim().parse().map_err(|_| ConditionFailed)?;
        let vars = self.0.vars.borrow();
        let (_, v) = vars
            .iter()
            .find(|(n, _)| *n == name.trim())
            .ok_or(ConditionFailed)?;
        Ok(*v == value)
    }
}

/// One step of the scripted program.
#[derive(Clone, Copy)]
enum Op {
    Call(&'static str, u32, bool),
    Line(u32),
    Set(&'static str, i64),
    Ret,
    Raise(ExcFacts),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Act {
    Step,
    Next,
    Return,
    Until(Option<u32>),
    Continue,
    Break(u32, Option<&'static str>, bool),
    BreakFunc(&'static str, u32),
    Ignore(usize, u32),
    Disable(usize),
    Quit,
}

struct Script {
    expected: Vec<(&'static str, u32, &'static str, Vec<Act>)>,
    seen: Vec<String>,
}

impl Script {
    fn stop(&mut self, bdb: &mut Bdb<Fake>, event: &str, frame: &Fake) {
        let got = format!("{event} {} {}", frame.lineno(), frame.function());
        self.seen.push(got.clone());
        assert!(
            !self.expected.is_empty(),
            "unexpected stop {got}; stops so far: {:?}",
            self.seen
        );
        let (e, l, f, acts) = self.expected.remove(0);
        assert_eq!(got, format!("{e} {l} {f}"), "stops so far: {:?}", self.seen);
        for act in acts {
            match act {
                Act::Step => bdb.set_step(),
                Act::Next => bdb.set_next(frame),
                Act::Return => bdb.set_return(frame),
                Act::Until(n) => bdb.set_until(frame, n),
                Act::Continue => {
                    bdb.set_continue();
                }
                Act::Break(line, cond, temp) => {
                    bdb.breaks
                        .add(FILE, line, temp, cond.map(String::from), None);
                }
                Act::BreakFunc(name, first) => {
                    bdb.breaks.add(FILE, first, false, None, Some(name.into()));
                }
                Act::Ignore(n, count) => {
                    bdb.breaks.by_number_mut(&n.to_string()).unwrap().ignore = count;
                }
                Act::Disable(n) => {
                    bdb.breaks.by_number_mut(&n.to_string()).unwrap().enabled = false;
                }
                Act::Quit => bdb.set_quit(),
            }
        }
    }
}

impl Hooks<Fake, ()> for Script {
    fn user_call(&mut self, bdb: &mut Bdb<Fake>, frame: &Fake) {
        // pdb stops on a call only when stop_here (not for break_anywhere).
        if bdb.stop_here(frame) {
            self.stop(bdb, "call", frame);
        }
    }
    fn user_line(&mut self, bdb: &mut Bdb<Fake>, frame: &Fake) {
        self.stop(bdb, "line", frame);
    }
    fn user_return(&mut self, bdb: &mut Bdb<Fake>, frame: &Fake, _: &()) {
        self.stop(bdb, "return", frame);
    }
    fn user_exception(&mut self, bdb: &mut Bdb<Fake>, frame: &Fake, _: ExcFacts, _: &()) {
        self.stop(bdb, "exception", frame);
    }
}

/// A fake frame's code, with the span its lines take in the script.
struct FakeCode {
    first: u32,
    last: u32,
}

impl CodeView for FakeCode {
    fn code_id(&self) -> usize {
        self.first as usize
    }
    fn filename(&self) -> &str {
        FILE
    }
    fn firstlineno(&self) -> u32 {
        self.first
    }
    fn lastlineno(&self) -> u32 {
        self.last
    }
}

/// Checks `engine::locations` against every scenario: an event at a location said to be
/// dead must not stop, nor at any later time of the same generation, and a dead call must
/// get the tracing it was said to get.
struct DeadOracle {
    spans: std::collections::HashMap<u32, u32>,
    generation: u64,
    dead: std::collections::HashSet<(char, u32, u32)>,
}

impl DeadOracle {
    fn new(ops: &[Op]) -> Self {
        let mut spans = std::collections::HashMap::new();
        let mut stack = Vec::new();
        for op in ops {
            match *op {
                Op::Call(_, first, _) => {
                    stack.push(first);
                    spans.entry(first).or_insert(first);
                }
                Op::Line(n) => {
                    let first = *stack.last().unwrap();
                    let last = spans.get_mut(&first).unwrap();
                    *last = (*last).max(n);
                }
                Op::Ret => {
                    stack.pop();
                }
                _ => {}
            }
        }
        DeadOracle {
            spans,
            generation: 0,
            dead: Default::default(),
        }
    }

    fn code(&self, f: &Fake) -> FakeCode {
        FakeCode {
            first: f.0.first,
            last: self.spans[&f.0.first],
        }
    }

    /// Before an event: is its location dead (now or earlier in this generation)?
    fn before(&mut self, bdb: &Bdb<Fake>, kind: char, f: &Fake) -> bool {
        if bdb.generation() != self.generation {
            self.generation = bdb.generation();
            self.dead.clear();
        }
        let code = self.code(f);
        let line = if kind == 'l' { f.lineno() } else { 0 };
        let dead = match kind {
            'c' => bdb.call_is_dead(&code).is_some(),
            'l' => bdb.line_is_dead(&code, line),
            _ => bdb.return_is_dead(&code),
        };
        let key = (kind, f.0.first, line);
        if dead {
            self.dead.insert(key);
        }
        self.dead.contains(&key)
    }

    fn after(&self, was_dead: bool, stops_before: usize, script: &Script, what: &str) {
        assert!(
            !was_dead || script.seen.len() == stops_before,
            "a {what} event said to be dead stopped: {:?}",
            script.seen
        );
    }
}

/// Runs the scripted program the way CPython delivers events to a tracer: calls always,
/// other events only to frames whose local trace is set.
fn run(ops: &[Op], expected: Vec<(&'static str, u32, &'static str, Vec<Act>)>) {
    let mut oracle = DeadOracle::new(ops);
    let mut bdb: Bdb<Fake> = Bdb::default();
    bdb.reset();
    let mut script = Script {
        expected,
        seen: Vec::new(),
    };
    let mut stack: Vec<Fake> = Vec::new();
    let mut next_id = 1;
    let mut generators: Vec<Fake> = Vec::new();
    for op in ops {
        if bdb.quitting {
            break;
        }
        match *op {
            Op::Call(func, first, generator) => {
                // A generator resumed keeps its frame (and its trace flag).
                let frame = match generators.iter().find(|g| g.0.func == func) {
                    Some(g) if generator => g.clone(),
                    _ => {
                        next_id += 1;
                        let f = new_frame(next_id, stack.last().cloned(), func, first, generator);
                        if generator {
                            generators.push(f.clone());
                        }
                        f
                    }
                };
                stack.push(frame.clone());
                let decision = bdb.call_is_dead(&oracle.code(&frame));
                let dead = oracle.before(&bdb, 'c', &frame);
                let stops = script.seen.len();
                let dispatch = bdb.trace_dispatch(&frame, &Event::Call, &mut script);
                oracle.after(dead, stops, &script, "call");
                if let Some(decision) = decision {
                    let traced = dispatch == Dispatch::Trace;
                    assert_eq!(traced, decision == DeadCall::Traced, "{}", frame.0.func);
                }
                if dispatch == Dispatch::Trace {
                    frame.set_traced(true);
                }
            }
            Op::Line(n) => {
                let f = stack.last().unwrap();
                f.0.line.set(n);
                if f.traced() {
                    let dead = oracle.before(&bdb, 'l', f);
                    let stops = script.seen.len();
                    bdb.trace_dispatch(f, &Event::Line, &mut script);
                    oracle.after(dead, stops, &script, "line");
                }
            }
            Op::Set(name, v) => {
                let f = stack.last().unwrap();
                let mut vars = f.0.vars.borrow_mut();
                vars.retain(|(n, _)| *n != name);
                vars.push((name, v));
            }
            Op::Ret => {
                let f = stack.pop().unwrap();
                if f.traced() {
                    let dead = oracle.before(&bdb, 'r', &f);
                    let stops = script.seen.len();
                    bdb.trace_dispatch(&f, &Event::Return(()), &mut script);
                    oracle.after(dead, stops, &script, "return");
                }
                if !f.is_generator() {
                    f.set_traced(false);
                }
            }
            Op::Raise(facts) => {
                let f = stack.last().unwrap();
                if f.traced() {
                    bdb.trace_dispatch(f, &Event::Exception(facts, ()), &mut script);
                }
            }
        }
    }
    assert!(
        script.expected.is_empty(),
        "program ended before stops {:?}; seen {:?}",
        script
            .expected
            .iter()
            .map(|e| (e.0, e.1, e.2))
            .collect::<Vec<_>>(),
        script.seen
    );
}

use Op::*;

/// main: 1 def f; 3 x = f(); 4 y = f(); 5 end.   f: 1 def; 2 return 2
fn two_calls() -> Vec<Op> {
    vec![
        Call("<module>", 1, false),
        Line(1),
        Line(3),
        Call("f", 1, false),
        Line(2),
        Ret,
        Line(4),
        Call("f", 1, false),
        Line(2),
        Ret,
        Line(5),
        Ret,
    ]
}

#[test]
fn step_enters_calls_and_stops_on_call_and_return() {
    let s = || vec![Act::Step];
    run(
        &two_calls(),
        vec![
            ("call", 1, "<module>", s()),
            ("line", 1, "<module>", s()),
            ("line", 3, "<module>", s()),
            ("call", 1, "f", s()),
            ("line", 2, "f", s()),
            ("return", 2, "f", s()),
            ("line", 4, "<module>", vec![Act::Continue]),
        ],
    );
}

#[test]
fn next_steps_over_calls() {
    let n = || vec![Act::Next];
    run(
        &two_calls(),
        vec![
            ("call", 1, "<module>", vec![Act::Step]),
            ("line", 1, "<module>", n()),
            ("line", 3, "<module>", n()),
            ("line", 4, "<module>", n()),
            ("line", 5, "<module>", n()),
            ("return", 5, "<module>", n()),
        ],
    );
}

#[test]
fn return_runs_to_the_return_event_then_step_goes_to_caller() {
    run(
        &two_calls(),
        vec![
            ("call", 1, "<module>", vec![Act::Step]),
            ("line", 1, "<module>", vec![Act::Step]),
            ("line", 3, "<module>", vec![Act::Step]),
            ("call", 1, "f", vec![Act::Return]),
            ("return", 2, "f", vec![Act::Next]),
            // `next` at a return event turns into stepping in the caller.
            ("line", 4, "<module>", vec![Act::Continue]),
        ],
    );
}

/// main: 1 for i in range(3): 2 body; 3 after
fn hot_loop() -> Vec<Op> {
    let mut ops = vec![Call("<module>", 1, false)];
    for i in 0..3 {
        ops.push(Line(1));
        ops.push(Set("i", i));
        ops.push(Line(2));
    }
    ops.extend([Line(1), Line(3), Ret]);
    ops
}

#[test]
fn until_leaves_a_loop() {
    run(
        &hot_loop(),
        vec![
            ("call", 1, "<module>", vec![Act::Step]),
            ("line", 1, "<module>", vec![Act::Next]),
            ("line", 2, "<module>", vec![Act::Next]),
            // back at the loop head: `until` goes on until a line after it.
            ("line", 1, "<module>", vec![Act::Until(None)]),
            ("line", 2, "<module>", vec![Act::Until(Some(3))]),
            ("line", 3, "<module>", vec![Act::Continue]),
        ],
    );
}

#[test]
fn conditional_ignored_and_temporary_breakpoints() {
    run(
        &hot_loop(),
        vec![
            (
                "call",
                1,
                "<module>",
                vec![Act::Break(2, Some("i == 2"), false), Act::Continue],
            ),
            (
                "line",
                2,
                "<module>",
                vec![Act::Disable(1), Act::Break(1, None, true), Act::Continue],
            ),
            // The temporary breakpoint fired once and was deleted.
            ("line", 1, "<module>", vec![Act::Continue]),
        ],
    );
    run(
        &hot_loop(),
        vec![
            (
                "call",
                1,
                "<module>",
                vec![Act::Break(1, None, true), Act::Continue],
            ),
            ("line", 1, "<module>", vec![Act::Continue]),
        ],
    );
    run(
        &hot_loop(),
        vec![
            (
                "call",
                1,
                "<module>",
                vec![Act::Break(2, None, false), Act::Ignore(1, 2), Act::Continue],
            ),
            ("line", 2, "<module>", vec![Act::Quit]),
        ],
    );
}

#[test]
fn a_condition_that_fails_to_evaluate_stops() {
    run(
        &hot_loop(),
        vec![
            (
                "call",
                1,
                "<module>",
                vec![Act::Break(2, Some("nosuch == 1"), true), Act::Continue],
            ),
            // Stops, and a temporary breakpoint whose condition failed is kept.
            ("line", 2, "<module>", vec![Act::Continue]),
            ("line", 2, "<module>", vec![Act::Quit]),
        ],
    );
}

#[test]
fn function_breakpoint_fires_on_first_line_of_each_call_only() {
    run(
        &two_calls(),
        vec![
            (
                "call",
                1,
                "<module>",
                vec![Act::BreakFunc("f", 1), Act::Continue],
            ),
            ("line", 2, "f", vec![Act::Continue]),
            ("line", 2, "f", vec![Act::Continue]),
        ],
    );
}

/// main: 1 def g; 5 for k in g(): 6 use k; 7 end.  g: 1 def; 2 yield 1; 3 yield 2
fn generator_loop() -> Vec<Op> {
    let stop_iteration = ExcFacts {
        is_stop_iteration: true,
        ..ExcFacts::default()
    };
    vec![
        Call("<module>", 1, false),
        Line(5),
        Call("g", 1, true),
        Line(2),
        Ret,
        Line(6),
        Line(5),
        Call("g", 1, true),
        Line(3),
        Ret,
        Line(6),
        Line(5),
        Call("g", 1, true),
        Ret,
        // The exhausted generator's StopIteration is reported in the caller's frame.
        Raise(stop_iteration),
        Line(7),
        Ret,
    ]
}

#[test]
fn next_in_a_generator_follows_its_yields() {
    run(
        &generator_loop(),
        vec![
            ("call", 1, "<module>", vec![Act::Step]),
            ("line", 5, "<module>", vec![Act::Step]),
            ("call", 1, "g", vec![Act::Step]),
            // `next` on a yield goes to the generator's next line, after it resumes ...
            ("line", 2, "g", vec![Act::Next]),
            ("line", 3, "g", vec![Act::Next]),
            // ... and from its last yield to the StopIteration in the caller.
            ("exception", 5, "<module>", vec![Act::Next]),
            ("line", 7, "<module>", vec![Act::Continue]),
        ],
    );
}

#[test]
fn return_in_a_generator_stops_at_its_stop_iteration() {
    run(
        &generator_loop(),
        vec![
            ("call", 1, "<module>", vec![Act::Step]),
            ("line", 5, "<module>", vec![Act::Step]),
            ("call", 1, "g", vec![Act::Return]),
            // return in a generator runs to the StopIteration that ends it.
            ("exception", 5, "<module>", vec![Act::Continue]),
        ],
    );
}

#[test]
fn breakpoint_table_numbers_and_errors_like_bdb() {
    let mut b = Breakpoints::default();
    assert_eq!(
        b.by_number("1").unwrap_err(),
        "Breakpoint number 1 out of range"
    );
    assert_eq!(
        b.by_number("x").unwrap_err(),
        "Non-numeric breakpoint number x"
    );
    assert_eq!(b.by_number("").unwrap_err(), "Breakpoint number expected");
    b.add(FILE, 3, false, None, None);
    b.add(FILE, 3, true, Some("a > 1".into()), None);
    assert_eq!(b.at(FILE, 3).len(), 2);
    assert_eq!(
        b.by_number("2").unwrap().bpformat(),
        "2   breakpoint   del  yes   at /t/main.py:3\n\tstop only if a > 1"
    );
    assert_eq!(
        b.clear_line(FILE, 4).unwrap_err(),
        "There is no breakpoint at /t/main.py:4"
    );
    assert_eq!(b.clear_line(FILE, 3).unwrap().len(), 2);
    assert!(b.is_empty());
    assert_eq!(
        b.by_number("1").unwrap_err(),
        "Breakpoint 1 already deleted"
    );
    assert_eq!(b.add(FILE, 9, false, None, None).number, 3);
}

#[test]
fn skip_globs_match_like_fnmatch() {
    use super::bdb::glob_match;
    assert!(glob_match("django.*", "django.db"));
    assert!(!glob_match("django.*", "djangox"));
    assert!(glob_match("mod[0-9]", "mod7"));
    assert!(!glob_match("mod[!0-9]", "mod7"));
    assert!(glob_match("a?c", "abc"));
}

fn new_frame(
    id: usize,
    back: Option<Fake>,
    func: &'static str,
    first: u32,
    generator: bool,
) -> Fake {
    Fake(Rc::new(FrameData {
        id,
        back,
        func,
        first,
        line: Cell::new(first),
        generator,
        traced: Cell::new(false),
        vars: RefCell::new(Vec::new()),
    }))
}

/// When only frames spanning a breakpoint line can stop (the backend's hook-free runs):
/// never while stepping or with `skip`, nor with a generator as stop or return frame,
/// which may be resumed from anywhere.
#[test]
fn breakpoint_files_are_the_only_stops_unless_stepping_or_in_a_generator() {
    let plain = new_frame(1, None, "f", 10, false);
    let generator = new_frame(2, None, "g", 20, true);
    let mut bdb: Bdb<Fake> = Bdb::new(Vec::new());
    bdb.set_step();
    assert_eq!(bdb.breakpoint_files_if_only_they_may_stop(), None);
    bdb.set_next(&plain);
    assert_eq!(bdb.breakpoint_files_if_only_they_may_stop(), Some(vec![]));
    bdb.breaks.add(FILE, 12, false, None, None);
    bdb.set_continue();
    assert_eq!(
        bdb.breakpoint_files_if_only_they_may_stop(),
        Some(vec![FILE.to_string()])
    );
    bdb.set_next(&generator);
    assert_eq!(bdb.breakpoint_files_if_only_they_may_stop(), None);
    bdb.set_return(&generator);
    assert_eq!(bdb.breakpoint_files_if_only_they_may_stop(), None);
    bdb.set_until(&plain, None);
    assert!(bdb.breakpoint_files_if_only_they_may_stop().is_some());
    let mut skipping: Bdb<Fake> = Bdb::new(vec!["x*".into()]);
    skipping.set_next(&plain);
    assert_eq!(skipping.breakpoint_files_if_only_they_may_stop(), None);
}
