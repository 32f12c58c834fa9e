//! The stack pane: newest frame at the top (or bottom, as configured), `function  file:line`, the selected frame
//! marked.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{block, short_name};
use crate::config::StackOrder;
use crate::ui::app::{App, Focus};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let pane = block(" stack ".into(), app.focus == Focus::Stack, app.present);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let Some(snap) = &app.snapshot else { return };
    let height = usize::from(inner.height);
    let n = snap.stack.len();
    // Keep the selected frame in view.
    let order: Vec<usize> = match app.stack_order {
        StackOrder::NewestAtTop => (0..n).rev().collect(),
        StackOrder::NewestAtBottom => (0..n).collect(),
    };
    let pos = order.iter().position(|&i| i == snap.selected).unwrap_or(0);
    let skip = pos.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = order
        .iter()
        .skip(skip)
        .take(height)
        .map(|&i| {
            let fr = &snap.stack[i];
            let marker = if i == snap.selected { "> " } else { "  " };
            let text = format!(
                "{marker}{}  {}:{}",
                fr.function,
                short_name(&fr.file),
                fr.line
            );
            let line = Line::from(text);
            if i == snap.selected {
                line.style(Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
