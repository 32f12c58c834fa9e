//! The console pane: what the debugger says — pdb's messages, the commands typed and
//! their results, `--Call--`/`--Return--`, locations from `up`/`down`/`where`, errors
//! (in red), breakpoint notices, the end of a run — apart from the program's terminal,
//! scrollable; the prompt (`:`/`!`, questions, the program's `input()`) at its bottom.

use std::cell::Cell;
use std::collections::VecDeque;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::panes::{block, expand_tabs, Chrome};
use super::prompt::PromptLine;

/// The most console lines kept.
const LIMIT: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// pdb's output.
    Message,
    /// `*** …`: something went wrong.
    Error,
    /// A command as typed (`(rdb) p x`).
    Echo,
    /// rdb's own notes (configuration errors, "back to the present").
    Note,
}

#[derive(Default)]
pub struct Console {
    lines: VecDeque<(Kind, String)>,
    /// Lines scrolled back from the newest (0: the newest at the bottom).
    scroll: usize,
    pub chrome: Chrome,
    height: Cell<u16>,
    width: Cell<u16>,
}

/// A line cut into rows of `width` characters (at least one row).
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

impl Console {
    /// A message from the session, one entry per line; `*** ` lines are errors.
    pub fn message(&mut self, text: &str) {
        for line in text.split('\n') {
            let kind = if line.starts_with("*** ") {
                Kind::Error
            } else {
                Kind::Message
            };
            self.push(kind, line);
        }
    }

    pub fn push(&mut self, kind: Kind, text: &str) {
        self.lines.push_back((kind, expand_tabs(text)));
        if self.lines.len() > LIMIT {
            self.lines.pop_front();
        }
        if self.scroll > 0 {
            let width = usize::from(self.width.get().max(1));
            let added = self
                .lines
                .back()
                .map_or(1, |(_, t)| wrapped(t, width).len());
            self.scroll = (self.scroll + added).min(self.max_scroll());
        }
    }

    /// The rows the kept lines take at the width last drawn (long lines wrap).
    fn rows(&self) -> usize {
        let width = usize::from(self.width.get().max(1));
        self.lines
            .iter()
            .map(|(_, t)| wrapped(t, width).len())
            .sum()
    }

    fn max_scroll(&self) -> usize {
        self.rows()
            .saturating_sub(usize::from(self.height.get().max(1)))
    }

    pub fn scroll_by(&mut self, lines: i64) {
        self.scroll = (self.scroll as i64 + lines).clamp(0, self.max_scroll() as i64) as usize;
    }

    pub fn scroll_to(&mut self, top: bool) {
        self.scroll = if top { self.max_scroll() } else { 0 };
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }

    /// The kept lines, oldest first (for tests).
    pub fn lines(&self) -> impl Iterator<Item = &(Kind, String)> {
        self.lines.iter()
    }
}

fn style(kind: Kind) -> Style {
    match kind {
        Kind::Message => Style::default(),
        Kind::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        Kind::Echo => Style::default().fg(Color::Cyan),
        Kind::Note => Style::default().fg(Color::Yellow),
    }
}

/// The console with the prompt line (if one is open) drawn at its bottom.
pub struct ConsoleView<'a> {
    pub console: &'a Console,
    pub prompt: Option<PromptLine>,
}

impl Widget for ConsoleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let c = self.console;
        let mut title = " console".to_string();
        if c.scroll > 0 {
            title += &format!(" (scrolled back {})", c.scroll);
        }
        title.push(' ');
        let pane = block(title, c.chrome);
        let mut inner = pane.inner(area);
        pane.render(area, buf);
        if let Some(prompt) = self.prompt.filter(|_| inner.height > 0) {
            let last = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            inner.height -= 1;
            // The end of a long line stays in view (where the typing is).
            let width = usize::from(last.width);
            let shown = prompt.label.chars().count() + prompt.text.chars().count() + 1;
            let skip = shown.saturating_sub(width);
            let label: String = prompt.label.chars().skip(skip).collect();
            let text: String = prompt
                .text
                .chars()
                .skip(skip.saturating_sub(prompt.label.chars().count()))
                .collect();
            let line = Line::from(vec![
                Span::styled(label, Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(text),
                Span::raw("█"),
            ]);
            Paragraph::new(line).render(last, buf);
        }
        c.height.set(inner.height);
        c.width.set(inner.width);
        let (height, width) = (usize::from(inner.height), usize::from(inner.width.max(1)));
        // The rows from the newest back, as many as the scroll and the pane need.
        let mut rows: Vec<Line> = Vec::with_capacity(height + c.scroll);
        for (kind, text) in c.lines.iter().rev() {
            if rows.len() >= height + c.scroll {
                break;
            }
            for row in wrapped(text, width).into_iter().rev() {
                rows.push(Line::styled(row, style(*kind)));
            }
        }
        let mut shown: Vec<Line> = rows.into_iter().skip(c.scroll).take(height).collect();
        shown.reverse();
        Paragraph::new(shown).render(inner, buf);
    }
}
