//! The source pane: highlighted lines with numbers, breakpoint marks, the running line
//! and the selected frame's line, the cursor, and search (smart-case, matches
//! highlighted, next/previous).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{block, keep_in_view, short_name, Chrome};
use crate::snapshot::{BreakSnap, StopSnapshot};
use crate::ui::highlight::{spans, Highlighter};

#[derive(Default)]
pub struct SourcePane {
    /// The file shown and the cursor line in it (1-based).
    pub file: Option<String>,
    pub cursor: u32,
    /// Lines in the file (known once it is read).
    pub len: u32,
    /// Where each frame of the stop is paused (file, line; outermost first), and which
    /// is selected, when the program is stopped.
    frames: Vec<(String, u32)>,
    selected_index: usize,
    selected: Option<(String, u32)>,
    breakpoints: Vec<BreakSnap>,
    /// The search pattern (smart-case) whose matches are highlighted.
    pub search: Option<String>,
    pub chrome: Chrome,
    /// First line drawn (0-based) and rows, as of the last drawing.
    top: Cell<usize>,
    height: Cell<u16>,
    /// The next drawing puts the cursor line about a third down the pane.
    center: Cell<bool>,
}

impl SourcePane {
    /// Shows the stop: the selected frame's file, the cursor on its line.
    pub fn show_stop(&mut self, snap: &StopSnapshot) {
        let at = |f: &crate::snapshot::FrameSnap| (f.file.clone(), f.line);
        self.frames = snap.stack.iter().map(at).collect();
        self.selected_index = snap.selected;
        self.selected = snap.selected_frame().map(at);
        self.breakpoints = snap.breakpoints.clone();
        if let Some((file, line)) = self.selected.clone() {
            if self.file.as_deref() != Some(file.as_str()) {
                self.len = 0;
            }
            self.file = Some(file);
            self.cursor = line.max(1);
            self.center();
        }
    }

    /// The program runs or has ended: no stop to mark.
    pub fn clear_stop(&mut self) {
        self.frames.clear();
        self.selected = None;
    }

    /// The mark of line `n` of `file`: `▶` the running line, `▷` the selected older
    /// frame's, else the number (as in "frame k of n") of the newest frame paused there.
    fn frame_mark(&self, file: &str, n: u32) -> Option<String> {
        let newest = self.frames.len().checked_sub(1)?;
        let here = |i: usize| self.frames[i].0 == file && self.frames[i].1 == n;
        if here(newest) {
            return Some("▶".into());
        }
        if here(self.selected_index) {
            return Some("▷".into());
        }
        (0..newest)
            .rev()
            .find(|&i| here(i))
            .map(|i| (i + 1).to_string())
    }

    /// Puts the cursor line about a third down the pane (when next drawn).
    fn center(&mut self) {
        self.center.set(true);
    }

    pub fn move_cursor(&mut self, delta: i64) {
        let max = i64::from(self.len.max(1));
        self.cursor = (i64::from(self.cursor) + delta).clamp(1, max) as u32;
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }

    /// The line drawn on row `row` of the pane's inside, as last drawn.
    pub fn line_at_row(&self, row: usize) -> Option<u32> {
        let line = (self.top.get() + row + 1) as u32;
        (line <= self.len).then_some(line)
    }

    /// Columns of the gutter (breakpoint mark and line number), where a click toggles a
    /// breakpoint.
    pub fn gutter_width(&self) -> u16 {
        1 + self.len.to_string().len().max(3) as u16
    }

    pub fn go_to(&mut self, line: u32) {
        self.cursor = line.clamp(1, self.len.max(1));
        self.center();
    }

    pub fn has_breakpoint(&self, file: &str, line: u32) -> bool {
        self.breakpoints
            .iter()
            .any(|b| b.file == file && b.line == line)
    }

    /// Moves the cursor to the next (or previous) line matching the search, given the
    /// file's lines; false when nothing matches.
    pub fn find(&mut self, lines: &[&str], forward: bool) -> bool {
        let Some(needle) = self.search.clone().filter(|n| !n.is_empty()) else {
            return false;
        };
        let n = lines.len();
        if n == 0 {
            return false;
        }
        let here = (self.cursor as usize).saturating_sub(1);
        let hit = (1..=n)
            .map(|k| {
                if forward {
                    (here + k) % n
                } else {
                    (here + n - k % n) % n
                }
            })
            .find(|&i| !matches(lines[i], &needle).is_empty());
        match hit {
            Some(i) => {
                self.go_to(i as u32 + 1);
                true
            }
            None => false,
        }
    }
}

/// Smart case: a pattern with a capital letter matches exactly, else case aside.
fn smart_case(pattern: &str) -> bool {
    pattern.chars().any(char::is_uppercase)
}

/// The character ranges of `line` that match `pattern`.
pub fn matches(line: &str, pattern: &str) -> Vec<std::ops::Range<usize>> {
    if pattern.is_empty() {
        return Vec::new();
    }
    let (hay, needle): (Vec<char>, Vec<char>) = if smart_case(pattern) {
        (line.chars().collect(), pattern.chars().collect())
    } else {
        (
            line.chars().flat_map(char::to_lowercase).collect(),
            pattern.chars().flat_map(char::to_lowercase).collect(),
        )
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            out.push(i..i + needle.len());
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Restyles the characters of `spans` inside `ranges` (character offsets).
fn highlight_matches(
    spans: Vec<Span<'static>>,
    ranges: &[std::ops::Range<usize>],
) -> Vec<Span<'static>> {
    if ranges.is_empty() {
        return spans;
    }
    let hit = Style::default()
        .fg(Color::Black)
        .bg(Color::LightCyan)
        .add_modifier(Modifier::BOLD);
    let mut out = Vec::new();
    let mut col = 0;
    for span in spans {
        let mut piece = String::new();
        let mut piece_hit = false;
        for c in span.content.chars() {
            let is_hit = ranges.iter().any(|r| r.contains(&col));
            if is_hit != piece_hit && !piece.is_empty() {
                let style = if piece_hit {
                    span.style.patch(hit)
                } else {
                    span.style
                };
                out.push(Span::styled(std::mem::take(&mut piece), style));
            }
            piece_hit = is_hit;
            piece.push(c);
            col += 1;
        }
        if !piece.is_empty() {
            let style = if piece_hit {
                span.style.patch(hit)
            } else {
                span.style
            };
            out.push(Span::styled(piece, style));
        }
    }
    out
}

/// The source pane drawn with the highlighter's cached lines.
pub struct SourceView<'a> {
    pub pane: &'a SourcePane,
    pub hl: &'a mut Highlighter,
}

impl Widget for SourceView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let pane = self.pane;
        let Some(file) = pane.file.clone() else {
            Paragraph::new("no source yet")
                .block(block(" source ".into(), pane.chrome))
                .render(area, buf);
            return;
        };
        let outer = block(format!(" {} ", short_name(&file)), pane.chrome);
        let inner = outer.inner(area);
        outer.render(area, buf);
        let total = self.hl.line_count(&file);
        if total == 0 {
            Paragraph::new(format!("cannot read {file}")).render(inner, buf);
            return;
        }
        let height = usize::from(inner.height);
        pane.height.set(inner.height);
        let cursor = (pane.cursor as usize).saturating_sub(1);
        if pane.center.replace(false) {
            pane.top.set(cursor.saturating_sub(height / 3));
        }
        let top = keep_in_view(pane.top.get(), cursor, height).min(total.saturating_sub(height));
        pane.top.set(top);
        let here = |at: &Option<(String, u32)>| {
            at.as_ref()
                .filter(|(f, _)| *f == file)
                .map(|(_, line)| *line)
        };
        let selected = here(&pane.selected);
        let width = total.to_string().len().max(3);
        // frame numbers up to the stack's depth, and a space before the code
        let mark_w = (pane.frames.len().to_string().len() + 1).max(2);
        let styled = self.hl.lines(&file, top..top + height);
        let mut lines = Vec::with_capacity(styled.len());
        for (i, pieces) in styled.iter().enumerate() {
            let n = (top + i + 1) as u32;
            let bp = pane
                .breakpoints
                .iter()
                .find(|b| b.file == file && b.line == n);
            let (mark, mark_style) = match bp {
                Some(b) if !b.enabled => ("○", Style::default().fg(Color::DarkGray)),
                Some(b) if b.conditional => ("◆", Style::default().fg(Color::Red)),
                Some(_) => ("●", Style::default().fg(Color::Red)),
                None => (" ", Style::default()),
            };
            let frame_mark = pane.frame_mark(&file, n);
            let arrow_style = match frame_mark.as_deref() {
                Some("▶" | "▷") => Style::default().fg(Color::Yellow),
                _ => Style::default().fg(Color::Cyan),
            }
            .add_modifier(Modifier::BOLD);
            let mut row = vec![
                Span::styled(mark, mark_style),
                Span::styled(format!("{n:>width$}"), Style::default().fg(Color::DarkGray)),
                Span::styled(
                    format!(" {:<mark_w$}", frame_mark.unwrap_or_default()),
                    arrow_style,
                ),
            ];
            let code = spans(pieces);
            let code = match &pane.search {
                Some(p) => {
                    let text: String = code.iter().map(|s| s.content.as_ref()).collect();
                    let ranges = matches(&text, p);
                    highlight_matches(code, &ranges)
                }
                None => code,
            };
            row.extend(code);
            let mut line = Line::from(row);
            if selected == Some(n) {
                line =
                    line.style(super::emphasis(pane.chrome.present).add_modifier(Modifier::BOLD));
            } else if n == pane.cursor && pane.chrome.focused {
                // Seen from the back of a room, unlike an underline alone.
                line = line.style(
                    Style::default()
                        .bg(Color::DarkGray)
                        .add_modifier(Modifier::UNDERLINED),
                );
            }
            lines.push(line);
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::{matches, SourcePane};

    #[test]
    fn search_is_smart_case_and_wraps_both_ways() {
        assert_eq!(matches("Print(print)", "print"), vec![0..5, 6..11]);
        assert_eq!(matches("Print(print)", "Print"), vec![0..5]);
        let lines = ["a = 1", "print(a)", "b = 2", "PRINT = 3"];
        let mut pane = SourcePane {
            len: 4,
            cursor: 2,
            search: Some("print".into()),
            ..SourcePane::default()
        };
        assert!(pane.find(&lines, true));
        assert_eq!(pane.cursor, 4);
        assert!(pane.find(&lines, true));
        assert_eq!(pane.cursor, 2);
        assert!(pane.find(&lines, false));
        assert_eq!(pane.cursor, 4);
        pane.search = Some("nothing".into());
        assert!(!pane.find(&lines, true));
    }
}
