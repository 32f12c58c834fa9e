//! The stack pane: the frames of the stop, newest at the top (or the bottom, as
//! configured), `function(arg=value, …)  file:line`, the selected frame marked, the
//! thread named when it is not the main one; keys move the selection the way the list
//! is drawn.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{block, keep_in_view, short_name, Chrome};
use crate::config::StackOrder;
use crate::snapshot::{FrameSnap, StopSnapshot};

#[derive(Default)]
pub struct StackPane {
    frames: Vec<FrameSnap>,
    thread: Option<String>,
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
        self.thread = snap.thread.clone();
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

    /// The frame drawn on row `row` of the pane's inside, as last drawn.
    pub fn frame_at_row(&self, row: usize) -> Option<usize> {
        let row = self.top.get() + row;
        (row < self.frames.len()).then(|| self.index_at(row))
    }
}

/// `#N ` before a shared object's repr (see `VarSnap::tag`).
pub fn tagged(repr: &str, tag: Option<u32>) -> String {
    match tag {
        Some(n) => format!("#{n} {repr}"),
        None => repr.to_string(),
    }
}

/// `function(a=1, b=[2, 3])`, its arguments cut with `…` to leave `room` columns for
/// the rest of the entry (the arguments at least `…`).
pub fn call_text(frame: &FrameSnap, room: usize) -> String {
    let args: Vec<String> = frame
        .args
        .iter()
        .map(|a| format!("{}={}", a.name, tagged(&a.repr, a.tag)))
        .collect();
    let name = &frame.function;
    if frame.args.is_empty() && !name.starts_with('<') {
        return format!("{name}()");
    }
    if name.starts_with('<') {
        return name.clone();
    }
    let full = args.join(", ");
    let fixed = name.chars().count() + 2;
    let avail = room.saturating_sub(fixed).max(1);
    let inner = if full.chars().count() <= avail {
        full
    } else {
        full.chars().take(avail - 1).chain(['…']).collect()
    };
    format!("{name}({inner})")
}

/// `text` with each `#N ` of `tags` in that tag's colour.
pub fn coloured_tags(text: &str, tags: &[u32]) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut rest = text;
    while !tags.is_empty() {
        let next = tags
            .iter()
            .filter_map(|&n| {
                let mark = format!("#{n} ");
                rest.find(&mark).map(|at| (at, n, mark.len()))
            })
            .min();
        let Some((at, n, len)) = next else { break };
        spans.push(Span::raw(rest[..at].to_string()));
        spans.push(Span::styled(
            rest[at..at + len].to_string(),
            super::tag_style(n),
        ));
        rest = &rest[at + len..];
    }
    spans.push(Span::raw(rest.to_string()));
    spans
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
        let thread = self
            .thread
            .as_ref()
            .map(|t| format!(" · thread {t}"))
            .unwrap_or_default();
        let title = if n == 0 {
            " stack ".to_string()
        } else {
            format!(" stack: frame {} of {n}{thread} ", self.selected + 1)
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
                // the place keeps at least its file name's room when the pane allows
                let room =
                    usize::from(inner.width).saturating_sub(2 + 2 + place.chars().count().min(24));
                let call = call_text(fr, room);
                let text = fit(&format!("{marker}{call}"), &place, inner.width);
                let tags: Vec<u32> = fr.args.iter().filter_map(|a| a.tag).collect();
                let line = Line::from(coloured_tags(&text, &tags));
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
            ..Default::default()
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
    fn calls_show_their_arguments_cut_to_the_room_left() {
        let arg = |name: &str, repr: &str, tag| crate::snapshot::ArgSnap {
            name: name.into(),
            repr: repr.into(),
            id: 1,
            tag,
        };
        let frame = FrameSnap {
            function: "fact".into(),
            args: vec![arg("n", "3", None), arg("acc", "[1, 2, 3]", Some(2))],
            ..Default::default()
        };
        assert_eq!(call_text(&frame, 80), "fact(n=3, acc=#2 [1, 2, 3])");
        assert_eq!(call_text(&frame, 14), "fact(n=3, ac…)");
        assert_eq!(call_text(&frame, 3), "fact(…)");
        let module = FrameSnap {
            function: "<module>".into(),
            ..Default::default()
        };
        assert_eq!(call_text(&module, 80), "<module>");
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
