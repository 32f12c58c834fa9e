//! The bottom line: `paused`, `running` or `finished`; the history position; what the
//! stop is and where (the selected frame, and the event of the newest one); notices;
//! the hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Starting,
    Stopped,
    Running,
    Ended(String),
}

/// What the status line shows, made by the app each time it is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub phase: Phase,
    /// `history 3/7`, while stopped.
    pub history: Option<String>,
    /// Looking at a past stop.
    pub past: bool,
    /// A recording, not a running program.
    pub replay: bool,
    pub detail: String,
    pub notice: Option<String>,
    pub hint: Option<String>,
}

impl Widget for &Status {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (word, bg) = match &self.phase {
            Phase::Starting => (" starting ", Color::Gray),
            Phase::Running => (" running ", Color::Green),
            Phase::Stopped if self.replay => (" replay ", Color::Yellow),
            Phase::Stopped => (" paused ", Color::Yellow),
            Phase::Ended(_) => (" finished ", Color::Magenta),
        };
        let mut spans = vec![Span::styled(word, Style::default().fg(Color::Black).bg(bg))];
        if let Some(label) = &self.history {
            let bg = if self.past {
                Color::Cyan
            } else {
                Color::DarkGray
            };
            spans.push(Span::styled(
                format!(" {label} "),
                Style::default().fg(Color::Black).bg(bg),
            ));
        }
        spans.push(Span::styled(
            self.detail.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        if let Some(n) = &self.notice {
            spans.push(Span::styled(
                format!("  {n}"),
                Style::default().fg(Color::Red),
            ));
        }
        if let Some(hint) = &self.hint {
            spans.push(Span::styled(
                format!(" {hint}"),
                Style::default().fg(Color::DarkGray),
            ));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}
