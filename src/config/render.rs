//! The configuration written back as the TOML file `parse` reads (`--print-config`).

use std::fmt::Write as _;

use super::{default_path, Config, Side, StackOrder, Theme};

/// The configuration as a TOML file that `parse` reads back to the same configuration.
pub fn render(config: &Config, bundled_themes: &[&str]) -> String {
    let mut out = String::new();
    let source = match &config.source {
        Some(p) => p.display().to_string(),
        None => "no file: the defaults".into(),
    };
    let default = default_path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "# rdb's effective configuration, read from {source}.");
    let _ = writeln!(
        out,
        "# rdb reads {default}, or the file given with --config FILE."
    );
    let theme = match &config.theme {
        Theme::Bundled(name) => name.clone(),
        Theme::File(p) => p.display().to_string(),
    };
    let _ = writeln!(
        out,
        "\n# a .tmTheme file, or one of: {}",
        bundled_themes.join(", ")
    );
    let _ = writeln!(out, "theme = {}", toml_string(&theme));
    let l = &config.layout;
    let side = match l.side {
        Side::Left => "left",
        Side::Right => "right",
    };
    let _ = write!(
        out,
        "\n[layout]\n\
         side = {side:?}  # where the stack and variables go: \"left\" or \"right\"\n\
         source_width = {}  # percent of the width for the source (20-85)\n\
         stack_height = {}  # percent of the side column for the stack (10-90)\n\
         output_height = {}  # percent of the height for the output (10-60)\n",
        l.source_width, l.stack_height, l.output_height
    );
    let most_recent = match config.stack_order {
        StackOrder::NewestAtTop => "top",
        StackOrder::NewestAtBottom => "bottom",
    };
    let _ = write!(
        out,
        "\n[stack]\nmost_recent = {most_recent:?}  # the newest frame at the \"top\" (pudb) or \"bottom\" (pdb's where)\n"
    );
    let _ = write!(
        out,
        "\n[history]\nmemory_mb = {}  # memory bound of the past stops kept for stepping back\n",
        config.history_mb
    );
    let _ = write!(
        out,
        "\n[ui]\nscrollback = {}  # lines of the program's output kept above its terminal's screen\n\
         mouse = {}  # click and scroll the panes (false: the terminal's own selection)\n",
        config.scrollback,
        config.mouse
    );
    let _ = writeln!(out, "\n[repr]  # reprlib's bounds for the values shown");
    for (name, value) in config.repr.fields() {
        let _ = writeln!(out, "{name} = {value}");
    }
    let _ = write!(
        out,
        "\n[breakpoints]\nsave = {}  # keep breakpoints in ./{} between runs\n",
        config.save_breakpoints,
        super::SAVED_BREAKPOINTS_FILE
    );
    let _ = writeln!(
        out,
        "\n[keys]  # each action listed gets exactly these keys"
    );
    for (action, keys) in config.keys.iter() {
        let specs: Vec<String> = keys.iter().map(|k| toml_string(&k.spec())).collect();
        let _ = writeln!(out, "{} = [{}]", action.name(), specs.join(", "));
    }
    out
}

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out + "\""
}
