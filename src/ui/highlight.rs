//! Syntax highlighting with syntect, lazily and per file: parser states are checkpointed
//! every `CHECKPOINT` lines, so drawing a viewport highlights only from the nearest
//! checkpoint, and highlighted lines are cached.

use std::collections::HashMap;
use std::io::Cursor;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use syntect::highlighting::{
    FontStyle, HighlightState, Highlighter as SynHighlighter, RangedHighlightIterator, Theme,
    ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

use crate::config::{self, DEFAULT_THEME};

const CHECKPOINT: usize = 100;
const THEME: &str = include_str!("../../assets/rdb-ansi.tmTheme");

/// The styled pieces of one line.
pub type StyledLine = Vec<(Style, String)>;

struct FileState {
    /// What identified the file's version when it was read (its modification time).
    stamp: Option<std::time::SystemTime>,
    lines: Vec<String>,
    /// `checkpoints[k]` is the state before line `k * CHECKPOINT` (0-based).
    checkpoints: Vec<(ParseState, HighlightState)>,
    done: HashMap<usize, StyledLine>,
}

pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
    files: HashMap<String, FileState>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// A syntect colour to a terminal colour: `#NN000000` is ANSI colour NN, alpha 1 the
/// terminal default (see assets/rdb-ansi.tmTheme), anything else true colour.
fn color(c: syntect::highlighting::Color) -> Option<Color> {
    match c.a {
        0 => Some(Color::Indexed(c.r)),
        1 => None,
        _ => Some(Color::Rgb(c.r, c.g, c.b)),
    }
}

fn style(s: syntect::highlighting::Style) -> Style {
    let mut out = Style::default();
    if let Some(fg) = color(s.foreground) {
        out = out.fg(fg);
    }
    if s.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    out
}

/// The bundled themes' names: rdb's own (the terminal's palette) first, then syntect's.
pub fn bundled_theme_names() -> Vec<String> {
    let mut names = vec![DEFAULT_THEME.to_string()];
    names.extend(ThemeSet::load_defaults().themes.into_keys());
    names
}

/// The theme a configuration names.
pub fn load_theme(choice: &config::Theme) -> Result<Theme, String> {
    match choice {
        config::Theme::Bundled(name) if name == DEFAULT_THEME => {
            Ok(ThemeSet::load_from_reader(&mut Cursor::new(THEME)).expect("bundled theme parses"))
        }
        config::Theme::Bundled(name) => {
            let mut set = ThemeSet::load_defaults();
            set.themes.remove(name).ok_or_else(|| {
                format!(
                    "{name:?} is not a bundled theme (bundled: {}) nor a .tmTheme file",
                    bundled_theme_names().join(", ")
                )
            })
        }
        config::Theme::File(path) => ThemeSet::get_theme(path).map_err(|e| {
            let e = e.to_string();
            format!("cannot load {}: {}", path.display(), e.replace('\n', " "))
        }),
    }
}

impl Highlighter {
    pub fn new() -> Highlighter {
        Self::with_theme(
            load_theme(&config::Theme::Bundled(DEFAULT_THEME.into())).expect("bundled theme"),
        )
    }

    pub fn with_theme(theme: Theme) -> Highlighter {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme,
            files: HashMap::new(),
        }
    }

    /// Registers a file's text (replacing what was cached for that name), read when the
    /// file had modification time `stamp`.
    pub fn load(&mut self, name: &str, text: &str, stamp: Option<std::time::SystemTime>) {
        let lines = text.lines().map(|l| format!("{l}\n")).collect();
        let syntax = self
            .syntaxes
            .find_syntax_by_extension("py")
            .expect("python syntax");
        let highlighter = SynHighlighter::new(&self.theme);
        let start = (
            ParseState::new(syntax),
            HighlightState::new(&highlighter, ScopeStack::new()),
        );
        self.files.insert(
            name.to_string(),
            FileState {
                stamp,
                lines,
                checkpoints: vec![start],
                done: HashMap::new(),
            },
        );
    }

    pub fn is_loaded(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Forgets the files whose modification time is no longer `stamp_now` says (pdb's
    /// `checkcache` at a restart): they are read again when next shown.
    pub fn forget_changed(&mut self, stamp_now: impl Fn(&str) -> Option<std::time::SystemTime>) {
        self.files.retain(|name, f| stamp_now(name) == f.stamp);
    }

    pub fn line_count(&self, name: &str) -> usize {
        self.files.get(name).map_or(0, |f| f.lines.len())
    }

    pub fn plain_line(&self, name: &str, index: usize) -> Option<&str> {
        self.files
            .get(name)?
            .lines
            .get(index)
            .map(|l| l.trim_end_matches('\n'))
    }

    /// Styled lines `range` (0-based) of a loaded file.
    pub fn lines(&mut self, name: &str, range: std::ops::Range<usize>) -> Vec<StyledLine> {
        let Some(file) = self.files.get_mut(name) else {
            return Vec::new();
        };
        let end = range.end.min(file.lines.len());
        if range.start >= end {
            return Vec::new();
        }
        if (range.start..end).any(|i| !file.done.contains_key(&i)) {
            let highlighter = SynHighlighter::new(&self.theme);
            let k = (range.start / CHECKPOINT).min(file.checkpoints.len() - 1);
            let (mut parse, mut hl) = file.checkpoints[k].clone();
            for i in k * CHECKPOINT..end {
                if i % CHECKPOINT == 0 && i / CHECKPOINT == file.checkpoints.len() {
                    file.checkpoints.push((parse.clone(), hl.clone()));
                }
                let line = &file.lines[i];
                let ops = parse.parse_line(line, &self.syntaxes).unwrap_or_default();
                let pieces: StyledLine =
                    RangedHighlightIterator::new(&mut hl, &ops, line, &highlighter)
                        .map(|(s, text, _)| (style(s), text.trim_end_matches('\n').to_string()))
                        .filter(|(_, t)| !t.is_empty())
                        .collect();
                if i >= range.start {
                    file.done.insert(i, pieces);
                }
            }
        }
        (range.start..end).map(|i| file.done[&i].clone()).collect()
    }
}

/// Ratatui spans of a styled line, tabs expanded to 8-column stops as Python's
/// tokenizer counts them.
pub fn spans(line: &StyledLine) -> Vec<Span<'static>> {
    let mut col = 0;
    line.iter()
        .map(|(s, t)| {
            let text = super::panes::expand_tabs_from(t, col);
            col += text.chars().count();
            Span::styled(text, *s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_highlighting_matches_a_full_pass() {
        let text: String = (0..450)
            .map(|i| match i % 3 {
                0 => format!("def f{i}(x):  # c\n"),
                1 => "    s = \"\"\"multi\n".to_string(),
                _ => "    line\"\"\"; return 42\n".to_string(),
            })
            .collect();
        let mut lazy = Highlighter::new();
        lazy.load("a", &text, None);
        let late = lazy.lines("a", 400..420);
        let mut full = Highlighter::new();
        full.load("a", &text, None);
        let all = full.lines("a", 0..450);
        assert_eq!(late, all[400..420].to_vec());
        assert!(late
            .iter()
            .flatten()
            .any(|(s, _)| s.fg == Some(Color::Indexed(2))));
    }
}
