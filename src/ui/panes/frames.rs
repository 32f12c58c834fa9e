//! The frames view (Python Tutor's picture): every frame of the stack at once, each a
//! box headed `name(args)  line N` with all its variables, the module's globals as the
//! last box; the newest frames that fit, and `… K more frames` for the rest.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::stack::{call_text, coloured_tags};
use super::{block, tag_span, Chrome};
use crate::config::StackOrder;
use crate::snapshot::{FrameSnap, StopSnapshot, VarSnap};

/// Frames asked of the session: more than any screen shows boxes for.
pub const FRAMES_WANTED: usize = 60;

#[derive(Default)]
pub struct FramesPane {
    frames: Vec<FrameSnap>,
    globals: Vec<VarSnap>,
    selected: usize,
    /// The newest frame is being unwound by an exception (its `__return__` is no value).
    unwinding: bool,
    expanded: Vec<String>,
    pub order: StackOrder,
    pub chrome: Chrome,
    /// The view was asked for and its variables have not come yet.
    pub waiting: bool,
    /// Python Tutor's heap: each tagged object once, with its contents, at the bottom.
    pub show_objects: bool,
    /// Boxes skipped from the newest (scrolled with the cursor keys).
    skip: Cell<usize>,
    height: Cell<u16>,
}

/// Types the globals box shows by name only (`f  function`), as Python Tutor does.
fn one_line(type_name: &str) -> bool {
    matches!(
        type_name,
        "function" | "type" | "module" | "builtin_function_or_method" | "ABCMeta" | "EnumType"
    )
}

impl FramesPane {
    pub fn show_stop(&mut self, snap: &StopSnapshot, expanded: &[String]) {
        self.frames = snap.stack.clone();
        self.globals = snap.module_globals.clone().unwrap_or_default();
        self.selected = snap.selected;
        if snap.stack.iter().any(|f| f.vars.is_some()) {
            self.waiting = false;
        }
        self.unwinding = matches!(snap.event, crate::snapshot::StopEvent::Unwind(_));
        self.expanded = expanded.to_vec();
    }

    pub fn clear(&mut self) {
        self.frames.clear();
        self.globals.clear();
    }

    pub fn scroll_by(&mut self, delta: i64) {
        let boxes = self.frames.len() as i64;
        let skip = (self.skip.get() as i64 + delta).clamp(0, (boxes - 1).max(0));
        self.skip.set(skip as usize);
    }

    pub fn page(&self) -> i64 {
        3
    }

    /// The boxes to draw, in drawing order: frames with their variables (the module's
    /// frame is the globals box).
    fn boxes(&self) -> Vec<usize> {
        let with_vars: Vec<usize> = (0..self.frames.len())
            .filter(|&i| self.frames[i].vars.is_some() && self.frames[i].function != "<module>")
            .collect();
        match self.order {
            StackOrder::NewestAtTop => with_vars.into_iter().rev().collect(),
            StackOrder::NewestAtBottom => with_vars,
        }
    }

    /// Each tagged object once (by tag): its type and contents.
    fn objects(&self) -> Vec<(u32, String, String)> {
        let mut seen = std::collections::BTreeMap::new();
        let rows = self
            .frames
            .iter()
            .flat_map(|f| f.vars.iter().flatten())
            .chain(self.globals.iter());
        for v in rows {
            if let Some(tag) = v.tag {
                seen.entry(tag)
                    .or_insert_with(|| (v.type_name.clone(), v.repr.clone()));
            }
        }
        seen.into_iter()
            .map(|(t, (ty, repr))| (t, ty, repr))
            .collect()
    }

    fn draw_objects(&self, objects: &[(u32, String, String)], area: Rect, buf: &mut Buffer) {
        let frame = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::default().fg(Color::DarkGray))
            .title(" objects ");
        let inner = frame.inner(area);
        frame.render(area, buf);
        let lines: Vec<Line> = objects
            .iter()
            .map(|(tag, ty, repr)| {
                Line::from(vec![
                    tag_span(Some(*tag)),
                    Span::styled(format!("{ty} "), Style::default().fg(Color::DarkGray)),
                    Span::raw(repr.clone()),
                ])
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }

    fn row(&self, v: &VarSnap, width: usize) -> Line<'static> {
        let sign = super::expansion_sign(self.expanded.contains(&v.path), v.expandable);
        let name = match v.name.as_str() {
            "__return__" => "return →".to_string(),
            "__exception__" => "exception →".to_string(),
            n => n.to_string(),
        };
        let label = format!("{}{sign}{name}", "  ".repeat(v.depth));
        let name_w = label.chars().count().max(10).min(width / 2);
        let mut spans = vec![Span::styled(
            format!("{label:<name_w$} "),
            Style::default().add_modifier(Modifier::BOLD),
        )];
        if v.depth == 0 && one_line(&v.type_name) {
            spans.push(Span::styled(
                v.type_name.clone(),
                Style::default().fg(Color::DarkGray),
            ));
        } else {
            spans.push(tag_span(v.tag));
            spans.push(Span::raw(v.repr.clone()));
        }
        Line::from(spans)
    }

    fn draw_box(
        &self,
        title: (String, Vec<u32>),
        rows: &[VarSnap],
        selected: bool,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let style = if selected {
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(Color::DarkGray)
        };
        let frame = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(Line::from(coloured_tags(&title.0, &title.1)).style(style));
        let inner = frame.inner(area);
        frame.render(area, buf);
        let width = usize::from(inner.width);
        let height = usize::from(inner.height);
        let mut lines: Vec<Line> = if rows.is_empty() {
            vec![Line::styled(
                "(no variables)",
                Style::default().fg(Color::DarkGray),
            )]
        } else {
            rows.iter().map(|v| self.row(v, width)).collect()
        };
        if lines.len() > height && height > 0 {
            let hidden = lines.len() - (height - 1);
            lines.truncate(height - 1);
            lines.push(Line::styled(
                format!("… {hidden} more"),
                Style::default().fg(Color::DarkGray),
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

impl Widget for &FramesPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let pane = block(" frames ".into(), self.chrome);
        let inner = pane.inner(area);
        pane.render(area, buf);
        self.height.set(inner.height);
        let boxes = self.boxes();
        if !self.frames.is_empty() && self.frames.iter().all(|f| f.vars.is_none()) {
            let text = if self.waiting {
                "…"
            } else {
                "(this stop was recorded without the frames view)"
            };
            Paragraph::new(Line::styled(text, Style::default().fg(Color::DarkGray)))
                .render(inner, buf);
            return;
        }
        let skip = self.skip.get().min(boxes.len().saturating_sub(1));
        let width = inner.width;
        let mut y = inner.y;
        let mut bottom = inner.y + inner.height;
        if self.show_objects {
            let objects = self.objects();
            let h = (objects.len().max(1) as u16 + 2).min(inner.height / 2);
            if h >= 3 {
                bottom -= h;
                self.draw_objects(&objects, Rect::new(inner.x, bottom, width, h), buf);
            }
        }
        let mut drawn = 0;
        for &i in boxes.iter().skip(skip) {
            let f = &self.frames[i];
            let unwinding = self.unwinding && i + 1 == self.frames.len();
            let rows: Vec<VarSnap> = f
                .vars
                .iter()
                .flatten()
                .filter(|v| !(unwinding && v.path == "__return__"))
                .cloned()
                .collect();
            let want = rows.len().max(1) as u16 + 2;
            // keep a row for "… K more frames" when more boxes follow
            let left = bottom.saturating_sub(y);
            let more_after = drawn + skip + 1 < boxes.len();
            let room = if more_after {
                left.saturating_sub(1)
            } else {
                left
            };
            if room < 3 {
                break;
            }
            let h = want.min(room);
            let suffix = format!(
                "  line {}{}",
                f.line,
                if unwinding { "  unwinding" } else { "" }
            );
            // the box's corners and the spaces around the title
            let room = usize::from(width).saturating_sub(4 + suffix.chars().count());
            let title = format!(" {}{suffix} ", call_text(f, room));
            let tags = f.args.iter().filter_map(|a| a.tag).collect();
            self.draw_box(
                (title, tags),
                &rows,
                i == self.selected,
                Rect::new(inner.x, y, width, h),
                buf,
            );
            y += h;
            drawn += 1;
        }
        let not_drawn = boxes.len() - skip - drawn;
        // frames whose variables the session was not asked for (a deep recursion)
        let without_vars = self
            .frames
            .iter()
            .filter(|f| f.vars.is_none() && f.function != "<module>")
            .count();
        let left = bottom.saturating_sub(y);
        if not_drawn + without_vars == 0 && left >= 3 {
            let module_line = self
                .frames
                .first()
                .filter(|f| f.function == "<module>")
                .map(|f| format!("  line {}", f.line))
                .unwrap_or_default();
            let selected = self
                .frames
                .first()
                .is_some_and(|f| f.function == "<module>")
                && self.selected == 0;
            self.draw_box(
                (format!(" globals{module_line} "), Vec::new()),
                &self.globals,
                selected,
                Rect::new(inner.x, y, width, left),
                buf,
            );
        } else if left >= 1 {
            let hidden = not_drawn + without_vars + skip;
            let text = match hidden {
                0 => "… and the globals".to_string(),
                1 => "… 1 more frame, and the globals".to_string(),
                n => format!("… {n} more frames, and the globals"),
            };
            Paragraph::new(Line::styled(text, Style::default().fg(Color::DarkGray)))
                .render(Rect::new(inner.x, y, width, 1), buf);
        }
    }
}
