//! The key table: every key binding as data (key, action, what it does), from which both
//! the key dispatch and the help screen are made.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Step,
    Next,
    Return,
    Continue,
    RunToCursor,
    Up,
    Down,
    ToggleBreak,
    ConditionalBreak,
    CursorUp,
    CursorDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Search,
    GotoLine,
    FocusNext,
    HistoryBack,
    HistoryForward,
    HistoryFirst,
    HistoryPresent,
    Expand,
    ToggleGlobals,
    FocusOutput,
    CommandLine,
    Help,
    Restart,
    Interrupt,
    Quit,
}

pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    pub help: &'static str,
}

const fn key(c: char, action: Action, help: &'static str) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
        action,
        help,
    }
}

const fn special(code: KeyCode, action: Action, help: &'static str) -> Binding {
    Binding {
        code,
        modifiers: KeyModifiers::NONE,
        action,
        help,
    }
}

/// pudb's keys where they exist.
pub static BINDINGS: &[Binding] = &[
    key('s', Action::Step, "step into the next call or line"),
    key('n', Action::Next, "next line in this function"),
    key('r', Action::Return, "run until this function returns"),
    key('f', Action::Return, "finish this function (same as r)"),
    key('c', Action::Continue, "continue to the next breakpoint"),
    key('t', Action::RunToCursor, "run to the cursor line"),
    key('u', Action::Up, "select the caller's frame (up the stack)"),
    key(
        'd',
        Action::Down,
        "select the callee's frame (down the stack)",
    ),
    key(
        'b',
        Action::ToggleBreak,
        "toggle a breakpoint at the cursor",
    ),
    key(
        'B',
        Action::ConditionalBreak,
        "breakpoint with a condition at the cursor",
    ),
    key('k', Action::CursorUp, "cursor up"),
    special(KeyCode::Up, Action::CursorUp, "cursor up"),
    key('j', Action::CursorDown, "cursor down"),
    special(KeyCode::Down, Action::CursorDown, "cursor down"),
    special(KeyCode::PageUp, Action::PageUp, "page up"),
    special(KeyCode::PageDown, Action::PageDown, "page down"),
    key('g', Action::Top, "first line"),
    key('G', Action::Bottom, "last line"),
    key('/', Action::Search, "search the source"),
    key(
        ':',
        Action::GotoLine,
        "command line (a number goes to that line)",
    ),
    key(
        '!',
        Action::CommandLine,
        "Python statement in the selected frame",
    ),
    special(KeyCode::Tab, Action::FocusNext, "next pane"),
    special(
        KeyCode::Left,
        Action::HistoryBack,
        "one stop back in history",
    ),
    key('[', Action::HistoryBack, "one stop back in history"),
    special(
        KeyCode::Right,
        Action::HistoryForward,
        "one stop forward in history",
    ),
    key(']', Action::HistoryForward, "one stop forward in history"),
    special(
        KeyCode::Home,
        Action::HistoryFirst,
        "the first stop in history",
    ),
    special(KeyCode::End, Action::HistoryPresent, "back to the present"),
    special(
        KeyCode::Enter,
        Action::Expand,
        "expand/collapse the variable (variables pane)",
    ),
    key(
        ' ',
        Action::Expand,
        "expand/collapse the variable (variables pane)",
    ),
    key('V', Action::ToggleGlobals, "show globals / locals"),
    key('o', Action::FocusOutput, "focus the output pane"),
    key('?', Action::Help, "this help"),
    key(
        'R',
        Action::Restart,
        "restart the program (when it has ended)",
    ),
    Binding {
        code: KeyCode::Char('c'),
        modifiers: KeyModifiers::CONTROL,
        action: Action::Interrupt,
        help: "pause the running program",
    },
    key('q', Action::Quit, "quit"),
];

pub fn action_for(event: &KeyEvent) -> Option<Action> {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .find(|b| b.code == event.code && b.modifiers == mods)
        .map(|b| b.action)
}

/// How a binding's key is written in the help.
pub fn key_name(b: &Binding) -> String {
    let base = match b.code {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        other => format!("{other:?}"),
    };
    if b.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}
