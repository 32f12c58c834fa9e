//! The panes. Each owns its state (what it shows, its cursor and scroll) and draws
//! itself (`impl Widget for &Pane`, ratatui's pattern); none reads the whole app.

pub mod frames;
pub mod inspector;
pub mod narrative;
pub mod source;
pub mod stack;
pub mod status;
pub mod vars;

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders};

/// How a pane's frame looks: focused or not, presentation mode or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Chrome {
    pub focused: bool,
    pub present: bool,
}

/// A pane's frame: title, highlighted when the pane has the focus. In presentation mode
/// only a rule with the title, in high contrast.
pub fn block(title: String, chrome: Chrome) -> Block<'static> {
    let style = match (chrome.focused, chrome.present) {
        (true, _) => Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        (false, true) => Style::default()
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        (false, false) => Style::default().fg(Color::DarkGray),
    };
    let borders = if chrome.present {
        Borders::TOP
    } else {
        Borders::ALL
    };
    let block = Block::default()
        .borders(borders)
        .border_style(style)
        .title(title);
    if chrome.present {
        // Without side borders, a blank column keeps a pane's text off its neighbour's.
        block.padding(ratatui::widgets::Padding::right(1))
    } else {
        block
    }
}

/// The current line and changed values: reversed normally; black on bright yellow, bold,
/// in presentation mode (readable from the back of a room).
pub fn emphasis(present: bool) -> Style {
    if present {
        Style::default()
            .fg(Color::Black)
            .bg(Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// The colour of shared-object tag `#n`: the same wherever the tag is shown.
pub fn tag_style(n: u32) -> Style {
    const COLOURS: [Color; 6] = [
        Color::Magenta,
        Color::Cyan,
        Color::Green,
        Color::LightRed,
        Color::LightBlue,
        Color::Yellow,
    ];
    Style::default()
        .fg(COLOURS[(n as usize - 1) % COLOURS.len()])
        .add_modifier(Modifier::BOLD)
}

/// `#n ` for a tagged value (nothing for an untagged one), in the tag's colour.
pub fn tag_span(tag: Option<u32>) -> ratatui::text::Span<'static> {
    match tag {
        Some(n) => ratatui::text::Span::styled(format!("#{n} "), tag_style(n)),
        None => ratatui::text::Span::raw(""),
    }
}

/// The mark before a variable: `▾ ` expanded, `▸ ` expandable, else blank.
pub fn expansion_sign(expanded: bool, expandable: bool) -> &'static str {
    if expanded {
        "▾ "
    } else if expandable {
        "▸ "
    } else {
        "  "
    }
}

/// The file name without its folders.
pub fn short_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Tabs to the next multiple of 8 columns, as Python's tokenizer and a terminal count
/// them (`start` is the column the text begins at).
pub fn expand_tabs_from(text: &str, start: usize) -> String {
    if !text.contains('\t') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut col = start;
    for c in text.chars() {
        if c == '\t' {
            let next = (col / 8 + 1) * 8;
            out.extend(std::iter::repeat_n(' ', next - col));
            col = next;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

pub fn expand_tabs(text: &str) -> String {
    expand_tabs_from(text, 0)
}

/// The first row to draw so that `cursor` (0-based) stays within `height` rows, moving
/// the view as little as possible from `top`.
pub fn keep_in_view(top: usize, cursor: usize, height: usize) -> usize {
    if height == 0 {
        return cursor;
    }
    if cursor < top {
        cursor
    } else if cursor >= top + height {
        cursor + 1 - height
    } else {
        top
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tabs_go_to_the_next_multiple_of_eight() {
        assert_eq!(super::expand_tabs("col1\tcol2"), "col1    col2");
        assert_eq!(super::expand_tabs("\tx = 1"), "        x = 1");
        assert_eq!(super::expand_tabs("  3  ->\t    a"), "  3  ->     a");
        assert_eq!(super::expand_tabs_from("\ty", 3), "     y");
    }
}
