//! crossterm's key events as the configuration's keys (`config::keymap`), so the keymap
//! decides what a key press does.

use crossterm::event::{KeyCode as Term, KeyEvent, KeyModifiers};

pub use crate::config::keymap::{Action, Key, KeyCode, Keymap};

/// The bindable key a press is, if any (Shift is already in the character).
pub fn key_of(event: &KeyEvent) -> Option<Key> {
    let code = match event.code {
        Term::Char(c) => KeyCode::Char(c),
        Term::Up => KeyCode::Up,
        Term::Down => KeyCode::Down,
        Term::Left => KeyCode::Left,
        Term::Right => KeyCode::Right,
        Term::Home => KeyCode::Home,
        Term::End => KeyCode::End,
        Term::PageUp => KeyCode::PageUp,
        Term::PageDown => KeyCode::PageDown,
        Term::Tab => KeyCode::Tab,
        Term::Enter => KeyCode::Enter,
        Term::Backspace => KeyCode::Backspace,
        Term::Delete => KeyCode::Delete,
        Term::Insert => KeyCode::Insert,
        Term::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let code = match code {
        KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Some(Key {
        code,
        ctrl,
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

pub fn action_for(keymap: &Keymap, event: &KeyEvent) -> Option<Action> {
    key_of(event).and_then(|k| keymap.action_for(k))
}
