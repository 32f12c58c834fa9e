//! The layout: source left, stack and locals right, output below, status line at the
//! bottom; the help overlay; the too-small message.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::App;
use super::highlight::Highlighter;
use super::keys::{key_name, BINDINGS};
use super::panes;

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
    let output_height = if app.present {
        (area.height / 6).clamp(2, 8)
    } else {
        (area.height / 4).clamp(3, 12)
    };
    let source_share = if app.present { 72 } else { 62 };
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Min(5),
            Constraint::Length(output_height),
            Constraint::Length(1),
        ])
        .split(area);
    let cols = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([
            Constraint::Percentage(source_share),
            Constraint::Percentage(100 - source_share),
        ])
        .split(rows[0]);
    let side = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Percentage(40), Constraint::Percentage(60)])
        .split(cols[1]);
    panes::source::draw(f, cols[0], app, hl);
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
        draw_help(f, area);
    }
}

/// One help row per action: its keys together (`k ↑  cursor up`).
fn help_rows() -> Vec<String> {
    let mut rows: Vec<(String, &str)> = Vec::new();
    for b in BINDINGS {
        match rows.iter_mut().find(|(_, help)| *help == b.help) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&key_name(b));
            }
            None => rows.push((key_name(b), b.help)),
        }
    }
    rows.into_iter()
        .map(|(keys, help)| format!(" {keys:<9} {help}"))
        .collect()
}

fn draw_help(f: &mut Frame, area: Rect) {
    let rows = help_rows();
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
