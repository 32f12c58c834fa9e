//! The output pane: what the program wrote (stderr in red) and the debugger's messages
//! (dim), newest at the bottom, scrollable.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, Focus, LineKind};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let mut title = " output".to_string();
    if app.output_scroll > 0 {
        title += &format!(" (scrolled back {})", app.output_scroll);
    }
    if app.output_dropped > 0 {
        title += &format!(" ({} earlier lines dropped)", app.output_dropped);
    }
    title.push(' ');
    let pane = block(title, app.focus == Focus::Output, app.present);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let all: Vec<&(LineKind, String)> = app.output_lines().take(app.output_visible()).collect();
    let height = usize::from(inner.height);
    let end = all.len().saturating_sub(app.output_scroll);
    let start = end.saturating_sub(height);
    let lines: Vec<Line> = all[start..end]
        .iter()
        .map(|(kind, text)| {
            let style = match kind {
                LineKind::Stdout => Style::default(),
                LineKind::Stderr => Style::default().fg(Color::Red),
                LineKind::Debugger => Style::default().fg(Color::Cyan),
            };
            Line::styled(text.clone(), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
