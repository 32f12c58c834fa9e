//! The output pane: the program's own terminal, as a VT100/xterm emulator keeps it (the
//! `vt100` crate: order as written, tabs, colours, `\r` and `\b`, erasing, cursor moves,
//! wrapping), with its scroll-back; and the same terminal as it was at a past stop,
//! rebuilt from the bytes before that stop's mark.

use std::cell::Cell;
use std::collections::VecDeque;
use std::num::NonZeroU16;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

use super::panes::{block, Chrome};

/// How many of the newest bytes are kept to rebuild the terminal of a past stop.
const REPLAY: usize = 2 << 20;

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

pub struct OutputTerm {
    parser: vt100::Parser,
    scrollback: usize,
    /// Bytes the program wrote so far, and the newest `REPLAY` of them.
    written: u64,
    recent: VecDeque<u8>,
    /// Lines scrolled back from the live screen (0: live).
    scroll: usize,
    /// The terminal as it was at a past stop (its byte offset), when one is shown.
    past: Option<(u64, vt100::Parser)>,
    pub chrome: Chrome,
    /// Rows of the pane at its last drawing (a page).
    height: Cell<u16>,
    /// The output was recorded as the program wrote it (a replay's), not read from a
    /// terminal: each `\n` is shown as `\r\n`, as a terminal's line discipline does,
    /// and every stop shows the output as it was then (none is "past").
    pub recorded: bool,
}

/// `bytes` into `parser`, with `\n` as `\r\n` when `crlf`.
fn feed(parser: &mut vt100::Parser, bytes: &[u8], crlf: bool) {
    if !crlf {
        return parser.process(bytes);
    }
    let mut pieces = bytes.split(|&b| b == b'\n');
    if let Some(first) = pieces.next() {
        parser.process(first);
    }
    for piece in pieces {
        parser.process(b"\r\n");
        parser.process(piece);
    }
}

impl OutputTerm {
    pub fn new(rows: u16, cols: u16, scrollback: usize) -> OutputTerm {
        OutputTerm {
            parser: vt100::Parser::new(nz(rows), nz(cols), scrollback),
            scrollback,
            written: 0,
            recent: VecDeque::new(),
            scroll: 0,
            past: None,
            chrome: Chrome::default(),
            height: Cell::new(rows),
            recorded: false,
        }
    }

    /// The program wrote `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        feed(&mut self.parser, bytes, self.recorded);
        self.written += bytes.len() as u64;
        self.recent.extend(bytes);
        // a recording's output is all kept: any step may show any part of it
        if !self.recorded && self.recent.len() > REPLAY + REPLAY / 4 {
            let excess = self.recent.len() - REPLAY;
            self.recent.drain(..excess);
        }
        if self.scroll > 0 {
            // Stay on the same lines while new ones arrive below.
            self.parser.screen_mut().set_scrollback(self.scroll);
            self.scroll = self.parser.screen().scrollback();
        }
    }

    /// A line of rdb's own between runs (not the program's: never in the log given
    /// back at exit).
    pub fn separator(&mut self, text: &str) {
        let (_, col) = self.parser.screen().cursor_position();
        let lead = if col > 0 { "\r\n" } else { "" };
        let line = format!("{lead}\x1b[0;2m── {text} ──\x1b[0m\r\n");
        self.parser.process(line.as_bytes());
    }

    /// What the terminal itself shows of a line typed for the program (its echo).
    pub fn echo(&mut self, text: &str) {
        self.parser.process(text.as_bytes());
    }

    /// How many bytes the program has written (a stop's mark).
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The terminal's size, (rows, cols).
    pub fn size(&self) -> (u16, u16) {
        let (rows, cols) = self.parser.screen().size();
        (rows.get(), cols.get())
    }

    /// Gives the terminal the pane's inner size; true when it changed.
    pub fn resize(&mut self, rows: u16, cols: u16) -> bool {
        if self.size() == (rows.max(1), cols.max(1)) {
            return false;
        }
        self.parser.set_size(nz(rows), nz(cols));
        let past = self.past.take().map(|(offset, _)| offset);
        self.show_at(past);
        self.scroll = 0;
        true
    }

    /// Shows the terminal as it was when `offset` bytes had been written (None: now).
    pub fn show_at(&mut self, offset: Option<u64>) {
        let Some(offset) = offset.filter(|&o| o < self.written) else {
            self.past = None;
            return;
        };
        let first = self.written - self.recent.len() as u64;
        // on from the terminal shown, when it is earlier (a replay stepping forwards)
        let (from, mut parser) = match self.past.take() {
            Some((o, p)) if o == offset => {
                self.past = Some((o, p));
                return;
            }
            Some((o, p)) if o < offset && o >= first => (o, p),
            _ => {
                let (rows, cols) = self.parser.screen().size();
                (first, vt100::Parser::new(rows, cols, self.scrollback))
            }
        };
        if offset > from {
            let (skip, upto) = ((from - first) as usize, (offset - first) as usize);
            let (a, b) = self.recent.as_slices();
            let a_range = skip.min(a.len())..upto.min(a.len());
            let b_range = skip.saturating_sub(a.len())..upto.saturating_sub(a.len());
            feed(&mut parser, &a[a_range], self.recorded);
            feed(&mut parser, &b[b_range], self.recorded);
        }
        self.past = Some((offset, parser));
    }

    pub fn in_past(&self) -> bool {
        self.past.is_some()
    }

    fn screen(&self) -> &vt100::Screen {
        self.past
            .as_ref()
            .map_or(self.parser.screen(), |(_, p)| p.screen())
    }

    fn screen_mut(&mut self) -> &mut vt100::Screen {
        match &mut self.past {
            Some((_, p)) => p.screen_mut(),
            None => self.parser.screen_mut(),
        }
    }

    /// Scrolls back (positive) or forward by `lines`, within the scroll-back.
    pub fn scroll_by(&mut self, lines: i64) {
        let target = (self.scroll as i64 + lines).max(0) as usize;
        let screen = self.screen_mut();
        screen.set_scrollback(target);
        self.scroll = screen.scrollback();
    }

    /// To the oldest line kept (`top`) or back to the live screen.
    pub fn scroll_to(&mut self, top: bool) {
        self.scroll_by(if top { i64::MAX / 2 } else { -(i64::MAX / 2) });
    }

    pub fn page(&self) -> i64 {
        i64::from(self.height.get().max(2) - 1)
    }

    /// The visible text, row by row (for tests and search).
    pub fn contents(&self) -> String {
        self.screen().contents()
    }
}

fn color(c: vt100::Color) -> Color {
    match c {
        vt100::Color::Default => Color::Reset,
        vt100::Color::Idx(i) => Color::Indexed(i),
        vt100::Color::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

fn style_of(cell: &vt100::Cell) -> Style {
    let mut style = Style::default()
        .fg(color(cell.fgcolor()))
        .bg(color(cell.bgcolor()));
    let mut modifier = Modifier::empty();
    for (on, m) in [
        (cell.bold(), Modifier::BOLD),
        (cell.dim(), Modifier::DIM),
        (cell.italic(), Modifier::ITALIC),
        (cell.underline(), Modifier::UNDERLINED),
        (cell.inverse(), Modifier::REVERSED),
    ] {
        if on {
            modifier |= m;
        }
    }
    style = style.add_modifier(modifier);
    style
}

impl Widget for &OutputTerm {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut title = " output".to_string();
        if self.past.is_some() && !self.recorded {
            title += " (as at that stop)";
        }
        if self.scroll > 0 {
            title += &format!(" (scrolled back {})", self.scroll);
        }
        title.push(' ');
        let pane = block(title, self.chrome);
        let inner = pane.inner(area);
        pane.render(area, buf);
        self.height.set(inner.height);
        let screen = self.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get().min(inner.height) {
            for col in 0..cols.get().min(inner.width) {
                let Some(cell) = screen.cell(row, col) else {
                    continue;
                };
                if cell.is_wide_continuation() {
                    continue;
                }
                let text = if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                };
                if let Some(target) = buf.cell_mut((inner.x + col, inner.y + row)) {
                    target.set_symbol(text).set_style(style_of(cell));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OutputTerm;

    fn rows(term: &OutputTerm) -> Vec<String> {
        term.contents().lines().map(str::to_string).collect()
    }

    #[test]
    fn a_terminal_expands_tabs_follows_carriage_returns_and_wraps() {
        let mut t = OutputTerm::new(8, 20, 100);
        t.write(b"col1\tcol2\r\n");
        t.write(b"progress 10%\rprogress 100%\r\n");
        t.write(b"abcdefghijklmnopqrstuvwxyz\r\n");
        t.write(b"\x1b[31mred\x1b[0m plain\r\n");
        assert_eq!(
            rows(&t),
            [
                "col1    col2",
                "progress 100%",
                "abcdefghijklmnopqrstuvwxyz",
                "red plain"
            ]
        );
    }

    #[test]
    fn a_past_stop_shows_the_bytes_written_before_it() {
        let mut t = OutputTerm::new(4, 20, 100);
        t.write(b"one\r\n");
        let mark = t.written();
        t.write(b"two\r\n");
        t.show_at(Some(mark));
        assert_eq!(rows(&t), ["one"]);
        t.show_at(None);
        assert_eq!(rows(&t), ["one", "two"]);
    }

    #[test]
    fn scrolling_is_clamped_to_the_scroll_back() {
        let mut t = OutputTerm::new(3, 10, 5);
        for i in 0..20 {
            t.write(format!("line {i}\r\n").as_bytes());
        }
        t.scroll_by(100);
        assert_eq!(t.scroll, 5);
        t.scroll_by(-2);
        assert_eq!(t.scroll, 3);
        t.scroll_to(false);
        assert_eq!(t.scroll, 0);
    }
}
