//! The interface without a terminal: hand-built stops rendered into ratatui's
//! `TestBackend` (snapshots at 80×24 and 120×40), and key sequences through `App`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::{App, Effect, Phase};
use super::highlight::Highlighter;
use super::view;
use crate::remote::{FromUi, ToUi};
use crate::snapshot::{BreakSnap, FrameSnap, StopEvent, StopSnapshot, VarSnap};

/// The source the hand-built stops are in: the tests' own, so that changing the
/// examples changes no snapshot.
fn fixture() -> String {
    format!("{}/src/ui/fixtures/family.py", env!("CARGO_MANIFEST_DIR"))
}

fn frame(function: &str, line: u32) -> FrameSnap {
    FrameSnap {
        function: function.into(),
        file: fixture(),
        line,
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
    }
}

fn in_child(n: u32, label: &str) -> StopSnapshot {
    StopSnapshot {
        event: StopEvent::Line,
        stack: vec![
            frame("<module>", 22),
            frame("parent", 17),
            frame("child", 9),
        ],
        selected: 2,
        locals: vec![var("n", "int", &n.to_string()), var("label", "str", label)],
        breakpoints: vec![
            BreakSnap {
                file: fixture(),
                line: 9,
                enabled: true,
                conditional: false,
            },
            BreakSnap {
                file: fixture(),
                line: 16,
                enabled: false,
                conditional: false,
            },
            BreakSnap {
                file: fixture(),
                line: 18,
                enabled: true,
                conditional: true,
            },
        ],
        globals: false,
        narrative: vec![],
        inspector: None,
    }
}

fn app_with(snapshot: StopSnapshot) -> App {
    let mut app = App::new();
    app.update(ToUi::Output {
        stderr: false,
        text: "     in parent loop 0\n         child 0\n".into(),
    });
    app.update(ToUi::Output {
        stderr: true,
        text: "warning: on stderr\n".into(),
    });
    app.update(ToUi::Stopped(snapshot));
    app
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut hl = Highlighter::new();
    let mut app_file_len = 0;
    if let Some(file) = &app.file {
        hl.load(file, &std::fs::read_to_string(file).unwrap());
        app_file_len = hl.line_count(file);
    }
    assert!(app.file.is_none() || app_file_len > 0);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app, &mut hl)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

fn both_sizes(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
}

#[test]
fn stopped_in_a_call_with_breakpoints_and_changed_locals() {
    let mut app = app_with(in_child(0, "'child 0'"));
    app.update(ToUi::Stopped(in_child(1, "'child 0'")));
    assert_eq!(app.changed, vec!["n".to_string()]);
    both_sizes("stopped", &app);
}

#[test]
fn long_stack_keeps_the_selected_frame_in_view() {
    let mut stack = vec![frame("<module>", 22)];
    stack.extend((0..40).map(|_| frame("parent", 17)));
    stack.push(frame("child", 8));
    let snap = StopSnapshot {
        event: StopEvent::Call,
        selected: stack.len() - 1,
        stack,
        locals: vec![var("n", "int", "3")],
        breakpoints: vec![],
        globals: false,
        narrative: vec![],
        inspector: None,
    };
    both_sizes("long_stack", &app_with(snap));
}

#[test]
fn post_mortem_view() {
    let snap = StopSnapshot {
        event: StopEvent::PostMortem("ZeroDivisionError: division by zero".into()),
        stack: vec![
            frame("<module>", 22),
            frame("parent", 17),
            frame("child", 10),
        ],
        selected: 2,
        locals: vec![var("n", "int", "0"), var("label", "str", "'child 0'")],
        breakpoints: vec![],
        globals: false,
        narrative: vec![],
        inspector: None,
    };
    let mut app = app_with(snap);
    app.update(ToUi::Output {
        stderr: true,
        text: "Traceback (most recent call last):\nZeroDivisionError: division by zero\n".into(),
    });
    both_sizes("post_mortem", &app);
}

#[test]
fn too_small_terminal_says_so() {
    let app = app_with(in_child(0, "'x'"));
    insta::assert_snapshot!("too_small_40x10", render(&app, 40, 10));
    insta::assert_snapshot!("too_small_20x5", render(&app, 20, 5));
}

#[test]
fn help_lists_every_key_of_the_table() {
    let mut app = app_with(in_child(0, "'x'"));
    app.key(key('?'));
    for (w, h) in [(120, 40), (80, 24)] {
        let screen = render(&app, w, h);
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

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn special(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn command(s: &str) -> Effect {
    Effect::Send(FromUi::Command(s.into()))
}

#[test]
fn execution_keys_become_pdb_commands() {
    let mut app = app_with(in_child(0, "'x'"));
    assert_eq!(app.key(key('s')), vec![command("step")]);
    assert_eq!(app.key(key('n')), vec![command("next")]);
    assert_eq!(app.key(key('r')), vec![command("return")]);
    assert_eq!(app.key(key('f')), vec![command("return")]);
    assert_eq!(app.key(key('c')), vec![command("continue")]);
    assert_eq!(app.key(key('u')), vec![command("up")]);
    assert_eq!(app.key(key('d')), vec![command("down")]);
}

#[test]
fn selecting_a_frame_shows_its_line() {
    let mut app = app_with(in_child(0, "'x'"));
    assert_eq!(app.cursor, 9);
    let mut up = in_child(0, "'x'");
    up.selected = 1;
    app.update(ToUi::Stopped(up));
    assert_eq!(app.cursor, 17, "the cursor follows the selected frame");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("> parent  family.py:17"), "{screen}");
}

#[test]
fn cursor_breakpoints_and_run_to_cursor() {
    let file = fixture();
    let mut app = app_with(in_child(0, "'x'"));
    app.file_len = 22;
    // On line 9 there is a breakpoint: b clears it.
    assert_eq!(app.key(key('b')), vec![command(&format!("clear {file}:9"))]);
    app.key(key('j'));
    app.key(key('j'));
    assert_eq!(app.cursor, 11);
    assert_eq!(
        app.key(key('b')),
        vec![command(&format!("break {file}:11"))]
    );
    assert_eq!(
        app.key(key('t')),
        vec![command(&format!("tbreak {file}:11")), command("continue")]
    );
    app.key(key('B'));
    for c in "n > 1".chars() {
        app.key(key(c));
    }
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![command(&format!("break {file}:11, n > 1"))]
    );
    app.key(key('G'));
    assert_eq!(app.cursor, 22);
    app.key(key('g'));
    assert_eq!(app.cursor, 1);
}

#[test]
fn command_line_with_history_and_goto_line() {
    let mut app = app_with(in_child(0, "'x'"));
    app.file_len = 22;
    app.key(key(':'));
    for c in "p n + 1".chars() {
        app.key(key(c));
    }
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p n + 1")]);
    app.key(key('!'));
    for c in "x = 2".chars() {
        app.key(key(c));
    }
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("!x = 2")]);
    app.key(key(':'));
    app.key(special(KeyCode::Up));
    app.key(special(KeyCode::Up));
    assert_eq!(app.key(special(KeyCode::Enter)), vec![command("p n + 1")]);
    app.key(key(':'));
    app.key(key('1'));
    app.key(key('5'));
    assert_eq!(app.key(special(KeyCode::Enter)), vec![]);
    assert_eq!(app.cursor, 15);
}

#[test]
fn search_moves_the_cursor_to_the_next_match() {
    let mut app = app_with(in_child(0, "'x'"));
    app.key(key('/'));
    for c in "return".chars() {
        app.key(key(c));
    }
    app.key(special(KeyCode::Enter));
    assert!(app.search_pending);
    let text = std::fs::read_to_string(fixture()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    app.search_in(&lines);
    assert_eq!(app.cursor, 10);
    assert_eq!(lines[9].trim(), "return n * n");
}

#[test]
fn running_program_ignores_steps_pauses_on_ctrl_c_and_asks_before_quitting() {
    let mut app = app_with(in_child(0, "'x'"));
    app.update(ToUi::Running);
    assert_eq!(app.phase, Phase::Running);
    assert!(app.key(key('n')).is_empty());
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.key(ctrl_c), vec![Effect::Interrupt]);
    assert!(app.key(key('q')).is_empty());
    assert!(render(&app, 80, 24).contains("The program is running. Quit? (y/n)"));
    assert!(app.key(key('n')).is_empty(), "n answers no");
    app.key(key('q'));
    assert_eq!(
        app.key(key('y')),
        vec![Effect::Interrupt, Effect::Send(FromUi::Quit), Effect::Exit]
    );
}

#[test]
fn ended_program_offers_restart_and_quit() {
    let mut app = app_with(in_child(0, "'x'"));
    app.update(ToUi::Ended("The program finished".into()));
    assert!(render(&app, 80, 24).contains("R restart, q quit"));
    assert_eq!(app.key(key('R')), vec![Effect::Send(FromUi::Restart)]);
    assert_eq!(
        app.key(key('q')),
        vec![Effect::Send(FromUi::Quit), Effect::Exit]
    );
}

#[test]
fn output_keeps_partial_lines_and_stream_colours_apart() {
    let mut app = App::new();
    app.update(ToUi::Output {
        stderr: false,
        text: "abc".into(),
    });
    app.update(ToUi::Output {
        stderr: false,
        text: "def\nghi".into(),
    });
    let lines: Vec<String> = app.output_lines().map(|(_, t)| t.clone()).collect();
    assert_eq!(lines, vec!["abcdef", "ghi"]);
}

#[test]
fn expanding_a_variable_asks_for_its_elements_and_shows_them_indented() {
    let mut snap = in_child(0, "'x'");
    snap.locals.push(var("d", "dict", "{'a': 1, 'b': [2]}"));
    let mut app = app_with(snap.clone());
    app.key(special(KeyCode::Tab));
    app.key(special(KeyCode::Tab));
    app.key(key('j'));
    app.key(key('j'));
    let view = |expanded: &[&str], globals| {
        Effect::Send(FromUi::View(crate::session::ViewRequest {
            expanded: expanded.iter().map(|s| s.to_string()).collect(),
            globals,
            inspect: false,
        }))
    };
    assert_eq!(app.key(special(KeyCode::Enter)), vec![view(&["d"], false)]);
    let child = |path: &str, name: &str, type_name: &str, repr: &str, expandable| VarSnap {
        depth: 1,
        path: path.into(),
        name: name.into(),
        type_name: type_name.into(),
        repr: repr.into(),
        expandable,
    };
    snap.locals.push(child("d/0", "'a'", "int", "1", false));
    snap.locals.push(child("d/1", "'b'", "list", "[2]", true));
    app.update(ToUi::Stopped(snap));
    let screen = render(&app, 80, 24);
    insta::assert_snapshot!("expanded_dict_80x24", screen.clone());
    assert!(screen.contains("▾ d"), "{screen}");
    assert!(screen.contains("│    'a' int 1"), "{screen}");
    assert!(screen.contains("│  ▸ 'b' list [2]"), "{screen}");
    app.key(key('j'));
    app.key(key('j'));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d", "d/1"], false)]
    );
    app.key(key('k'));
    app.key(key('k'));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![view(&["d/1"], false)]
    );
    assert_eq!(app.key(key('V')), vec![view(&["d/1"], true)]);
}

#[test]
fn program_input_is_typed_in_the_status_line() {
    let mut app = app_with(in_child(0, "'x'"));
    app.update(ToUi::Running);
    app.update(ToUi::InputRequest("Age? ".into()));
    for c in "42".chars() {
        app.key(key(c));
    }
    assert!(render(&app, 80, 24).contains("Age? 42█"));
    assert_eq!(
        app.key(special(KeyCode::Enter)),
        vec![Effect::Send(FromUi::Input(Some("42".into())))]
    );
    assert!(app.output_lines().any(|(_, l)| l == "Age? 42"));
    app.update(ToUi::InputRequest(String::new()));
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(app.key(ctrl_d), vec![Effect::Send(FromUi::Input(None))]);
}

/// Twenty stops stepping through `child`, each with the output written before it.
fn twenty_stops(app: &mut App) -> Vec<String> {
    let mut screens = Vec::new();
    for i in 0..20u32 {
        app.update(ToUi::Output {
            stderr: false,
            text: format!("output before stop {i}\n"),
        });
        let mut snap = in_child(i, &format!("'child {}'", i / 2));
        snap.stack[2].line = 8 + i % 3;
        app.update(ToUi::Stopped(snap));
        screens.push(render(app, 80, 24));
    }
    screens
}

/// The screen without its status line (which says where in history we are).
fn panes_of(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len() - 1].join("\n")
}

#[test]
fn stepping_back_shows_every_pane_as_it_was_at_that_stop() {
    let mut app = App::new();
    let screens = twenty_stops(&mut app);
    for _ in 0..10 {
        app.key(special(KeyCode::Left));
    }
    assert_eq!(app.history_label().as_deref(), Some("history 10/20 (past)"));
    let past = render(&app, 80, 24);
    assert_eq!(panes_of(&past), panes_of(&screens[9]));
    assert!(past.contains("history 10/20 (past)"), "{past}");
    assert!(past.contains("output before stop 9") && !past.contains("output before stop 10"));
    insta::assert_snapshot!("history_past_80x24", past);
    for i in (0..9).rev() {
        app.key(key('['));
        assert_eq!(
            panes_of(&render(&app, 80, 24)),
            panes_of(&screens[i]),
            "stop {i}"
        );
    }
    assert!(!app.history.back(1), "the first stop is the oldest");
    app.key(key(']'));
    assert_eq!(panes_of(&render(&app, 80, 24)), panes_of(&screens[1]));
    app.key(special(KeyCode::End));
    assert_eq!(render(&app, 80, 24), screens[19]);
    app.key(special(KeyCode::Home));
    assert_eq!(app.history.position(), 1);
    // An execution key in the past returns to the present first, says so, then runs.
    assert_eq!(app.key(key('n')), vec![command("next")]);
    assert!(!app.history.in_past());
    assert!(render(&app, 80, 24).contains("back to the present"));
}

#[test]
fn narrative_pane_tells_the_story_with_a_filter() {
    use crate::snapshot::NarrativeLine;
    let mut snap = in_child(0, "'child 0'");
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
    let mut app = app_with(snap);
    app.key(key('e'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("    call child(n=0)"), "{screen}");
    insta::assert_snapshot!("narrative_80x24", screen);
    app.key(key('E'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("calls and returns"), "{screen}");
    assert!(
        screen.contains("call child(n=0)") && !screen.contains("line 8"),
        "{screen}"
    );
}

#[test]
fn inspector_pane_shows_frame_code_and_bytecode() {
    use crate::snapshot::Inspector;
    let mut app = app_with(in_child(0, "'x'"));
    assert_eq!(
        app.key(key('i')),
        vec![Effect::Send(FromUi::View(crate::session::ViewRequest {
            expanded: vec![],
            globals: false,
            inspect: true,
        }))]
    );
    let mut snap = in_child(0, "'x'");
    snap.inspector = Some(Inspector {
        rows: vec![
            ("f_back".into(), "parent() at family.py:17".into()),
            ("f_lasti".into(), "2".into()),
            ("co_flags".into(), "0x3 OPTIMIZED | NEWLOCALS".into()),
        ],
        bytecode: vec![
            (true, "   2 LOAD_GLOBAL              print".into()),
            (false, "  14 LOAD_CONST               ' '".into()),
        ],
    });
    app.update(ToUi::Stopped(snap));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("▶    2 LOAD_GLOBAL"), "{screen}");
    insta::assert_snapshot!("inspector_120x40", screen);
}

#[test]
fn presentation_mode_for_a_projector() {
    let mut app = app_with(in_child(0, "'child 0'"));
    app.update(ToUi::Stopped(in_child(1, "'child 0'")));
    app.key(key('P'));
    assert!(app.present);
    let small = render(&app, 80, 24);
    assert!(!small.contains("? help"), "hints are left out:\n{small}");
    assert!(!small.contains('│'), "no side borders:\n{small}");
    both_sizes("present", &app);
    app.key(key('P'));
    assert!(render(&app, 80, 24).contains("? help"));
}

#[test]
fn output_pane_keeps_the_newest_lines_and_says_how_many_it_dropped() {
    let mut app = app_with(in_child(0, "'x'"));
    let text: String = (0..12_000).map(|i| format!("line {i}\n")).collect();
    app.update(ToUi::Output {
        stderr: false,
        text,
    });
    let screen = render(&app, 80, 24);
    assert!(screen.contains("earlier lines dropped"), "{screen}");
    assert!(screen.contains("line 11999"), "{screen}");
    assert!(app.output.len() <= 11_000);
}

/// An app with the interface settings of a configuration file.
fn configured(text: &str) -> App {
    let (config, errors) = crate::config::parse(text, std::path::Path::new("rdb.toml"));
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = app_with(in_child(0, "'x'"));
    app.keymap = config.keys;
    app.layout = config.layout;
    app.stack_order = config.stack_order;
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
    assert_eq!(
        app.key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
        vec![command("quit"), Effect::Exit]
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Ctrl-q quit"),
        "the status line names the new key:\n{screen}"
    );
    app.key(key('?'));
    let help = render(&app, 120, 40);
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
    let app = configured(
        "[layout]\nside = \"left\"\nsource_width = 50\nstack_height = 50\noutput_height = 40\n\
         [stack]\nmost_recent = \"bottom\"\n",
    );
    insta::assert_snapshot!("configured_layout_80x24", render(&app, 80, 24));
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let at = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    assert!(
        at("<module>") < at("  parent  ") && at("  parent  ") < at("> child"),
        "{screen}"
    );
    assert!(rows[0].find(" stack ").unwrap() < rows[0].find("family.py").unwrap());
}
