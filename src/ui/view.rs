//! The layout — source beside the stack and variables, the program's terminal beside
//! the console below them, the status line at the bottom — and drawing each pane into
//! its place; the help overlay; the too-small message.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui::Frame;

use super::app::App;
use super::console::ConsoleView;
use super::highlight::Highlighter;
use super::panes::narrative::NarrativeView;
use super::panes::source::SourceView;
use crate::config::Side;

pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

/// Where each pane goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub source: Rect,
    pub stack: Rect,
    pub vars: Rect,
    pub output: Rect,
    pub console: Rect,
    pub status: Rect,
}

impl Areas {
    /// The inner size (rows, cols) of the output pane, for the program's terminal.
    pub fn output_inner(&self, present: bool) -> (u16, u16) {
        let inner = super::panes::block(
            String::new(),
            super::panes::Chrome {
                focused: false,
                present,
            },
        )
        .inner(self.output);
        (inner.height.max(1), inner.width.max(1))
    }
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The panes' places in `area`. Presentation mode gives the source more room: ten
/// points more width, and two thirds of the configured output height.
pub fn areas(area: Rect, l: &crate::config::Layout, present: bool) -> Areas {
    let (output_height, source_share) = if present {
        (
            (area.height * l.output_height / 150).max(4),
            (l.source_width + 10).min(90),
        )
    } else {
        (
            (area.height * l.output_height / 100)
                .max(4)
                .min(area.height * 3 / 5),
            l.source_width,
        )
    };
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Min(5),
            Constraint::Length(output_height),
            Constraint::Length(1),
        ])
        .split(area);
    let source = Constraint::Percentage(source_share);
    let rest = Constraint::Percentage(100 - source_share);
    let (source_at, side_at, constraints) = match l.side {
        Side::Right => (0, 1, [source, rest]),
        Side::Left => (1, 0, [rest, source]),
    };
    let cols = Layout::default()
        .direction(Direction::Horizontal)
        .constraints(constraints)
        .split(rows[0]);
    let side = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Percentage(l.stack_height),
            Constraint::Percentage(100 - l.stack_height),
        ])
        .split(cols[side_at]);
    let bottom = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
        .split(rows[1]);
    Areas {
        source: cols[source_at],
        stack: side[0],
        vars: side[1],
        output: bottom[0],
        console: bottom[1],
        status: rows[2],
    }
}

pub fn draw(f: &mut Frame, app: &App, hl: &mut Highlighter) {
    let area = f.area();
    if too_small(area) {
        let msg = format!(
            "terminal too small\n{}×{}: rdb needs\nat least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg), area);
        return;
    }
    let a = areas(area, &app.layout, app.present);
    app.areas.set(a);
    let buf = f.buffer_mut();
    SourceView {
        pane: &app.source,
        hl,
    }
    .render(a.source, buf);
    app.stack.render(a.stack, buf);
    if app.show_inspector {
        app.inspector.render(a.vars, buf);
    } else if app.show_frames {
        app.frames.render(a.vars, buf);
    } else {
        app.vars.render(a.vars, buf);
    }
    if app.show_narrative {
        NarrativeView {
            pane: &app.narrative,
            lines: app.timeline.narrative(),
        }
        .render(a.output, buf);
    } else {
        app.output.render(a.output, buf);
    }
    ConsoleView {
        console: &app.console,
        prompt: app.prompt.as_ref().map(|p| p.line()),
    }
    .render(a.console, buf);
    app.status().render(a.status, buf);
    if app.show_help {
        draw_help(f, app, area);
    }
}

/// One help row per bound action: its keys together (`k ↑  cursor up`).
fn help_rows(app: &App) -> Vec<String> {
    app.keymap
        .iter()
        .filter(|(_, keys)| !keys.is_empty())
        .map(|(action, keys)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            format!(" {:<9} {}", keys.join(" "), action.help())
        })
        .collect()
}

fn draw_help(f: &mut Frame, app: &App, area: Rect) {
    let rows = help_rows(app);
    // As many columns as the height needs.
    let fit = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = rows.len().div_ceil(fit).max(1);
    let per_column = rows.len().div_ceil(columns);
    let col_width = rows.iter().map(|r| r.chars().count()).max().unwrap_or(0) + 1;
    let lines: Vec<Line> = (0..per_column)
        .map(|i| {
            let row: String = (0..columns)
                .filter_map(|c| rows.get(c * per_column + i))
                .map(|r| format!("{r:<col_width$}"))
                .collect();
            Line::from(row)
        })
        .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = ((col_width * columns) as u16 + 2).min(area.width);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" keys (any key closes) ")
        .title_style(Style::default().add_modifier(Modifier::BOLD));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
