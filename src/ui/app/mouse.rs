//! The mouse: a click selects a stack entry, toggles a breakpoint on a line number,
//! moves the source cursor, expands a variable, and focuses the pane it is in; the wheel
//! scrolls the pane under the pointer.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Effect, Focus};
use crate::remote::FromUi;
use crate::ui::keys::Action;

/// Rows the wheel moves.
const WHEEL: i64 = 3;

impl App {
    /// The pane at a screen cell, with the cell's place inside the pane's frame.
    fn pane_at(&self, column: u16, row: u16) -> Option<(Focus, Rect)> {
        let a = self.areas.get();
        let at = Position::new(column, row);
        [
            (Focus::Source, a.source),
            (Focus::Stack, a.stack),
            (Focus::Vars, a.vars),
            (Focus::Output, a.output),
            (Focus::Console, a.console),
        ]
        .into_iter()
        .find(|(_, r)| r.contains(at))
        .map(|(focus, area)| {
            let inner = crate::ui::panes::block(String::new(), self.source.chrome).inner(area);
            (focus, inner)
        })
    }

    pub fn mouse(&mut self, event: MouseEvent) -> Vec<Effect> {
        if self.too_small || self.prompt.is_some() || self.show_help {
            return Vec::new();
        }
        let Some((pane, inner)) = self.pane_at(event.column, event.row) else {
            return Vec::new();
        };
        match event.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let delta = if event.kind == MouseEventKind::ScrollUp {
                    -WHEEL
                } else {
                    WHEEL
                };
                let focus = std::mem::replace(&mut self.focus, pane);
                let effects = self.scroll(delta);
                self.focus = focus;
                effects
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = pane;
                if !inner.contains(Position::new(event.column, event.row)) {
                    return Vec::new();
                }
                let row = usize::from(event.row - inner.y);
                self.click(pane, row, event.column - inner.x)
            }
            _ => Vec::new(),
        }
    }

    fn click(&mut self, pane: Focus, row: usize, column: u16) -> Vec<Effect> {
        match pane {
            Focus::Stack => match self.stack.frame_at_row(row) {
                Some(index)
                    if self.stopped()
                        && !self.timeline.in_past()
                        && index != self.stack.selected =>
                {
                    vec![Effect::Send(FromUi::SelectFrame(index))]
                }
                _ => Vec::new(),
            },
            Focus::Source => match self.source.line_at_row(row) {
                Some(line) => {
                    self.source.cursor = line;
                    if column < self.source.gutter_width() {
                        self.action(Action::ToggleBreak)
                    } else {
                        Vec::new()
                    }
                }
                None => Vec::new(),
            },
            Focus::Vars if !self.show_inspector && !self.show_frames => {
                match self.vars.row_at(row) {
                    Some(i) => {
                        self.vars.cursor = i;
                        self.action(Action::Expand)
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }
}
