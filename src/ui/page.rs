//! `rdb replay FILE --html OUT.html`: one self-contained web page over a recording. The
//! page carries the recording itself (its compressed delta form, in base64) and the
//! recorded sources highlighted here, and its script (`page/page.js`) decodes the steps
//! and draws the frames view, the source, the output and a slider over every step. No
//! network access: everything is inline.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use serde::Serialize;
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Style, ThemeSet};
use syntect::parsing::SyntaxSet;

const TEMPLATE: &str = include_str!("page/page.html");
const STYLE: &str = include_str!("page/page.css");
const SCRIPT: &str = include_str!("page/page.js");
/// A light theme: the page is for projectors and for reading at home.
const THEME: &str = "InspiredGitHub";

/// What the page is made of, owned: no recording type crosses into the interface.
pub struct PageData {
    /// The page's title (the recorded script).
    pub title: String,
    pub python: String,
    /// The recording file's bytes, as written.
    pub recording: Vec<u8>,
    /// Each recorded file's source.
    pub sources: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    python: &'a str,
    /// Each file's lines as HTML (highlighted), by file.
    sources: BTreeMap<&'a str, Vec<String>>,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour classes of the highlighted text: one per style met, so that a line
/// carries `<span class="h3">` and not its style in full.
#[derive(Default)]
struct Classes {
    styles: Vec<(String, bool, bool)>,
}

impl Classes {
    fn class(&mut self, s: Style) -> usize {
        let key = (
            format!(
                "#{:02x}{:02x}{:02x}",
                s.foreground.r, s.foreground.g, s.foreground.b
            ),
            s.font_style.contains(FontStyle::BOLD),
            s.font_style.contains(FontStyle::ITALIC),
        );
        match self.styles.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                self.styles.push(key);
                self.styles.len() - 1
            }
        }
    }

    fn css(&self) -> String {
        let mut css = String::new();
        for (i, (colour, bold, italic)) in self.styles.iter().enumerate() {
            let _ = write!(css, ".h{i}{{color:{colour}");
            if *bold {
                css.push_str(";font-weight:bold");
            }
            if *italic {
                css.push_str(";font-style:italic");
            }
            css.push_str("}\n");
        }
        css
    }
}

/// A Python source as HTML lines, tabs expanded as Python counts them.
fn highlight(
    text: &str,
    syntaxes: &SyntaxSet,
    h: &mut HighlightLines,
    classes: &mut Classes,
) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = format!("{line}\n");
            let pieces = h.highlight_line(&line, syntaxes).unwrap_or_default();
            let mut html = String::new();
            let mut col = 0;
            for (style, piece) in pieces {
                let piece = super::panes::expand_tabs_from(piece.trim_end_matches('\n'), col);
                if piece.is_empty() {
                    continue;
                }
                col += piece.chars().count();
                let _ = write!(
                    html,
                    r#"<span class="h{}">{}</span>"#,
                    classes.class(style),
                    escape(&piece)
                );
            }
            html
        })
        .collect()
}

/// JSON inside a `<script>` element: nothing in it may close the element (`<` only
/// occurs inside its strings, where `\u003c` means the same).
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("page data serialises")
        .replace('<', r"\u003c")
}

/// `template` with each `{{name}}` replaced by its value, in one pass: a value that
/// holds `{{…}}` itself (a recorded source can) is left as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let known = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (end, *v))
        });
        match known {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page for `data`.
pub fn render(data: &PageData) -> String {
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let themes = ThemeSet::load_defaults();
    let theme = &themes.themes[THEME];
    let python = syntaxes
        .find_syntax_by_extension("py")
        .expect("python syntax");
    let mut classes = Classes::default();
    let sources = data
        .sources
        .iter()
        .map(|(file, text)| {
            let mut h = HighlightLines::new(python, theme);
            (
                file.as_str(),
                highlight(text, &syntaxes, &mut h, &mut classes),
            )
        })
        .collect();
    let meta = Meta {
        title: &data.title,
        python: &data.python,
        sources,
    };
    let recording = base64::engine::general_purpose::STANDARD.encode(&data.recording);
    let title = escape(&data.title);
    let style = format!("{STYLE}{}", classes.css());
    let meta = script_json(&meta);
    fill(
        TEMPLATE,
        &[
            ("title", &title),
            ("style", &style),
            ("meta", &meta),
            ("recording", &recording),
            ("script", SCRIPT),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_highlighted_escaped_and_nothing_closes_the_script_elements() {
        let page = render(&PageData {
            title: "a <b>.py".into(),
            python: "CPython 3.11".into(),
            recording: b"RDBREC\x01\x00".to_vec(),
            sources: vec![(
                "/p/a.py".into(),
                "s = '</script><!--'  # {{script}}\nif s:\n\tx = 1\n".into(),
            )],
        });
        assert!(page.contains("<title>rdb replay: a &lt;b&gt;.py</title>"));
        let meta = page
            .split(r#"<script type="application/json" id="rdb-meta">"#)
            .nth(1)
            .and_then(|m| m.split("</script>").next())
            .unwrap();
        let meta: serde_json::Value = serde_json::from_str(meta).unwrap();
        let lines = meta["sources"]["/p/a.py"].as_array().unwrap();
        let text = |i: usize| lines[i].as_str().unwrap().to_string();
        assert!(text(0).contains("&lt;/script&gt;&lt;!--"), "{}", text(0));
        // a placeholder in the source stays as it is
        assert!(text(0).contains("{{script}}"), "{}", text(0));
        assert_eq!(page.matches("\"use strict\"").count(), 1);
        // a tab is expanded to Python's 8-column stop
        assert!(text(2).starts_with(r#"<span class="h"#), "{}", text(2));
        assert!(text(2).contains(">        </span>"), "{}", text(2));
        assert_eq!(
            page.matches("<script").count(),
            page.matches("</script>").count()
        );
        assert!(page.contains(".h0{color:#"), "the colour classes");
    }
}
