//! The stack pane: the frames of the stop, newest at the top (or the bottom, as
//! configured), `function  file:line`, the selected frame marked; keys move the
//! selection the way the list is drawn.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::{block, keep_in_view, short_name, Chrome};
use crate::config::StackOrder;
use crate::snapshot::{FrameSnap, StopSnapshot};

#[derive(Default)]
pub struct StackPane {
    frames: Vec<FrameSnap>,
    /// The selected frame, as an index into `frames` (outermost first).
    pub selected: usize,
    pub order: StackOrder,
    pub chrome: Chrome,
    top: Cell<usize>,
    height: Cell<u16>,
}

impl StackPane {
    pub fn show_stop(&mut self, snap: &StopSnapshot) {
        self.frames = snap.stack.clone();
        self.selected = snap.selected;
    }

    pub fn clear(&mut self) {
        self.frames.clear();
        self.selected = 0;
    }

    /// The row (top to bottom) a frame is drawn on, and the frame drawn on a row.
    fn row_of(&self, index: usize) -> usize {
        match self.order {
            StackOrder::NewestAtTop => self.frames.len().saturating_sub(1 + index),
            StackOrder::NewestAtBottom => index,
        }
    }

    fn index_at(&self, row: usize) -> usize {
        self.row_of(row)
    }

    /// The frame `rows` rows below the selected one as drawn (negative: above),
    /// clamped to the list; None when there is no stack.
    pub fn moved(&self, rows: i64) -> Option<usize> {
        if self.frames.is_empty() {
            return None;
        }
        let last = self.frames.len() as i64 - 1;
        let row = (self.row_of(self.selected) as i64 + rows).clamp(0, last);
        Some(self.index_at(row as usize))
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }
}

/// `name  place` in `width` columns: the name whole when it fits, then as much of the
/// place as fits, cut with `…` (a name too long for the pane is cut with `…` too).
pub fn fit(name: &str, place: &str, width: u16) -> String {
    let width = usize::from(width);
    let cut = |s: &str, n: usize| -> String {
        if s.chars().count() <= n {
            s.to_string()
        } else {
            s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
        }
    };
    let name_len = name.chars().count();
    if name_len >= width {
        return cut(name, width);
    }
    let room = width - name_len;
    if room <= 3 {
        return name.to_string();
    }
    format!("{name}  {}", cut(place, room - 2))
}

impl Widget for &StackPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let n = self.frames.len();
        let title = if n == 0 {
            " stack ".to_string()
        } else {
            format!(" stack: frame {} of {n} ", self.selected + 1)
        };
        let pane = block(title, self.chrome);
        let inner = pane.inner(area);
        pane.render(area, buf);
        let height = usize::from(inner.height);
        self.height.set(inner.height);
        let top = keep_in_view(self.top.get(), self.row_of(self.selected), height);
        self.top.set(top);
        let lines: Vec<Line> = (top..n.min(top + height))
            .map(|row| {
                let i = self.index_at(row);
                let fr = &self.frames[i];
                let marker = if i == self.selected { "> " } else { "  " };
                let place = format!("{}:{}", short_name(&fr.file), fr.line);
                let text = fit(&format!("{marker}{}", fr.function), &place, inner.width);
                let line = Line::from(text);
                if i == self.selected {
                    line.style(Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED))
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane(order: StackOrder) -> StackPane {
        let frame = |f: &str| FrameSnap {
            function: f.into(),
            file: "a.py".into(),
            line: 1,
        };
        StackPane {
            frames: vec![frame("<module>"), frame("parent"), frame("child")],
            selected: 2,
            order,
            ..StackPane::default()
        }
    }

    #[test]
    fn entries_keep_the_name_whole_and_cut_the_place() {
        assert_eq!(fit("> f", "a.py:1", 20), "> f  a.py:1");
        assert_eq!(
            fit("> long_name", "module.py:100", 20),
            "> long_name  module…"
        );
        assert_eq!(fit("> long_name", "module.py:100", 13), "> long_name");
        assert_eq!(fit("> a_very_long_name", "m.py:1", 10), "> a_very_…");
    }

    #[test]
    fn moving_follows_the_list_as_drawn() {
        // Newest at the top: the row below the newest frame is its caller.
        let p = pane(StackOrder::NewestAtTop);
        assert_eq!(p.moved(1), Some(1));
        assert_eq!(p.moved(-1), Some(2));
        assert_eq!(p.moved(99), Some(0));
        let p = pane(StackOrder::NewestAtBottom);
        assert_eq!(p.moved(-1), Some(1));
        assert_eq!(p.moved(1), Some(2));
    }
}
