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
    ToggleNarrative,
    NarrativeFilter,
    ToggleInspector,
    TogglePresent,
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
    key('s', Action::Step, "step into the next call"),
    key('n', Action::Next, "next line in this function"),
    key('r', Action::Return, "run until function returns"),
    key('f', Action::Return, "run until function returns"),
    key('c', Action::Continue, "continue to a breakpoint"),
    key('t', Action::RunToCursor, "run to the cursor line"),
    key('u', Action::Up, "select the caller's frame"),
    key('d', Action::Down, "select the callee's frame"),
    key('b', Action::ToggleBreak, "breakpoint at cursor"),
    key('B', Action::ConditionalBreak, "conditional breakpoint"),
    key('k', Action::CursorUp, "cursor up"),
    special(KeyCode::Up, Action::CursorUp, "cursor up"),
    key('j', Action::CursorDown, "cursor down"),
    special(KeyCode::Down, Action::CursorDown, "cursor down"),
    special(KeyCode::PageUp, Action::PageUp, "page up"),
    special(KeyCode::PageDown, Action::PageDown, "page down"),
    key('g', Action::Top, "first line"),
    key('G', Action::Bottom, "last line"),
    key('/', Action::Search, "search the source"),
    key(':', Action::GotoLine, "pdb command / line number"),
    key('!', Action::CommandLine, "Python statement"),
    special(KeyCode::Tab, Action::FocusNext, "next pane"),
    special(
        KeyCode::Left,
        Action::HistoryBack,
        "one stop back (history)",
    ),
    key('[', Action::HistoryBack, "one stop back (history)"),
    special(
        KeyCode::Right,
        Action::HistoryForward,
        "one stop forward (history)",
    ),
    key(']', Action::HistoryForward, "one stop forward (history)"),
    special(KeyCode::Home, Action::HistoryFirst, "first stop in history"),
    special(KeyCode::End, Action::HistoryPresent, "back to the present"),
    special(KeyCode::Enter, Action::Expand, "expand/collapse variable"),
    key(' ', Action::Expand, "expand/collapse variable"),
    key('V', Action::ToggleGlobals, "globals / locals"),
    key('o', Action::FocusOutput, "output pane"),
    key('e', Action::ToggleNarrative, "event narrative / output"),
    key('E', Action::NarrativeFilter, "narrative event filter"),
    key('i', Action::ToggleInspector, "frame & code inspector"),
    key('P', Action::TogglePresent, "presentation mode"),
    key('?', Action::Help, "this help"),
    key('R', Action::Restart, "restart (after the end)"),
    Binding {
        code: KeyCode::Char('c'),
        modifiers: KeyModifiers::CONTROL,
        action: Action::Interrupt,
        help: "pause the program",
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
        KeyCode::Char(' ') => "Spc".into(),
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
