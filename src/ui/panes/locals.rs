//! The locals pane: `name  type  repr` for the selected frame, values that changed since
//! the previous stop highlighted.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, Focus};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let pane = block(" locals ".into(), app.focus == Focus::Locals);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let Some(snap) = &app.snapshot else { return };
    let name_w = snap
        .locals
        .iter()
        .map(|v| v.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let lines: Vec<Line> = snap
        .locals
        .iter()
        .take(usize::from(inner.height))
        .map(|v| {
            let changed = app.changed.contains(&v.name);
            let value_style = if changed {
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(
                    format!("{:<name_w$} ", v.name),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!("{} ", v.type_name),
                    Style::default().fg(Color::DarkGray),
                ),
                Span::styled(v.repr.clone(), value_style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
