//! The event narrative pane: the story of the trace while stepping, indented by stack
//! depth, filtered by event kind, up to the stop looked at; scrollable.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::{block, Chrome};
use crate::snapshot::NarrativeLine;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NarrativeFilter {
    #[default]
    All,
    CallsAndReturns,
    Lines,
    Exceptions,
}

impl NarrativeFilter {
    pub fn admits(self, kind: &str) -> bool {
        match self {
            NarrativeFilter::All => true,
            NarrativeFilter::CallsAndReturns => kind == "call" || kind == "return",
            NarrativeFilter::Lines => kind == "line",
            NarrativeFilter::Exceptions => kind == "exception",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            NarrativeFilter::All => "all events",
            NarrativeFilter::CallsAndReturns => "calls and returns",
            NarrativeFilter::Lines => "lines",
            NarrativeFilter::Exceptions => "exceptions",
        }
    }

    pub fn next(self) -> Self {
        match self {
            NarrativeFilter::All => NarrativeFilter::CallsAndReturns,
            NarrativeFilter::CallsAndReturns => NarrativeFilter::Lines,
            NarrativeFilter::Lines => NarrativeFilter::Exceptions,
            NarrativeFilter::Exceptions => NarrativeFilter::All,
        }
    }
}

#[derive(Default)]
pub struct NarrativePane {
    pub filter: NarrativeFilter,
    /// Lines scrolled back from the newest (0: the newest at the bottom).
    scroll: usize,
    pub chrome: Chrome,
    height: Cell<u16>,
}

impl NarrativePane {
    /// Scrolls back (positive) or forward through `total` shown lines.
    pub fn scroll_by(&mut self, lines: i64, total: usize) {
        let max = total.saturating_sub(usize::from(self.height.get())) as i64;
        self.scroll = (self.scroll as i64 + lines).clamp(0, max.max(0)) as usize;
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }
}

/// The pane with the narrative up to the stop looked at.
pub struct NarrativeView<'a> {
    pub pane: &'a NarrativePane,
    pub lines: &'a [NarrativeLine],
}

impl NarrativeView<'_> {
    /// How many lines the filter lets through.
    pub fn count(pane: &NarrativePane, lines: &[NarrativeLine]) -> usize {
        lines
            .iter()
            .filter(|l| pane.filter.admits(l.kind()))
            .count()
    }
}

impl Widget for NarrativeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let pane = self.pane;
        let mut title = format!(
            " narrative: {} (e: output, E: filter; continuing is not narrated) ",
            pane.filter.name()
        );
        if pane.scroll > 0 {
            title = format!("{title}(scrolled back {}) ", pane.scroll);
        }
        let outer = block(title, pane.chrome);
        let inner = outer.inner(area);
        outer.render(area, buf);
        pane.height.set(inner.height);
        let shown: Vec<_> = self
            .lines
            .iter()
            .filter(|l| pane.filter.admits(l.kind()))
            .collect();
        let height = usize::from(inner.height);
        let end = shown.len().saturating_sub(pane.scroll);
        let start = end.saturating_sub(height);
        let lines: Vec<Line> = shown[start..end]
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
        Paragraph::new(lines).render(inner, buf);
    }
}
