//! The source pane: highlighted lines with numbers, breakpoint marks, the current line,
//! and the cursor.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{block, short_name};
use crate::ui::app::{App, Focus};
use crate::ui::highlight::{spans, Highlighter};

/// First line shown so that `cursor` sits about a third down the pane.
fn first_visible(cursor: u32, height: u32, total: u32) -> u32 {
    let top = cursor.saturating_sub(height / 3).max(1);
    top.min(total.saturating_sub(height).saturating_add(1))
        .max(1)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, hl: &mut Highlighter) {
    let Some(file) = app.file.clone() else {
        f.render_widget(
            Paragraph::new("no source yet").block(block(" source ".into(), false, app.present)),
            area,
        );
        return;
    };
    let title = format!(" {} ", short_name(&file));
    let pane = block(title, app.focus == Focus::Source, app.present);
    let inner = pane.inner(area);
    f.render_widget(pane, area);
    let total = hl.line_count(&file) as u32;
    if total == 0 {
        f.render_widget(Paragraph::new(format!("cannot read {file}")), inner);
        return;
    }
    let height = u32::from(inner.height);
    let top = first_visible(app.cursor, height, total);
    let snap = app.snapshot.as_ref();
    let current = snap
        .and_then(|s| s.selected_frame())
        .filter(|fr| fr.file == file)
        .map(|fr| fr.line);
    let is_newest = snap.is_some_and(|s| s.selected + 1 == s.stack.len());
    let width = total.to_string().len().max(3);
    let styled = hl.lines(&file, (top - 1) as usize..(top - 1 + height) as usize);
    let mut lines = Vec::with_capacity(styled.len());
    for (i, pieces) in styled.iter().enumerate() {
        let n = top + i as u32;
        let bp = snap.and_then(|s| s.breakpoints.iter().find(|b| b.file == file && b.line == n));
        let (mark, mark_style) = match bp {
            Some(b) if !b.enabled => ("○", Style::default().fg(Color::DarkGray)),
            Some(b) if b.conditional => ("◆", Style::default().fg(Color::Red)),
            Some(_) => ("●", Style::default().fg(Color::Red)),
            None => (" ", Style::default()),
        };
        let here = current == Some(n);
        let arrow = match (here, is_newest) {
            (true, true) => "▶",
            (true, false) => "▷",
            _ => " ",
        };
        let mut row = vec![
            Span::styled(mark, mark_style),
            Span::styled(format!("{n:>width$}"), Style::default().fg(Color::DarkGray)),
            Span::styled(
                format!("{arrow} "),
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            ),
        ];
        row.extend(spans(pieces));
        let mut line = Line::from(row);
        if here {
            line = line.style(super::emphasis(app.present));
        } else if n == app.cursor && app.focus == Focus::Source {
            line = line.style(Style::default().add_modifier(Modifier::UNDERLINED));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
