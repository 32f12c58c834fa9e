//! The prompt editor: the one line being typed at the console's bottom — a pdb command
//! (`:`), a Python statement (`!`), a search (`/`), a breakpoint condition, the answer
//! to a question, or the program's `input()` — with Up/Down recalling earlier commands.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// A pdb command, or a line number to go to.
    Command,
    /// A Python statement for the selected frame.
    Statement,
    Search,
    /// The condition of a new breakpoint at `line`.
    Condition {
        line: u32,
    },
    /// A yes/no question the session asks (`clear`: "Clear all breaks? ").
    Question(String),
    /// Quit while the program runs?
    ConfirmQuit,
    /// Restart while the program runs?
    ConfirmRestart,
    /// The program's `input(prompt)` waits for a line.
    ProgramInput {
        prompt: String,
    },
    /// The session reads one more line at a prompt of its own: a breakpoint's command
    /// list (`(com) `) or a statement that goes on (`...   `).
    Continuation {
        prompt: String,
    },
}

impl PromptKind {
    /// Answered with one key, y or n.
    fn yes_no(&self) -> bool {
        matches!(
            self,
            PromptKind::Question(_) | PromptKind::ConfirmQuit | PromptKind::ConfirmRestart
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// The command recalled with Up/Down, as an index into the command history.
    recalled: Option<usize>,
}

/// What a key did to the prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Editing,
    Cancelled,
    /// Enter (the text), or y/n for a question ("y"/"n").
    Submitted(String),
    /// Ctrl-D at the program's `input()`.
    EndOfInput,
}

/// A prompt as drawn: its label and what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptLine {
    pub label: String,
    pub text: String,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt {
            kind,
            text: String::new(),
            recalled: None,
        }
    }

    /// Applies `key`; `history` is the commands typed before, oldest first.
    pub fn key(&mut self, key: KeyEvent, history: &[String]) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.kind.yes_no() {
            return match key.code {
                KeyCode::Char('y' | 'Y') => Edit::Submitted("y".into()),
                KeyCode::Char('n' | 'N') | KeyCode::Esc | KeyCode::Enter => {
                    Edit::Submitted("n".into())
                }
                _ => Edit::Editing,
            };
        }
        match key.code {
            KeyCode::Char('d') if ctrl && matches!(self.kind, PromptKind::ProgramInput { .. }) => {
                Edit::EndOfInput
            }
            KeyCode::Char('c' | 'g') if ctrl => Edit::Cancelled,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                Edit::Editing
            }
            KeyCode::Char(c) => {
                self.text.push(c);
                Edit::Editing
            }
            KeyCode::Esc if !matches!(self.kind, PromptKind::ProgramInput { .. }) => {
                Edit::Cancelled
            }
            KeyCode::Backspace => {
                if self.text.pop().is_none()
                    && !matches!(
                        self.kind,
                        PromptKind::ProgramInput { .. } | PromptKind::Continuation { .. }
                    )
                {
                    return Edit::Cancelled;
                }
                Edit::Editing
            }
            KeyCode::Up | KeyCode::Down => {
                self.recall(key.code == KeyCode::Up, history);
                Edit::Editing
            }
            KeyCode::Enter => Edit::Submitted(std::mem::take(&mut self.text)),
            _ => Edit::Editing,
        }
    }

    fn recall(&mut self, older: bool, history: &[String]) {
        if !matches!(self.kind, PromptKind::Command | PromptKind::Statement) {
            return;
        }
        let len = history.len();
        let next = match (self.recalled, older) {
            (None, true) if len > 0 => Some(len - 1),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < len => Some(i + 1),
            _ => None,
        };
        self.recalled = next;
        self.text = next.map(|i| history[i].clone()).unwrap_or_default();
    }

    pub fn line(&self) -> PromptLine {
        let label = match &self.kind {
            PromptKind::Command => ":".to_string(),
            PromptKind::Statement => "!".to_string(),
            PromptKind::Search => "/".to_string(),
            PromptKind::Condition { line } => format!("condition for line {line}: "),
            PromptKind::Question(q) => format!("{q}(y/n) "),
            PromptKind::ConfirmQuit => "Quit? It is running (y/n) ".to_string(),
            PromptKind::ConfirmRestart => "Restart? It is running (y/n) ".to_string(),
            PromptKind::ProgramInput { prompt } => format!("input: {prompt}"),
            PromptKind::Continuation { prompt } => prompt.clone(),
        };
        PromptLine {
            label,
            text: self.text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(p: &mut Prompt, code: KeyCode, history: &[String]) -> Edit {
        p.key(KeyEvent::new(code, KeyModifiers::NONE), history)
    }

    #[test]
    fn typing_recalling_and_submitting() {
        let history = vec!["p x".to_string(), "where".to_string()];
        let mut p = Prompt::new(PromptKind::Command);
        press(&mut p, KeyCode::Up, &history);
        assert_eq!(p.text, "where");
        press(&mut p, KeyCode::Up, &history);
        assert_eq!(p.text, "p x");
        press(&mut p, KeyCode::Char('y'), &history);
        assert_eq!(
            press(&mut p, KeyCode::Enter, &history),
            Edit::Submitted("p xy".into())
        );
        let mut p = Prompt::new(PromptKind::Command);
        assert_eq!(press(&mut p, KeyCode::Backspace, &history), Edit::Cancelled);
    }

    #[test]
    fn a_question_takes_only_its_answer() {
        let mut p = Prompt::new(PromptKind::Question("Clear all breaks? ".into()));
        assert_eq!(press(&mut p, KeyCode::Char('s'), &[]), Edit::Editing);
        assert_eq!(
            press(&mut p, KeyCode::Char('y'), &[]),
            Edit::Submitted("y".into())
        );
        assert_eq!(p.line().label, "Clear all breaks? (y/n) ");
    }
}
