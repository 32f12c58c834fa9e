//! The frame and code-object inspector: the selected frame's `f_*` fields, its code
//! object's `co_*` fields, and the current line's bytecode with `f_lasti` marked.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::ui::app::{App, Focus};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let pane = block(
        " frame & code (i: variables) ".into(),
        app.focus == Focus::Locals,
        app.present,
    );
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let Some(inspector) = app.snapshot.as_ref().and_then(|s| s.inspector.as_ref()) else {
        f.render_widget(Paragraph::new("(shown at the next stop)"), inner);
        return;
    };
    let name_w = inspector
        .rows
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = inspector
        .rows
        .iter()
        .map(|(name, value)| {
            Line::from(vec![
                Span::styled(
                    format!("{name:<name_w$} "),
                    Style::default().fg(Color::DarkGray),
                ),
                Span::raw(value.clone()),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    for (here, text) in &inspector.bytecode {
        let (mark, style) = if *here {
            (
                "▶ ",
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            ("  ", Style::default())
        };
        lines.push(Line::styled(format!("{mark}{text}"), style));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
