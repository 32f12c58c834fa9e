//! The layout: source left, stack and locals right, output below, status line at the
//! bottom; the help overlay; the too-small message.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::App;
use super::highlight::Highlighter;
use super::panes;
use crate::config::Side;

pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

pub fn draw(f: &mut Frame, app: &App, hl: &mut Highlighter) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "terminal too small\n{}×{}: rdb needs\nat least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg), area);
        return;
    }
    // Presentation mode gives the source more room: ten points more width, and two
    // thirds of the configured output height.
    let l = &app.layout;
    let (output_height, source_share) = if app.present {
        (
            (area.height * l.output_height / 150).max(2),
            (l.source_width + 10).min(90),
        )
    } else {
        (
            (area.height * l.output_height / 100).clamp(3, area.height * 3 / 5),
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
    panes::source::draw(f, cols[source_at], app, hl);
    panes::stack::draw(f, side[0], app);
    if app.show_inspector {
        panes::inspector::draw(f, side[1], app);
    } else {
        panes::locals::draw(f, side[1], app);
    }
    if app.show_narrative {
        panes::narrative::draw(f, rows[1], app);
    } else {
        panes::output::draw(f, rows[1], app);
    }
    panes::status::draw(f, rows[2], app);
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
    // Two columns when one does not fit the height.
    let columns = if rows.len() as u16 + 2 > area.height {
        2
    } else {
        1
    };
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
