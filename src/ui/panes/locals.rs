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
    let focused = app.focus == Focus::Locals;
    let which = match &app.snapshot {
        Some(s) if s.globals => " globals ",
        _ => " locals ",
    };
    let pane = block(which.into(), focused, app.present);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let Some(snap) = &app.snapshot else { return };
    let height = usize::from(inner.height);
    let skip = app.var_cursor.saturating_sub(height.saturating_sub(1));
    let name_w = snap
        .locals
        .iter()
        .map(|v| v.name.chars().count() + 2 * v.depth + 2)
        .max()
        .unwrap_or(0)
        .min(18);
    let lines: Vec<Line> = snap
        .locals
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .map(|(i, v)| {
            let changed = app.changed.contains(&v.path);
            let value_style = match (changed, app.present) {
                (true, true) => super::emphasis(true),
                (true, false) => Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                _ => Style::default(),
            };
            let sign = if app.view.expanded.contains(&v.path) {
                "▾ "
            } else if v.expandable {
                "▸ "
            } else {
                "  "
            };
            let label = format!("{}{sign}{}", "  ".repeat(v.depth), v.name);
            let line = Line::from(vec![
                Span::styled(
                    format!("{label:<name_w$} "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!("{} ", v.type_name),
                    Style::default().fg(Color::DarkGray),
                ),
                Span::styled(v.repr.clone(), value_style),
            ]);
            if focused && i == app.var_cursor {
                line.style(Style::default().add_modifier(Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
