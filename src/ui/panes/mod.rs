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

/// A pane's frame: title, highlighted when the pane has the focus.
pub fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(Color::DarkGray)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

/// The file name without its folders.
pub fn short_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
