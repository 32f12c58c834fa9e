//! The interface without a terminal: hand-built stops rendered into ratatui's
//! `TestBackend` (snapshots at 80×24, 120×40 and 100×30 in presentation mode), and key
//! sequences through `App`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

use super::app::{App, Effect, Focus};
use super::console::Kind;
use super::highlight::Highlighter;
use super::panes::status::Phase;
use super::view;
use crate::capture::Chunk;
use crate::remote::{FromUi, ToUi};
use crate::session::{BreakRequest, ViewRequest};
use crate::snapshot::{BreakSnap, FrameSnap, StopEvent, StopSnapshot, VarSnap};

fn fixture() -> String {
    format!("{}/src/ui/fixtures/family.py", env!("CARGO_MANIFEST_DIR"))
}

fn frame(function: &str, line: u32) -> FrameSnap {
    FrameSnap {
        function: function.into(),
        file: fixture(),
        line,
        ..Default::default()
    }
}

fn var(name: &str, type_name: &str, repr: &str) -> VarSnap {
    VarSnap {
        depth: 0,
        path: name.into(),
        name: name.into(),
        type_name: type_name.into(),
        repr: repr.into(),
        expandable: type_name == "dict",
        id: 0,
        tag: None,
    }
}

fn stop(id: u64, stack: Vec<FrameSnap>, locals: Vec<VarSnap>) -> StopSnapshot {
    StopSnapshot {
        locals,
        ..StopSnapshot::new(id, StopEvent::Line, stack)
    }
}

fn in_child(id: u64, n: u32, label: &str) -> StopSnapshot {
    let mut s = stop(
        id,
        vec![
            frame("<module>", 22),
            frame("parent", 17),
            frame("child", 9),
        ],
        vec![var("n", "int", &n.to_string()), var("label", "str", label)],
    );
    let bp = |line, enabled, conditional| BreakSnap {
        file: fixture(),
        line,
        enabled,
        conditional,
    };
    s.breakpoints = vec![bp(9, true, false), bp(16, false, false), bp(18, true, true)];
    s
}

fn output(app: &mut App, bytes: &str) {
    app.output_chunk(Chunk::Bytes(bytes.as_bytes().to_vec()));
}

fn app_with(snapshot: StopSnapshot) -> App {
    let mut app = App::new();
    output(&mut app, "     in parent loop 0\r\n         child 0\r\n");
    output(&mut app, "\x1b[31mwarning: on stderr\x1b[0m\r\n");
    app.update(ToUi::Message("--Call--".into()));
    app.update(ToUi::Stopped(Box::new(snapshot)));
    app
}

/// Draws the app as the loop does (the program's terminal sized to its pane first).
fn terminal_of(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut hl = Highlighter::new();
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    app.too_small = view::too_small(area);
    let (rows, cols) = view::areas(area, &app.layout, app.present).output_inner(app.present);
    app.output.resize(rows, cols);
    app.sync_chrome();
    if let Some(file) = app.source.file.clone() {
        hl.load(&file, &std::fs::read_to_string(&file).unwrap(), None);
        app.source.len = hl.line_count(&file) as u32;
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app, &mut hl)).unwrap();
    terminal
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let terminal = terminal_of(app, width, height);
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// The foreground colour of the first cell showing `text`.
fn colour_of(app: &mut App, text: &str) -> Option<Color> {
    let terminal = terminal_of(app, 120, 40);
    let buf = terminal.backend().buffer();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(at) = row.find(text) {
            let x = row[..at].chars().count() as u16;
            return buf[(x, y)].fg.into();
        }
    }
    None
}

fn all_sizes(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
    let present = app.present;
    app.present = true;
    insta::assert_snapshot!(format!("{name}_present_100x30"), render(app, 100, 30));
    app.present = present;
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn special(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(key(c));
    }
}

fn command(s: &str) -> Effect {
    Effect::Send(FromUi::Command(s.into()))
}

fn set_break(file: &str, line: u32, temporary: bool, condition: Option<&str>) -> Effect {
    Effect::Send(FromUi::Break(BreakRequest::Set {
        file: file.into(),
        line,
        temporary,
        condition: condition.map(Into::into),
    }))
}

#[test]
fn stopped_in_a_call_with_breakpoints_and_changed_locals() {
    let mut app = app_with(in_child(1, 0, "'child 0'"));
    app.update(ToUi::Stopped(Box::new(in_child(2, 1, "'child 0'"))));
    assert_eq!(
        app.timeline.current().unwrap().changed,
        vec!["n".to_string()]
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("stack: frame 3 of 3"), "{screen}");
    assert!(screen.contains("warning: on stderr") && screen.contains("--Call--"));
    all_sizes("stopped", &mut app);
}

#[test]
fn the_program_terminal_keeps_colours_and_the_console_shows_errors_in_red() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.update(ToUi::Message(
        "*** NameError: name 'zz' is not defined".into(),
    ));
    assert_eq!(
        colour_of(&mut app, "warning: on stderr"),
        Some(Color::Indexed(1))
    );
    assert_eq!(colour_of(&mut app, "*** NameError"), Some(Color::Red));
    assert_eq!(colour_of(&mut app, "--Call--"), Some(Color::Reset));
    let kinds: Vec<Kind> = app.console.lines().map(|(k, _)| *k).collect();
    assert_eq!(kinds, vec![Kind::Message, Kind::Error]);
}

#[test]
fn presentation_mode_at_100x30_keeps_the_panes_apart() {
    let mut app = app_with(in_child(1, 0, "'child 0'"));
    app.key(key('P'));
    assert!(app.present);
    let screen = render(&mut app, 100, 30);
    assert!(!screen.contains("? help"), "hints are left out:\n{screen}");
    let a = view::areas(ratatui::layout::Rect::new(0, 0, 100, 30), &app.layout, true);
    for (one, other) in [
        (a.source, a.stack),
        (a.source, a.vars),
        (a.output, a.console),
    ] {
        assert!(one.intersection(other).is_empty(), "{one:?} {other:?}");
    }
    // Every source row ends before the stack column, with a blank column between.
    for row in screen.lines().take(usize::from(a.source.height)).skip(1) {
        let cut: String = row
            .chars()
            .skip(usize::from(a.stack.x) - 1)
            .take(1)
            .collect();
        assert!(cut == " " || cut.is_empty(), "{row:?}");
    }
    assert!(screen.contains("> child()  family.py:9"), "{screen}");
    app.key(key('P'));
    assert!(render(&mut app, 80, 24).contains("? help"));
}

#[test]
fn long_stack_keeps_the_selected_frame_in_view_and_counts_frames() {
    let mut stack = vec![frame("<module>", 22)];
    stack.extend((0..40).map(|_| frame("parent", 17)));
    stack.push(frame("child", 8));
    let mut snap = stop(1, stack, vec![var("n", "int", "3")]);
    snap.event = StopEvent::Call;
    let mut app = app_with(snap.clone());
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("frame 42 of 42") && screen.contains("> child"),
        "{screen}"
    );
    snap.selected = 0;
    app.update(ToUi::Stopped(Box::new(snap)));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("frame 1 of 42") && screen.contains("> <module>"),
        "{screen}"
    );
    all_sizes("long_stack", &mut app);
}

#[test]
fn post_mortem_view() {
    let mut snap = in_child(1, 0, "'child 0'");
    snap.event = StopEvent::PostMortem("ZeroDivisionError: division by zero".into());
    snap.breakpoints.clear();
    let mut app = app_with(snap);
    output(
        &mut app,
        "Traceback (most recent call last):\r\nZeroDivisionError: division by zero\r\n",
    );
    app.update(ToUi::Message(
        "Uncaught exception. Entering post mortem debugging\nRunning 'cont' or 'step' will restart the program".into(),
    ));
    all_sizes("post_mortem", &mut app);
}

#[test]
fn too_small_terminal_says_so_and_ignores_keys() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    insta::assert_snapshot!("too_small_40x10", render(&mut app, 40, 10));
    assert!(app.too_small);
    assert_eq!(app.key(key('n')), vec![]);
    assert_eq!(app.key(key('q')), vec![]);
    render(&mut app, 80, 24);
    assert_eq!(app.key(key('n')), vec![command("next")]);
}

#[test]
fn help_lists_every_key_of_the_table() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.key(key('?'));
    for (w, h) in [(120, 40), (80, 24)] {
        let screen = render(&mut app, w, h);
        for &action in super::keys::Action::ALL {
            assert!(
                screen.contains(action.help()),
                "help at {w}x{h} misses {:?}:\n{screen}",
                action.help()
            );
        }
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen);
    }
}

#[test]
fn execution_keys_become_pdb_commands() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    assert_eq!(app.key(key('s')), vec![command("step")]);
    assert_eq!(app.key(key('n')), vec![command("next")]);
    assert_eq!(app.key(key('r')), vec![command("return")]);
    assert_eq!(app.key(key('f')), vec![command("return")]);
    assert_eq!(app.key(key('c')), vec![command("continue")]);
    assert_eq!(app.key(key('u')), vec![command("up")]);
    assert_eq!(app.key(key('d')), vec![command("down")]);
}

#[test]
fn stack_keys_move_the_selection_the_way_the_list_is_drawn() {
    let select = |i| vec![Effect::Send(FromUi::SelectFrame(i))];
    let mut app = app_with(in_child(1, 0, "'x'"));
    render(&mut app, 80, 24);
    app.key(special(KeyCode::Tab));
    assert_eq!(app.focus, Focus::Stack);
    // Newest at the top: down the list is the caller.
    assert_eq!(app.key(key('j')), select(1));
    assert_eq!(app.key(special(KeyCode::Down)), select(1));
    assert_eq!(app.key(key('k')), vec![], "the newest frame is the top row");
    assert_eq!(app.key(key('G')), select(0));
    assert_eq!(app.key(special(KeyCode::PageDown)), select(0));
    let mut up = in_child(1, 0, "'x'");
    up.selected = 0;
    app.update(ToUi::Stopped(Box::new(up)));
    assert_eq!(app.key(key('k')), select(1));
    assert_eq!(app.key(key('g')), select(2));
    app.set_stack_order(crate::config::StackOrder::NewestAtBottom);
    assert_eq!(app.key(key('j')), select(1));
    assert_eq!(app.key(key('k')), vec![]);
}

#[test]
fn selecting_a_frame_shows_its_line_and_the_status_says_which() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    assert_eq!(app.source.cursor, 9);
    let mut up = in_child(1, 0, "'x'");
    up.selected = 1;
    app.update(ToUi::Stopped(Box::new(up)));
    assert_eq!(
        app.source.cursor, 17,
        "the cursor follows the selected frame"
    );
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("> parent()  family.py:17"), "{screen}");
    assert!(
        screen.contains("frame 2 of 3: family.py:17 parent()  (stopped in child(): line)"),
        "{screen}"
    );
    assert_eq!(app.timeline.len(), 1, "a frame selection is not a new stop");
}

#[test]
fn cursor_breakpoints_and_run_to_cursor() {
    let file = fixture();
    let mut app = app_with(in_child(1, 0, "'x'"));
    render(&mut app, 80, 24);
    // On line 9 there is a breakpoint: b clears it.
    assert_eq!(
        app.key(key('b')),
        vec![Effect::Send(FromUi::Break(BreakRequest::Clear {
            file: file.clone(),
            line: 9
        }))]
    );
    app.key(key('j'));
    app.key(key('j'));
    assert_eq!(app.source.cursor, 11);
    assert_eq!(app.key(key('b')), vec![set_break(&file, 11, false, None)]);
    assert_eq!(
        app.key(key('t')),
        vec![set_break(&file, 11, true, None), command("continue")]
    );
    app.key(key('B'));
    typed(&mut app, "n > 1");
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![set_break(&file, 11, false, Some("n > 1"))]
    );
    app.key(key('G'));
    assert_eq!(app.source.cursor, 22);
    app.key(key('g'));
    assert_eq!(app.source.cursor, 1);
    let page = app.source.page();
    app.key(special(KeyCode::PageDown));
    assert_eq!(
        i64::from(app.source.cursor),
        1 + page,
        "a page is the pane's height"
    );
}

#[test]
fn command_line_with_history_goto_line_and_an_empty_line_repeating() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    render(&mut app, 80, 24);
    app.key(key(':'));
    typed(&mut app, "p n + 1");
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p n + 1")]);
    assert!(render(&mut app, 80, 24).contains("(rdb) p n + 1"));
    app.key(key('!'));
    typed(&mut app, "x = 2");
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("!x = 2")]);
    app.key(key(':'));
    app.key(special(KeyCode::Up));
    app.key(special(KeyCode::Up));
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p n + 1")]);
    // An empty line is pdb's "repeat the last command".
    app.key(key(':'));
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("")]);
    app.key(key(':'));
    typed(&mut app, "15");
    assert_eq!(app.key(special(KeyCode::Enter)), vec![]);
    assert_eq!(app.source.cursor, 15);
}

#[test]
fn search_is_smart_case_with_next_and_previous_keys() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    render(&mut app, 80, 24);
    app.key(key('/'));
    typed(&mut app, "RETURN");
    app.key(special(KeyCode::Enter));
    render(&mut app, 80, 24);
    assert_eq!(app.search_pending, Some(true));
    let text = std::fs::read_to_string(fixture()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(!app.source.find(&lines, true), "a capital makes it exact");
    app.source.search = Some("return".into());
    assert!(app.source.find(&lines, true));
    assert_eq!(app.source.cursor, 10);
    assert_eq!(app.key(key(';')), vec![]);
    assert_eq!(app.search_pending, Some(true));
    assert!(app.source.find(&lines, true));
    assert_eq!(app.source.cursor, 18);
    app.key(key(','));
    assert_eq!(app.search_pending, Some(false));
    assert!(app.source.find(&lines, false));
    assert_eq!(app.source.cursor, 10);
    assert_eq!(app.key(key('n')), vec![command("next")], "n still steps");
}

#[test]
fn running_program_ignores_steps_pauses_on_ctrl_c_and_asks_before_quitting_or_restarting() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.update(ToUi::Running);
    assert_eq!(app.phase, Phase::Running);
    assert!(app.key(key('n')).is_empty());
    assert_eq!(app.key(ctrl('c')), vec![Effect::Interrupt]);
    assert!(app.key(key('q')).is_empty());
    assert!(render(&mut app, 80, 24).contains("Quit? It is running (y/n)"));
    assert!(app.key(key('n')).is_empty(), "n answers no");
    app.key(key('q'));
    assert_eq!(
        app.key(key('y')),
        vec![Effect::QuitNow, Effect::Send(FromUi::Quit), Effect::Exit]
    );
    assert!(app.key(key('R')).is_empty());
    assert!(render(&mut app, 80, 24).contains("Restart? It is running (y/n)"));
    assert_eq!(app.key(key('y')), vec![Effect::Interrupt, command("run")]);
}

#[test]
fn a_quit_question_asked_while_running_goes_when_the_program_ends() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.update(ToUi::Running);
    assert!(app.key(key('q')).is_empty());
    assert!(render(&mut app, 80, 24).contains("Quit? It is running (y/n)"));
    app.update(ToUi::Ended("The program finished".into()));
    assert!(!render(&mut app, 80, 24).contains("It is running"));
    // q now quits at once: nothing runs any more.
    assert_eq!(
        app.key(key('q')),
        vec![Effect::Send(FromUi::Quit), Effect::Exit]
    );
}

#[test]
fn while_running_and_after_the_end_no_stale_stop_is_shown() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.update(ToUi::Running);
    assert!(
        app.shows_stop(),
        "a short run (a step) keeps the stop on screen"
    );
    std::thread::sleep(super::app::STALE_AFTER);
    assert!(!app.shows_stop());
    assert!(render(&mut app, 80, 24).contains(" running "));
    app.update(ToUi::Ended("The program finished".into()));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains(" finished ") && screen.contains("R restart, q quit"),
        "{screen}"
    );
    assert!(
        !screen.contains('▶') && !screen.contains("> child"),
        "{screen}"
    );
    assert_eq!(app.key(key('R')), vec![Effect::Send(FromUi::Restart)]);
    app.update(ToUi::Restarting);
    assert!(render(&mut app, 80, 24).contains("── the program starts again ──"));
    assert_eq!(
        app.key(key('q')),
        vec![Effect::Send(FromUi::Quit), Effect::Exit]
    );
}

#[test]
fn the_output_pane_is_a_terminal_with_a_clamped_scroll_back() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    output(&mut app, "col1\tcol2\r\n10%\r100%\r\n");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("col1    col2") && screen.contains("100%"),
        "{screen}"
    );
    assert!(!screen.contains("10%\u{20}"), "{screen}");
    let text: String = (0..300).map(|i| format!("line {i}\r\n")).collect();
    output(&mut app, &text);
    app.focus = Focus::Output;
    app.key(key('g'));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("in parent loop 0"),
        "the oldest kept line: {screen}"
    );
    app.key(special(KeyCode::PageUp));
    app.key(key('G'));
    assert!(render(&mut app, 80, 24).contains("line 299"));
}

#[test]
fn expanding_a_variable_and_the_next_hundred_elements() {
    let mut snap = in_child(1, 0, "'x'");
    snap.locals.push(var("d", "dict", "{'a': 1, 'b': [2]}"));
    let mut app = app_with(snap.clone());
    app.key(special(KeyCode::Tab));
    app.key(special(KeyCode::Tab));
    assert_eq!(app.focus, Focus::Vars);
    app.key(key('j'));
    app.key(key('j'));
    let view = |expanded: &[&str], pages: &[(&str, usize)], globals| {
        Effect::Send(FromUi::View(ViewRequest {
            expanded: expanded.iter().map(|s| s.to_string()).collect(),
            globals,
            inspect: false,
            pages: pages.iter().map(|(p, n)| (p.to_string(), *n)).collect(),
            frames: None,
        }))
    };
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d"], &[], false)]
    );
    let child = |path: &str, name: &str, type_name: &str, repr: &str, expandable| VarSnap {
        depth: 1,
        path: path.into(),
        name: name.into(),
        type_name: type_name.into(),
        repr: repr.into(),
        expandable,
        id: 0,
        tag: None,
    };
    snap.locals.push(child("d/0", "'a'", "int", "1", false));
    snap.locals.push(child("d/1", "'b'", "list", "[2]", true));
    snap.locals.push(child("d/…", "…", "", "50 more", false));
    app.update(ToUi::Stopped(Box::new(snap)));
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("expanded_dict_80x24", screen.clone());
    assert!(screen.contains("▾ d"), "{screen}");
    assert!(screen.contains("│    'a' int 1"), "{screen}");
    assert!(screen.contains("│  ▸ 'b' list [2]"), "{screen}");
    app.key(key('j'));
    app.key(key('j'));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d", "d/1"], &[], false)]
    );
    app.key(key('j'));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d", "d/1"], &[("d", 200)], false)]
    );
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d", "d/1"], &[("d", 300)], false)]
    );
    assert_eq!(
        app.key(key('V')),
        vec![view(&["d", "d/1"], &[("d", 300)], true)]
    );
}

#[test]
fn program_input_and_questions_are_typed_at_the_console() {
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.update(ToUi::Running);
    app.update(ToUi::InputRequest("Age? ".into()));
    typed(&mut app, "42");
    assert!(render(&mut app, 100, 30).contains("Age? 42█"));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![Effect::Send(FromUi::Input(Some("42".into())))]
    );
    assert!(app.output.contents().contains("Age? 42"));
    app.update(ToUi::InputRequest(String::new()));
    assert_eq!(app.key(ctrl('d')), vec![Effect::Send(FromUi::Input(None))]);
    // A question takes only its answer: other keys do nothing, y or n answers.
    app.update(ToUi::Stopped(Box::new(in_child(2, 0, "'x'"))));
    app.update(ToUi::Question("Clear all breaks? ".into()));
    assert!(render(&mut app, 100, 30).contains("Clear all breaks? (y/n)"));
    assert_eq!(app.key(key('s')), vec![]);
    assert_eq!(app.key(key('y')), vec![Effect::Send(FromUi::Answer(true))]);
    assert_eq!(app.key(key('s')), vec![command("step")]);
    // A thread's input() while a command is being typed waits for it.
    app.key(key(':'));
    app.update(ToUi::InputRequest("name? ".into()));
    typed(&mut app, "p 1");
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p 1")]);
    assert!(render(&mut app, 100, 30).contains("name? █"));
}

/// Twenty stops stepping through `child`, each with the output written before it and
/// a frame selection and a command at each (which are not stops).
fn twenty_stops(app: &mut App) -> Vec<String> {
    let mut screens = Vec::new();
    for i in 0..20u32 {
        let id = u64::from(i) + 1;
        output(app, &format!("output before stop {i}\r\n"));
        let mut snap = in_child(id, i, &format!("'child {}'", i / 2));
        snap.stack[2].line = 8 + i % 3;
        snap.narrative = vec![crate::snapshot::NarrativeLine {
            depth: 2,
            text: format!("line {}  stop {i}", 8 + i % 3),
        }];
        app.update(ToUi::Stopped(Box::new(snap.clone())));
        snap.narrative.clear();
        snap.selected = 1;
        app.update(ToUi::Stopped(Box::new(snap.clone())));
        app.update(ToUi::Message(format!("p n\n{i}")));
        snap.selected = 2;
        app.update(ToUi::Stopped(Box::new(snap)));
        screens.push(render(app, 80, 24));
    }
    screens
}

/// The panes that show a stop: everything but the console and the status line.
fn stop_panes_of(app: &mut App) -> String {
    app.show_narrative = true;
    let with_narrative = render(app, 120, 40);
    app.show_narrative = false;
    let screen = render(app, 120, 40);
    // The output pane's title says whether it is the past: compared apart.
    let keep = |s: &str| -> String {
        let lines: Vec<&str> = s.lines().collect();
        lines[..lines.len() - 1]
            .iter()
            .map(|l| match l.contains("┌ output") {
                true => "(the output pane's title)".to_string(),
                false => l.chars().take(66).collect::<String>(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!("{}\n{}", keep(&screen), keep(&with_narrative))
}

#[test]
fn stepping_back_shows_every_pane_as_it_was_at_that_stop() {
    let mut app = App::new();
    let screens = twenty_stops(&mut app);
    assert_eq!(app.timeline.len(), 20, "only execution stops are kept");
    let mut past_panes = Vec::new();
    {
        let mut replay = App::new();
        for i in 0..20u32 {
            output(&mut replay, &format!("output before stop {i}\r\n"));
            let id = u64::from(i) + 1;
            let mut snap = in_child(id, i, &format!("'child {}'", i / 2));
            snap.stack[2].line = 8 + i % 3;
            snap.narrative = vec![crate::snapshot::NarrativeLine {
                depth: 2,
                text: format!("line {}  stop {i}", 8 + i % 3),
            }];
            replay.update(ToUi::Stopped(Box::new(snap)));
            past_panes.push(stop_panes_of(&mut replay));
        }
    }
    app.key(special(KeyCode::Left));
    let one_back = render(&mut app, 80, 24);
    assert!(
        one_back.contains("history 19/20 (past)"),
        "one key, one stop:\n{one_back}"
    );
    for _ in 0..9 {
        app.key(special(KeyCode::Left));
    }
    let past = render(&mut app, 80, 24);
    assert!(past.contains("history 10/20 (past)"), "{past}");
    assert!(past.contains("output before stop 9") && !past.contains("output before stop 10"));
    insta::assert_snapshot!("history_past_80x24", past);
    assert_eq!(stop_panes_of(&mut app), past_panes[9]);
    for i in (0..9).rev() {
        app.key(key('['));
        assert_eq!(stop_panes_of(&mut app), past_panes[i], "stop {i}");
    }
    assert!(!app.timeline.back(1), "the first stop is the oldest");
    app.key(key(']'));
    assert_eq!(stop_panes_of(&mut app), past_panes[1]);
    app.key(special(KeyCode::End));
    assert_eq!(render(&mut app, 80, 24), screens[19]);
    app.key(special(KeyCode::Home));
    // A command in the past says it runs in the present, and goes back there first.
    app.key(key(':'));
    typed(&mut app, "p i");
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p i")]);
    assert!(!app.timeline.in_past());
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("Back to the present: the command runs there"),
        "{screen}"
    );
    app.key(special(KeyCode::Home));
    assert_eq!(app.key(key('n')), vec![command("next")]);
    assert!(!app.timeline.in_past());
}

#[test]
fn narrative_pane_tells_the_story_with_a_filter_and_scrolls() {
    use crate::snapshot::NarrativeLine;
    let mut snap = in_child(1, 0, "'child 0'");
    let line = |depth, text: &str| NarrativeLine {
        depth,
        text: text.into(),
    };
    snap.narrative = vec![
        line(1, "line 17  results.append(child(i))"),
        line(2, "call child(n=0)"),
        line(2, "line 8  label = \"child %d\" % n"),
        line(2, "line 9  print(\" \" * 8, label)"),
    ];
    snap.narrative
        .extend((0..40).map(|i| line(2, &format!("line 9  filler {i}"))));
    let mut app = app_with(snap);
    app.key(key('e'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("filler 39"), "{screen}");
    app.key(key('o'));
    app.key(key('g'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("    call child(n=0)"), "{screen}");
    insta::assert_snapshot!("narrative_80x24", screen);
    app.key(key('E'));
    app.key(key('G'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("calls and returns"), "{screen}");
    assert!(
        screen.contains("call child(n=0)") && !screen.contains("line 8"),
        "{screen}"
    );
}

#[test]
fn inspector_pane_shows_frame_code_and_bytecode_and_scrolls() {
    use crate::snapshot::Inspector;
    let mut app = app_with(in_child(1, 0, "'x'"));
    assert_eq!(
        app.key(key('i')),
        vec![Effect::Send(FromUi::View(ViewRequest {
            inspect: true,
            ..ViewRequest::default()
        }))]
    );
    let mut snap = in_child(1, 0, "'x'");
    let mut rows = vec![
        ("f_back".into(), "parent() at family.py:17".into()),
        ("f_lasti".into(), "2".into()),
        ("co_flags".into(), "0x3 OPTIMIZED | NEWLOCALS".into()),
    ];
    rows.extend((0..8).map(|i| (format!("co_{i}"), i.to_string())));
    snap.inspector = Some(Inspector {
        rows,
        bytecode: vec![
            (true, "   2 LOAD_GLOBAL              print".into()),
            (false, "  14 LOAD_CONST               ' '".into()),
        ],
    });
    app.update(ToUi::Stopped(Box::new(snap)));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("▶    2 LOAD_GLOBAL"), "{screen}");
    insta::assert_snapshot!("inspector_120x40", screen);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("LOAD_GLOBAL"), "{screen}");
    app.focus = Focus::Vars;
    app.key(key('G'));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("LOAD_GLOBAL"),
        "the bytecode scrolls into view:\n{screen}"
    );
}

/// An app with the interface settings of a configuration file.
fn configured(text: &str) -> App {
    let (config, errors) = crate::config::parse(text, std::path::Path::new("rdb.toml"));
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = app_with(in_child(1, 0, "'x'"));
    app.keymap = config.keys;
    app.layout = config.layout;
    app.set_stack_order(config.stack_order);
    app
}

#[test]
fn rebound_keys_drive_the_session_and_the_old_ones_do_not() {
    let mut app = configured("[keys]\nnext = [\"x\", \"f10\"]\nstep = \"n\"\nquit = \"ctrl-q\"\n");
    assert_eq!(app.key(key('x')), vec![command("next")]);
    assert_eq!(app.key(special(KeyCode::F(10))), vec![command("next")]);
    assert_eq!(app.key(key('n')), vec![command("step")]);
    assert_eq!(app.key(key('s')), vec![], "s lost its binding to step");
    assert_eq!(app.key(key('q')), vec![]);
    assert_eq!(app.key(ctrl('q')), vec![command("quit"), Effect::Exit]);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Ctrl-q quit"),
        "the status line names the new key:\n{screen}"
    );
    app.key(key('?'));
    let help = render(&mut app, 120, 40);
    assert!(
        help.contains(" x F10     next line in this function"),
        "{help}"
    );
    assert!(
        help.contains(" n         step into the next call"),
        "{help}"
    );
}

#[test]
fn configured_layout_and_stack_order() {
    let mut app = configured(
        "[layout]\nside = \"left\"\nsource_width = 50\nstack_height = 50\noutput_height = 40\n\
         [stack]\nmost_recent = \"bottom\"\n",
    );
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("configured_layout_80x24", screen.clone());
    let rows: Vec<&str> = screen.lines().collect();
    let at = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    assert!(
        at("<module>") < at("  parent()  ") && at("  parent()  ") < at("> child()"),
        "{screen}"
    );
    assert!(rows[0].find(" stack").unwrap() < rows[0].find("family.py").unwrap());
}

/// A variable row with an identity (0: not worth a tag).
fn obj(name: &str, type_name: &str, repr: &str, id: u64) -> VarSnap {
    VarSnap {
        id,
        expandable: matches!(type_name, "list" | "dict"),
        ..var(name, type_name, repr)
    }
}

fn with_vars(mut f: FrameSnap, vars: Vec<VarSnap>) -> FrameSnap {
    f.args = vars
        .iter()
        .take(1)
        .map(|v| crate::snapshot::ArgSnap {
            name: v.name.clone(),
            repr: v.repr.clone(),
            id: v.id,
            tag: None,
        })
        .collect();
    f.vars = Some(vars);
    f
}

/// The frames view of `snap` (tagged as the session tags it), drawn at 120×40.
fn frames_view(mut snap: StopSnapshot) -> (App, String) {
    crate::session::tags::Tags::default().apply(&mut snap);
    let mut app = app_with(snap.clone());
    assert_eq!(
        app.key(key('F')),
        vec![Effect::Send(FromUi::View(ViewRequest {
            frames: Some(super::panes::frames::FRAMES_WANTED),
            ..ViewRequest::default()
        }))]
    );
    app.update(ToUi::Stopped(Box::new(snap)));
    let screen = render(&mut app, 120, 40);
    (app, screen)
}

fn globals() -> Vec<VarSnap> {
    vec![
        obj("parent", "function", "<function parent at 0x7f>", 11),
        obj("child", "function", "<function child at 0x7f>", 12),
        obj("LIMIT", "int", "3", 0),
    ]
}

#[test]
fn frames_view_of_a_recursion_shows_every_frame_with_its_own_n() {
    let stack: Vec<FrameSnap> = std::iter::once(frame("<module>", 22))
        .chain(
            (1..=4)
                .rev()
                .map(|n| with_vars(frame("child", 9), vec![obj("n", "int", &n.to_string(), 0)])),
        )
        .collect();
    let mut snap = stop(1, stack, vec![var("n", "int", "1")]);
    snap.module_globals = Some(globals());
    let (_, screen) = frames_view(snap);
    insta::assert_snapshot!("frames_recursion_120x40", screen.clone());
    for n in 1..=4 {
        assert!(
            screen.contains(&format!("child(n={n})  line 9")),
            "{screen}"
        );
    }
    // the globals box: functions by name and type only
    assert!(screen.contains("globals  line 22"), "{screen}");
    assert!(!screen.contains("<function parent"), "{screen}");
}

#[test]
fn frames_view_tags_one_list_under_two_names_and_passed_down_two_frames() {
    // parent: a = b = [] and d = {'k': a} expanded; child(xs=a); grandchild(ys=a)
    let list = || obj("a", "list", "[1, 2]", 77);
    let mut parent_vars = vec![
        list(),
        VarSnap {
            name: "b".into(),
            path: "b".into(),
            ..list()
        },
        obj("d", "dict", "{'k': [1, 2]}", 88),
        VarSnap {
            depth: 1,
            path: "d/0".into(),
            name: "'k'".into(),
            ..list()
        },
        obj("other", "list", "[3]", 99),
    ];
    parent_vars[0].tag = None;
    let stack = vec![
        frame("<module>", 22),
        with_vars(frame("parent", 17), parent_vars),
        with_vars(
            frame("child", 9),
            vec![VarSnap {
                name: "xs".into(),
                path: "xs".into(),
                ..list()
            }],
        ),
    ];
    let mut snap = stop(
        1,
        stack,
        vec![VarSnap {
            name: "xs".into(),
            path: "xs".into(),
            ..list()
        }],
    );
    snap.module_globals = Some(globals());
    let (mut app, screen) = frames_view(snap);
    insta::assert_snapshot!("frames_shared_120x40", screen.clone());
    let tagged: Vec<&str> = screen.lines().filter(|l| l.contains("#1 [1, 2]")).collect();
    // a, b, d's 'k' in parent's box, xs in child's box, child's argument in the stack
    // pane and the box title
    assert!(tagged.len() >= 5, "{screen}");
    assert!(
        !screen.contains("#2"),
        "one shared object, one tag: {screen}"
    );
    assert!(screen.contains("child(xs=#1 [1, 2])"), "{screen}");
    assert!(!screen.contains("#1 [3]"), "{screen}");
    // the tag has its colour wherever it is
    assert_eq!(
        colour_of(&mut app, "#1 [1, 2]"),
        Some(super::panes::tag_style(1).fg.unwrap())
    );
    // H: each tagged object once, as Python Tutor's heap
    app.key(key('H'));
    let screen = render(&mut app, 120, 40);
    insta::assert_snapshot!("frames_objects_120x40", screen.clone());
    assert!(screen.contains("┌ objects"), "{screen}");
    assert_eq!(screen.matches("#1 list [1, 2]").count(), 1, "{screen}");
}

#[test]
fn frames_view_at_a_return_and_at_an_exception() {
    let mut ret = stop(
        1,
        vec![
            frame("<module>", 22),
            with_vars(frame("parent", 17), vec![obj("rounds", "int", "3", 0)]),
            with_vars(
                frame("child", 10),
                vec![obj("n", "int", "2", 0), obj("__return__", "int", "4", 0)],
            ),
        ],
        vec![],
    );
    ret.event = StopEvent::Return("4".into());
    ret.module_globals = Some(globals());
    let (_, screen) = frames_view(ret);
    insta::assert_snapshot!("frames_return_120x40", screen.clone());
    assert!(screen.contains("return → 4"), "{screen}");

    let mut exc = stop(
        2,
        vec![
            frame("<module>", 22),
            with_vars(
                frame("child", 10),
                vec![
                    obj("n", "int", "2", 0),
                    obj(
                        "__exception__",
                        "tuple",
                        "(<class 'ValueError'>, ValueError('bad'))",
                        5,
                    ),
                    obj("__return__", "NoneType", "None", 0),
                ],
            ),
        ],
        vec![],
    );
    exc.event = StopEvent::Unwind("ValueError('bad')".into());
    exc.module_globals = Some(globals());
    let (_, screen) = frames_view(exc);
    insta::assert_snapshot!("frames_unwinding_120x40", screen.clone());
    assert!(
        screen.contains("child(n=2)  line 10  unwinding"),
        "{screen}"
    );
    assert!(
        screen.contains("exception → (<class 'ValueError'>"),
        "{screen}"
    );
    assert!(!screen.contains("return → None"), "{screen}");
    assert!(
        screen.contains("unwinding → ValueError('bad')"),
        "the status line: {screen}"
    );
}

#[test]
fn frames_view_of_a_thousand_frames_shows_the_newest_and_counts_the_rest() {
    let stack: Vec<FrameSnap> = std::iter::once(frame("<module>", 22))
        .chain((1..=1000).rev().map(|n| {
            let f = frame("child", 9);
            if n <= super::panes::frames::FRAMES_WANTED as u32 {
                with_vars(f, vec![obj("n", "int", &n.to_string(), 0)])
            } else {
                FrameSnap {
                    args: vec![crate::snapshot::ArgSnap {
                        name: "n".into(),
                        repr: n.to_string(),
                        id: 0,
                        tag: None,
                    }],
                    ..f
                }
            }
        }))
        .collect();
    let snap = stop(1, stack, vec![var("n", "int", "1")]);
    let (_, screen) = frames_view(snap);
    insta::assert_snapshot!("frames_deep_120x40", screen.clone());
    assert!(screen.contains("child(n=1)  line 9"), "{screen}");
    assert!(screen.contains("more frames, and the globals"), "{screen}");
    assert!(screen.contains("frame 1001 of 1001"), "{screen}");
}
