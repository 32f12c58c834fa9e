//! The frame and code-object inspector: the selected frame's `f_*` fields, its code
//! object's `co_*` fields, and the current line's bytecode with `f_lasti` marked;
//! scrollable.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{block, Chrome};
use crate::snapshot::Inspector;

#[derive(Default)]
pub struct InspectorPane {
    /// What the stop shown carries (None: not asked for at that stop).
    inspector: Option<Inspector>,
    scroll: usize,
    pub chrome: Chrome,
    height: Cell<u16>,
}

impl InspectorPane {
    pub fn show(&mut self, inspector: Option<&Inspector>) {
        if self.inspector.as_ref() != inspector {
            self.scroll = 0;
        }
        self.inspector = inspector.cloned();
    }

    fn rows(&self) -> usize {
        self.inspector
            .as_ref()
            .map_or(0, |i| i.rows.len() + 1 + i.bytecode.len())
    }

    pub fn scroll_by(&mut self, lines: i64) {
        let max = self.rows().saturating_sub(usize::from(self.height.get())) as i64;
        self.scroll = (self.scroll as i64 + lines).clamp(0, max.max(0)) as usize;
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }
}

impl Widget for &InspectorPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let pane = block(" frame & code (i: variables) ".into(), self.chrome);
        let inner = pane.inner(area);
        pane.render(area, buf);
        self.height.set(inner.height);
        let Some(inspector) = &self.inspector else {
            Paragraph::new("(not recorded at this stop; shown from the next stop on)")
                .render(inner, buf);
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
        Paragraph::new(lines.split_off(self.scroll.min(lines.len()))).render(inner, buf);
    }
}
