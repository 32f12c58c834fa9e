//! The variables pane: `name  type  repr` for the selected frame (its locals, or its
//! globals), values changed since the previous stop highlighted, containers expanded in
//! place (100 elements at a time: the `… N more` row shows the next 100).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{block, keep_in_view, Chrome};
use crate::snapshot::{StopSnapshot, VarSnap};

#[derive(Default)]
pub struct VarsPane {
    rows: Vec<VarSnap>,
    changed: Vec<String>,
    pub globals: bool,
    /// Paths of the expanded rows (what the view asks the session for).
    pub expanded: Vec<String>,
    pub cursor: usize,
    pub chrome: Chrome,
    top: Cell<usize>,
    height: Cell<u16>,
}

/// What activating a row asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Activate {
    /// Expand or collapse the row with this path.
    Toggle(String),
    /// Show 100 more elements of the container with this path.
    More(String),
}

impl VarsPane {
    pub fn show_stop(&mut self, snap: &StopSnapshot, changed: &[String]) {
        self.rows = snap.locals.clone();
        self.changed = changed.to_vec();
        self.globals = snap.globals;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    pub fn clear(&mut self) {
        self.rows.clear();
        self.changed.clear();
    }

    pub fn move_cursor(&mut self, delta: i64) {
        let last = self.rows.len().saturating_sub(1) as i64;
        self.cursor = (self.cursor as i64 + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }

    /// The row index drawn on row `row` of the pane's inside, as last drawn.
    pub fn row_at(&self, row: usize) -> Option<usize> {
        let i = self.top.get() + row;
        (i < self.rows.len()).then_some(i)
    }

    /// What Enter on the cursor row does, if anything.
    pub fn activate(&self) -> Option<Activate> {
        let row = self.rows.get(self.cursor)?;
        if let Some(parent) = row.path.strip_suffix("/…") {
            return Some(Activate::More(parent.to_string()));
        }
        (row.expandable || self.expanded.contains(&row.path))
            .then(|| Activate::Toggle(row.path.clone()))
    }
}

impl Widget for &VarsPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let which = if self.globals {
            " globals "
        } else {
            " locals "
        };
        let pane = block(which.into(), self.chrome);
        let inner = pane.inner(area);
        pane.render(area, buf);
        let height = usize::from(inner.height);
        self.height.set(inner.height);
        let top = keep_in_view(self.top.get(), self.cursor, height);
        self.top.set(top);
        let name_w = self
            .rows
            .iter()
            .map(|v| v.name.chars().count() + 2 * v.depth + 2)
            .max()
            .unwrap_or(0)
            .min(18);
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, v)| {
                let changed = self.changed.contains(&v.path);
                let value_style = match (changed, self.chrome.present) {
                    (true, true) => super::emphasis(true),
                    (true, false) => Style::default()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD),
                    _ => Style::default(),
                };
                let sign = super::expansion_sign(self.expanded.contains(&v.path), v.expandable);
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
                    super::tag_span(v.tag),
                    Span::styled(v.repr.clone(), value_style),
                ]);
                if self.chrome.focused && i == self.cursor {
                    line.style(Style::default().add_modifier(Modifier::REVERSED))
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
