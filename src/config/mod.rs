//! rdb's configuration file (`~/.config/rdb/config.toml`, or `--config FILE`): key
//! bindings, theme, pane sizes, stack order, history bound, repr limits, saved breakpoints.
//! A bad entry is reported (file, key, what is wrong) and left at its default; the rest
//! of the file still applies. `render` writes the effective configuration back as TOML.

pub mod keymap;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keymap::{Action, Key, Keymap};

/// One thing wrong with a configuration file, as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {key}: {message}", file.display())]
    Entry {
        file: PathBuf,
        key: String,
        message: String,
    },
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
}

/// Where the side column (stack above variables) goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// Pane sizes, in percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub side: Side,
    /// Of the width, for the source.
    pub source_width: u16,
    /// Of the side column, for the stack.
    pub stack_height: u16,
    /// Of the height, for the output (or narrative).
    pub output_height: u16,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            side: Side::Right,
            source_width: 62,
            stack_height: 40,
            output_height: 25,
        }
    }
}

/// Where the stack pane puts the most recent frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackOrder {
    /// pudb's order.
    NewestAtTop,
    /// pdb's `where` order.
    NewestAtBottom,
}

/// reprlib's bounds for the values rdb shows (variables pane, narrative, `rdb trace`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReprLimits {
    pub maxlevel: u32,
    pub maxtuple: u32,
    pub maxlist: u32,
    pub maxdict: u32,
    pub maxset: u32,
    pub maxstring: u32,
    pub maxlong: u32,
    pub maxother: u32,
}

impl Default for ReprLimits {
    fn default() -> Self {
        ReprLimits {
            maxlevel: 6,
            maxtuple: 6,
            maxlist: 6,
            maxdict: 4,
            maxset: 6,
            maxstring: 120,
            maxlong: 60,
            maxother: 120,
        }
    }
}

impl ReprLimits {
    /// (reprlib attribute, value) pairs.
    pub fn fields(&self) -> [(&'static str, u32); 8] {
        [
            ("maxlevel", self.maxlevel),
            ("maxtuple", self.maxtuple),
            ("maxlist", self.maxlist),
            ("maxdict", self.maxdict),
            ("maxset", self.maxset),
            ("maxstring", self.maxstring),
            ("maxlong", self.maxlong),
            ("maxother", self.maxother),
        ]
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut u32> {
        Some(match name {
            "maxlevel" => &mut self.maxlevel,
            "maxtuple" => &mut self.maxtuple,
            "maxlist" => &mut self.maxlist,
            "maxdict" => &mut self.maxdict,
            "maxset" => &mut self.maxset,
            "maxstring" => &mut self.maxstring,
            "maxlong" => &mut self.maxlong,
            "maxother" => &mut self.maxother,
            _ => return None,
        })
    }
}

/// A theme: one of the bundled ones by name, or a `.tmTheme` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Theme {
    Bundled(String),
    File(PathBuf),
}

pub const DEFAULT_THEME: &str = "rdb-ansi";

/// The effective configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The file read, if any.
    pub source: Option<PathBuf>,
    pub keys: Keymap,
    pub theme: Theme,
    pub layout: Layout,
    pub stack_order: StackOrder,
    pub history_mb: usize,
    pub repr: ReprLimits,
    pub save_breakpoints: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            keys: Keymap::default(),
            theme: Theme::Bundled(DEFAULT_THEME.into()),
            layout: Layout::default(),
            stack_order: StackOrder::NewestAtTop,
            history_mb: crate::history::DEFAULT_LIMIT >> 20,
            repr: ReprLimits::default(),
            save_breakpoints: false,
        }
    }
}

/// `$XDG_CONFIG_HOME/rdb/config.toml`, else `~/.config/rdb/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("rdb").join("config.toml"))
}

/// The configuration to use: `explicit` (which must exist), else the default file if it
/// exists, else the defaults. Errors in the file come back with the configuration that
/// applies despite them.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Vec<ConfigError>), ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match default_path().filter(|p| p.exists()) {
            Some(p) => p,
            None => return Ok((Config::default(), Vec::new())),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
        file: path.clone(),
        message: format!("cannot read it: {e}"),
    })?;
    Ok(parse(&text, &path))
}

/// Reads a configuration's text; `path` names it in errors and anchors relative paths.
pub fn parse(text: &str, path: &Path) -> (Config, Vec<ConfigError>) {
    let mut reader = Reader {
        file: path,
        config: Config {
            source: Some(path.to_path_buf()),
            ..Config::default()
        },
        errors: Vec::new(),
    };
    match text.parse::<toml::Table>() {
        Ok(table) => reader.top(&table),
        Err(e) => {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            let message = format!(
                "{at}{}; using the defaults",
                e.message().trim_end().replace('\n', " ")
            );
            reader.errors.push(ConfigError::File {
                file: path.to_path_buf(),
                message,
            });
        }
    }
    (reader.config, reader.errors)
}

struct Reader<'a> {
    file: &'a Path,
    config: Config,
    errors: Vec<ConfigError>,
}

const SECTIONS: &str = "theme, layout, stack, history, repr, breakpoints, keys";

impl Reader<'_> {
    fn error(&mut self, key: &str, message: String) {
        self.errors.push(ConfigError::Entry {
            file: self.file.to_path_buf(),
            key: key.to_string(),
            message,
        });
    }

    fn unknown(&mut self, key: &str, known: &str) {
        self.error(key, format!("unknown key (known here: {known})"));
    }

    fn section<'t>(&mut self, key: &str, value: &'t toml::Value) -> Option<&'t toml::Table> {
        match value {
            toml::Value::Table(t) => Some(t),
            other => {
                self.error(
                    key,
                    format!("expected a table ([{key}]), found {}", other.type_str()),
                );
                None
            }
        }
    }

    fn top(&mut self, table: &toml::Table) {
        for (key, value) in table {
            match key.as_str() {
                "theme" => self.theme(value),
                "layout" => self.layout(value),
                "stack" => self.stack(value),
                "history" => self.history(value),
                "repr" => self.repr(value),
                "breakpoints" => self.breakpoints(value),
                "keys" => self.keys(value),
                _ => self.unknown(key, SECTIONS),
            }
        }
    }

    fn string<'v>(&mut self, key: &str, value: &'v toml::Value) -> Option<&'v str> {
        match value {
            toml::Value::String(s) => Some(s),
            other => {
                self.error(
                    key,
                    format!("expected a string, found {}", other.type_str()),
                );
                None
            }
        }
    }

    fn number(&mut self, key: &str, value: &toml::Value, low: i64, high: i64) -> Option<i64> {
        match value {
            toml::Value::Integer(n) if (low..=high).contains(n) => Some(*n),
            toml::Value::Integer(n) => {
                self.error(
                    key,
                    format!("{n} is out of range: it must be from {low} to {high}"),
                );
                None
            }
            other => {
                self.error(
                    key,
                    format!(
                        "expected a whole number from {low} to {high}, found {}",
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        key: &str,
        value: &toml::Value,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(key, value)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == text) {
            return Some(*v);
        }
        let names: Vec<String> = options.iter().map(|(n, _)| format!("{n:?}")).collect();
        self.error(key, format!("{text:?} is not one of {}", names.join(", ")));
        None
    }

    fn theme(&mut self, value: &toml::Value) {
        let Some(text) = self.string("theme", value) else {
            return;
        };
        self.config.theme = if text.ends_with(".tmTheme") || text.contains('/') {
            Theme::File(self.path_from_config(text))
        } else {
            Theme::Bundled(text.to_string())
        };
    }

    /// `~/x` from the home directory, a relative path from the configuration's folder.
    fn path_from_config(&self, text: &str) -> PathBuf {
        if let (Some(rest), Some(home)) = (text.strip_prefix("~/"), std::env::var_os("HOME")) {
            return PathBuf::from(home).join(rest);
        }
        let p = PathBuf::from(text);
        match self.file.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p,
        }
    }

    fn layout(&mut self, value: &toml::Value) {
        let Some(table) = self.section("layout", value) else {
            return;
        };
        for (key, value) in table {
            let full = format!("layout.{key}");
            if key == "side" {
                let sides = [("left", Side::Left), ("right", Side::Right)];
                if let Some(side) = self.choice(&full, value, &sides) {
                    self.config.layout.side = side;
                }
                continue;
            }
            let (low, high) = match key.as_str() {
                "source_width" => (20, 85),
                "stack_height" => (10, 90),
                "output_height" => (10, 60),
                _ => {
                    self.unknown(&full, "side, source_width, stack_height, output_height");
                    continue;
                }
            };
            if let Some(n) = self.number(&full, value, low, high) {
                let layout = &mut self.config.layout;
                let slot = match key.as_str() {
                    "source_width" => &mut layout.source_width,
                    "stack_height" => &mut layout.stack_height,
                    _ => &mut layout.output_height,
                };
                *slot = n as u16;
            }
        }
    }

    fn stack(&mut self, value: &toml::Value) {
        let Some(table) = self.section("stack", value) else {
            return;
        };
        for (key, value) in table {
            if key == "most_recent" {
                let orders = [
                    ("top", StackOrder::NewestAtTop),
                    ("bottom", StackOrder::NewestAtBottom),
                ];
                if let Some(order) = self.choice("stack.most_recent", value, &orders) {
                    self.config.stack_order = order;
                }
            } else {
                self.unknown(&format!("stack.{key}"), "most_recent");
            }
        }
    }

    fn history(&mut self, value: &toml::Value) {
        let Some(table) = self.section("history", value) else {
            return;
        };
        for (key, value) in table {
            if key == "memory_mb" {
                if let Some(n) = self.number("history.memory_mb", value, 1, 1 << 20) {
                    self.config.history_mb = n as usize;
                }
            } else {
                self.unknown(&format!("history.{key}"), "memory_mb");
            }
        }
    }

    fn repr(&mut self, value: &toml::Value) {
        let Some(table) = self.section("repr", value) else {
            return;
        };
        for (key, value) in table {
            let full = format!("repr.{key}");
            if self.config.repr.field_mut(key).is_none() {
                let known: Vec<&str> = ReprLimits::default()
                    .fields()
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                self.unknown(&full, &known.join(", "));
                continue;
            }
            if let Some(n) = self.number(&full, value, 1, 1_000_000) {
                if let Some(slot) = self.config.repr.field_mut(key) {
                    *slot = n as u32;
                }
            }
        }
    }

    fn breakpoints(&mut self, value: &toml::Value) {
        let Some(table) = self.section("breakpoints", value) else {
            return;
        };
        for (key, value) in table {
            match (key.as_str(), value) {
                ("save", toml::Value::Boolean(b)) => self.config.save_breakpoints = *b,
                ("save", other) => self.error(
                    "breakpoints.save",
                    format!("expected true or false, found {}", other.type_str()),
                ),
                _ => self.unknown(&format!("breakpoints.{key}"), "save"),
            }
        }
    }

    fn keys(&mut self, value: &toml::Value) {
        let Some(table) = self.section("keys", value) else {
            return;
        };
        let mut rebound = Vec::new();
        for (name, value) in table {
            let full = format!("keys.{name}");
            let Some(action) = Action::from_name(name) else {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                self.error(
                    &full,
                    format!("unknown action (actions: {})", names.join(", ")),
                );
                continue;
            };
            let texts: Vec<&toml::Value> = match value {
                toml::Value::Array(items) => items.iter().collect(),
                single => vec![single],
            };
            let mut keys = Vec::new();
            let mut bad = false;
            for text in texts {
                let Some(text) = self.string(&full, text) else {
                    bad = true;
                    continue;
                };
                match Key::parse(text) {
                    Ok(key) if !keys.contains(&key) => keys.push(key),
                    Ok(_) => {}
                    Err(e) => {
                        self.error(&full, e);
                        bad = true;
                    }
                }
            }
            if bad {
                continue;
            }
            match self.config.keys.rebind(action, keys, &rebound) {
                Ok(()) => rebound.push(action),
                Err(e) => self.error(&full, e),
            }
        }
    }
}

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
    let _ = writeln!(out, "\n[repr]  # reprlib's bounds for the values shown");
    for (name, value) in config.repr.fields() {
        let _ = writeln!(out, "{name} = {value}");
    }
    let _ = write!(
        out,
        "\n[breakpoints]\nsave = {}  # keep breakpoints in ./{} between runs\n",
        config.save_breakpoints,
        crate::session::saved_breaks::FILE_NAME
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

#[cfg(test)]
mod tests;
