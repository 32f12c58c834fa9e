//! The panes, each drawn from the app state into its area.

pub mod inspector;
pub mod locals;
pub mod narrative;
pub mod output;
pub mod source;
pub mod stack;
pub mod status;

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders};

/// A pane's frame: title, highlighted when the pane has the focus. In presentation mode
/// only a rule with the title, in high contrast.
pub fn block(title: String, focused: bool, present: bool) -> Block<'static> {
    let style = match (focused, present) {
        (true, _) => Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        (false, true) => Style::default()
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        (false, false) => Style::default().fg(Color::DarkGray),
    };
    let borders = if present { Borders::TOP } else { Borders::ALL };
    Block::default()
        .borders(borders)
        .border_style(style)
        .title(title)
}

/// The current line and changed values: reversed normally; black on bright yellow, bold,
/// in presentation mode (readable from the back of a room).
pub fn emphasis(present: bool) -> Style {
    if present {
        Style::default()
            .fg(Color::Black)
            .bg(Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// The file name without its folders.
pub fn short_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
