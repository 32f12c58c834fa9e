//! Key bindings as data: the actions of the interface, the keys that trigger them (pudb's
//! where they exist), and the `[keys]` section of the configuration that rebinds them.
//! Terminal-free: `ui::keys` matches crossterm's key events against these.

use std::fmt;

macro_rules! actions {
    ($($variant:ident $name:literal $help:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's name in the `[keys]` section of the configuration.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What the help screen says the action does.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $help,)*
                }
            }
        }
    };
}

actions! {
    Step "step" "step into the next call",
    Next "next" "next line in this function",
    Return "return" "run until function returns",
    Continue "continue" "continue to a breakpoint",
    ReverseContinue "reverse_continue" "replay: back to a break",
    RunToCursor "run_to_cursor" "run to the cursor line",
    Up "up" "select the caller's frame",
    Down "down" "select the callee's frame",
    ToggleBreak "toggle_break" "breakpoint at cursor",
    ConditionalBreak "conditional_break" "conditional breakpoint",
    CursorUp "cursor_up" "cursor up",
    CursorDown "cursor_down" "cursor down",
    PageUp "page_up" "page up",
    PageDown "page_down" "page down",
    Top "top" "first line",
    Bottom "bottom" "last line",
    Search "search" "search the source",
    SearchNext "search_next" "next match",
    SearchPrevious "search_previous" "previous match",
    GotoLine "command" "pdb command / line number",
    CommandLine "statement" "Python statement",
    FocusNext "focus_next" "next pane",
    HistoryBack "history_back" "one stop back (history)",
    HistoryForward "history_forward" "one stop forward (history)",
    HistoryFirst "history_first" "first stop in history",
    HistoryPresent "history_present" "back to the present",
    Expand "expand" "expand/collapse variable",
    ToggleGlobals "toggle_globals" "globals / locals",
    FocusOutput "focus_output" "output pane",
    FocusConsole "focus_console" "console pane",
    ToggleNarrative "toggle_narrative" "event narrative / output",
    NarrativeFilter "narrative_filter" "narrative event filter",
    ToggleInspector "toggle_inspector" "frame & code inspector",
    ToggleFrames "toggle_frames" "all frames at once",
    ToggleObjects "toggle_objects" "shared objects list",
    TogglePresent "toggle_present" "presentation mode",
    Help "help" "this help",
    Restart "restart" "restart (after the end)",
    Interrupt "interrupt" "pause the program",
    Quit "quit" "quit",
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// A key without modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Tab,
    Enter,
    Backspace,
    Delete,
    Insert,
    F(u8),
}

/// A key as bound: a key code with Ctrl and/or Alt (Shift is in the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("tab", KeyCode::Tab),
    ("enter", KeyCode::Enter),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

const KEY_EXAMPLES: &str = r#"a key is one character or a name, with optional ctrl- or alt- ("n", "N", "space", "f5", "pgdn", "ctrl-n")"#;

impl Key {
    pub const fn plain(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    pub const fn special(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Reads a key as written in the configuration: `n`, `N`, `space`, `f5`, `ctrl-n`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || format!("{text:?} is not a key: {KEY_EXAMPLES}");
        let mut key = Key::plain(' ');
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 2 && lower.starts_with("ctrl-") {
                key.ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 2 && lower.starts_with("alt-") {
                key.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some(&(_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=12).contains(&n) {
                        return Err(bad());
                    }
                    KeyCode::F(n)
                } else {
                    return Err(bad());
                }
            }
        };
        if key.ctrl {
            if let KeyCode::Char(c) = key.code {
                key.code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        Ok(key)
    }

    /// How the key is written in the configuration (what `parse` reads back).
    pub fn spec(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map(|(n, _)| n.to_string())
                .unwrap_or_default(),
        };
        self.with_modifiers(base, "ctrl-", "alt-")
    }

    fn with_modifiers(&self, base: String, ctrl: &str, alt: &str) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str(ctrl);
        }
        if self.alt {
            out.push_str(alt);
        }
        out + &base
    }
}

/// How the help screen writes a key: `s`, `Spc`, `↑`, `PgDn`, `F5`, `Ctrl-c`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = match self.code {
            KeyCode::Char(' ') => "Spc".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
        };
        f.write_str(&self.with_modifiers(base, "Ctrl-", "Alt-"))
    }
}

/// The default bindings, in the help screen's order.
const DEFAULTS: &[(Action, &[Key])] = &[
    (Action::Step, &[Key::plain('s')]),
    (Action::Next, &[Key::plain('n')]),
    (Action::Return, &[Key::plain('r'), Key::plain('f')]),
    (Action::Continue, &[Key::plain('c')]),
    (Action::RunToCursor, &[Key::plain('t')]),
    (Action::Up, &[Key::plain('u')]),
    (Action::Down, &[Key::plain('d')]),
    (Action::ToggleBreak, &[Key::plain('b')]),
    (Action::ConditionalBreak, &[Key::plain('B')]),
    (
        Action::CursorUp,
        &[Key::plain('k'), Key::special(KeyCode::Up)],
    ),
    (
        Action::CursorDown,
        &[Key::plain('j'), Key::special(KeyCode::Down)],
    ),
    (Action::PageUp, &[Key::special(KeyCode::PageUp)]),
    (Action::PageDown, &[Key::special(KeyCode::PageDown)]),
    (Action::Top, &[Key::plain('g')]),
    (Action::Bottom, &[Key::plain('G')]),
    (Action::Search, &[Key::plain('/')]),
    (Action::SearchNext, &[Key::plain(';')]),
    (Action::SearchPrevious, &[Key::plain(',')]),
    (Action::GotoLine, &[Key::plain(':')]),
    (Action::CommandLine, &[Key::plain('!')]),
    (Action::FocusNext, &[Key::special(KeyCode::Tab)]),
    (
        Action::HistoryBack,
        &[Key::special(KeyCode::Left), Key::plain('[')],
    ),
    (
        Action::HistoryForward,
        &[Key::special(KeyCode::Right), Key::plain(']')],
    ),
    (Action::HistoryFirst, &[Key::special(KeyCode::Home)]),
    (Action::HistoryPresent, &[Key::special(KeyCode::End)]),
    (
        Action::Expand,
        &[Key::special(KeyCode::Enter), Key::plain(' ')],
    ),
    (Action::ToggleGlobals, &[Key::plain('V')]),
    (Action::FocusOutput, &[Key::plain('o')]),
    (Action::FocusConsole, &[Key::plain('O')]),
    (Action::ToggleNarrative, &[Key::plain('e')]),
    (Action::NarrativeFilter, &[Key::plain('E')]),
    (Action::ToggleInspector, &[Key::plain('i')]),
    (Action::ToggleFrames, &[Key::plain('F')]),
    (Action::ReverseContinue, &[Key::plain('C')]),
    (Action::ToggleObjects, &[Key::plain('H')]),
    (Action::TogglePresent, &[Key::plain('P')]),
    (Action::Help, &[Key::plain('?')]),
    (Action::Restart, &[Key::plain('R')]),
    (
        Action::Interrupt,
        &[Key {
            code: KeyCode::Char('c'),
            ctrl: true,
            alt: false,
        }],
    ),
    (Action::Quit, &[Key::plain('q')]),
];

/// Every action with its keys, in the help screen's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULTS.iter().map(|(a, k)| (*a, k.to_vec())).collect(),
        }
    }
}

impl Keymap {
    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(a, _)| *a)
    }

    /// Each action and its keys (possibly none), in the help screen's order.
    pub fn iter(&self) -> impl Iterator<Item = (Action, &[Key])> {
        self.bindings.iter().map(|(a, k)| (*a, k.as_slice()))
    }

    pub fn keys_of(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or_default()
    }

    /// Gives `action` exactly `keys`, taking them from whichever action had them by
    /// default. A key already given to another action by the configuration is an error.
    pub fn rebind(
        &mut self,
        action: Action,
        keys: Vec<Key>,
        rebound: &[Action],
    ) -> Result<(), String> {
        for key in &keys {
            if let Some(other) = self.action_for(*key) {
                if other != action && rebound.contains(&other) {
                    return Err(format!(
                        "{:?} is already bound to {}",
                        key.spec(),
                        other.name()
                    ));
                }
            }
        }
        for (a, ks) in &mut self.bindings {
            if *a == action {
                *ks = keys.clone();
            } else {
                ks.retain(|k| !keys.contains(k));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for text in [
            "n",
            "N",
            "space",
            "f5",
            "f12",
            "pgdn",
            "ctrl-n",
            "alt-x",
            "ctrl-alt-up",
            "[",
            "-",
        ] {
            let key = Key::parse(text).unwrap();
            assert_eq!(Key::parse(&key.spec()).unwrap(), key, "{text}");
        }
        assert_eq!(Key::parse("CTRL-N").unwrap().spec(), "ctrl-n");
        assert_eq!(Key::parse("PageDown").unwrap().spec(), "pgdn");
    }

    #[test]
    fn bad_keys_say_what_a_key_is() {
        for text in ["", "ctrl-", "f13", "f0", "nn", "hyper-x", "\t"] {
            let err = Key::parse(text).unwrap_err();
            assert!(
                err.starts_with(&format!("{text:?} is not a key: a key is one character")),
                "{err}"
            );
        }
    }

    #[test]
    fn every_action_has_a_default_key_and_a_unique_name() {
        let map = Keymap::default();
        for &a in Action::ALL {
            assert!(!map.keys_of(a).is_empty(), "{a:?}");
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        assert_eq!(map.iter().count(), Action::ALL.len());
    }

    #[test]
    fn rebinding_takes_the_key_from_its_default_owner() {
        let mut map = Keymap::default();
        map.rebind(
            Action::Step,
            vec![Key::plain('n'), Key::parse("f11").unwrap()],
            &[],
        )
        .unwrap();
        assert_eq!(map.action_for(Key::plain('n')), Some(Action::Step));
        assert_eq!(map.action_for(Key::plain('s')), None);
        assert!(map.keys_of(Action::Next).is_empty());
        let err = map
            .rebind(Action::Quit, vec![Key::plain('n')], &[Action::Step])
            .unwrap_err();
        assert_eq!(err, r#""n" is already bound to step"#);
    }
}
