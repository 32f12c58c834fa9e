//! The bottom line: the stop's event and where it is, or the running/ended state; while
//! a prompt is open, the prompt.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::short_name;
use crate::ui::app::{App, Phase, Prompt};
use crate::ui::keys::Action;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    if let Some(prompt) = &app.prompt {
        let text = match prompt {
            Prompt::Command {
                text, bang: false, ..
            } => format!(":{text}█"),
            Prompt::Command {
                text, bang: true, ..
            } => format!("!{text}█"),
            Prompt::Search { text } => format!("/{text}█"),
            Prompt::Condition { line, text } => format!("condition for line {line}: {text}█"),
            Prompt::ConfirmQuit => "The program is running. Quit? (y/n)".into(),
            Prompt::ProgramInput { prompt, text } => {
                format!("program input (Enter sends, Ctrl-D ends input): {prompt}{text}█")
            }
        };
        f.render_widget(Paragraph::new(text), area);
        return;
    }
    let state = match &app.phase {
        Phase::Starting => Span::styled(
            " starting ",
            Style::default().fg(Color::Black).bg(Color::Gray),
        ),
        Phase::Running => Span::styled(
            " running ",
            Style::default().fg(Color::Black).bg(Color::Green),
        ),
        Phase::Stopped => Span::styled(
            " paused ",
            Style::default().fg(Color::Black).bg(Color::Yellow),
        ),
        Phase::Ended(_) => Span::styled(
            " ended ",
            Style::default().fg(Color::Black).bg(Color::Magenta),
        ),
    };
    let detail = match (&app.phase, &app.snapshot) {
        (Phase::Ended(msg), _) => format!(
            " {msg} —{}",
            hints(app, &[(Action::Restart, "restart"), (Action::Quit, "quit")]).join(",")
        ),
        (_, Some(s)) => {
            let at = s
                .selected_frame()
                .map(|fr| format!("{}:{} {}()", short_name(&fr.file), fr.line, fr.function))
                .unwrap_or_default();
            format!(" {}  {at}", s.event.describe())
        }
        _ => String::new(),
    };
    let mut spans = vec![state];
    if let Some(label) = app.history_label() {
        spans.push(Span::styled(
            format!(" {label} "),
            Style::default().fg(Color::Black).bg(Color::Cyan),
        ));
    }
    spans.push(Span::styled(
        detail,
        Style::default().add_modifier(Modifier::BOLD),
    ));
    if let Some(n) = &app.notice {
        spans.push(Span::styled(
            format!("  {n}"),
            Style::default().fg(Color::Red),
        ));
    }
    if !app.present {
        let hint = hints(app, &[(Action::Help, "help"), (Action::Quit, "quit")]).join(" ");
        spans.push(Span::styled(
            format!(" {hint}"),
            Style::default().fg(Color::DarkGray),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// ` KEY what` for each action that has a key, with its first key.
fn hints(app: &App, actions: &[(Action, &str)]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|(action, what)| {
            let key = app.keymap.keys_of(*action).first()?;
            Some(format!(" {key} {what}"))
        })
        .collect()
}
