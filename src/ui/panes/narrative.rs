//! The event narrative pane: the story of the trace while stepping, indented by stack
//! depth, filtered by event kind.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, Focus};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let title = format!(
        " narrative: {} (e: output, E: filter; continuing is not narrated) ",
        app.narrative_filter.name()
    );
    let pane = block(title, app.focus == Focus::Output, app.present);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let shown: Vec<_> = app
        .narrative
        .iter()
        .filter(|l| app.narrative_filter.admits(l.kind()))
        .collect();
    let height = usize::from(inner.height);
    let start = shown.len().saturating_sub(height);
    let lines: Vec<Line> = shown[start..]
        .iter()
        .map(|l| {
            let style = match l.kind() {
                "call" => Style::default().fg(Color::Green),
                "return" => Style::default().fg(Color::Magenta),
                "exception" => Style::default().fg(Color::Red),
                _ => Style::default(),
            };
            Line::styled(format!("{}{}", "  ".repeat(l.depth), l.text), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
