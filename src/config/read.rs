//! Reading a configuration file's TOML: each section and key checked, each wrong entry
//! reported (file, key, what is wrong) and left at its default.

use std::path::{Path, PathBuf};

use super::keymap::{Action, Key};
use super::{Config, ConfigError, ReprLimits, Side, StackOrder, Theme};

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

const SECTIONS: &str = "theme, layout, stack, history, ui, repr, breakpoints, keys";

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
                "ui" => self.ui(value),
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

    /// The section's entries with a known key, as (`section.key`, key, value); the
    /// others are reported.
    fn entries<'t>(
        &mut self,
        section: &str,
        value: &'t toml::Value,
        known: &[&str],
    ) -> Vec<(String, &'t str, &'t toml::Value)> {
        let Some(table) = self.section(section, value) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in table {
            let full = format!("{section}.{key}");
            if known.contains(&key.as_str()) {
                out.push((full, key.as_str(), value));
            } else {
                self.unknown(&full, &known.join(", "));
            }
        }
        out
    }

    fn layout(&mut self, value: &toml::Value) {
        let known = ["side", "source_width", "stack_height", "output_height"];
        for (full, key, value) in self.entries("layout", value, &known) {
            let (low, high) = match key {
                "side" => {
                    let sides = [("left", Side::Left), ("right", Side::Right)];
                    if let Some(side) = self.choice(&full, value, &sides) {
                        self.config.layout.side = side;
                    }
                    continue;
                }
                "source_width" => (20, 85),
                "stack_height" => (10, 90),
                _ => (10, 60),
            };
            if let Some(n) = self.number(&full, value, low, high) {
                let layout = &mut self.config.layout;
                let slot = match key {
                    "source_width" => &mut layout.source_width,
                    "stack_height" => &mut layout.stack_height,
                    _ => &mut layout.output_height,
                };
                *slot = n as u16;
            }
        }
    }

    fn stack(&mut self, value: &toml::Value) {
        for (full, _, value) in self.entries("stack", value, &["most_recent"]) {
            let orders = [
                ("top", StackOrder::NewestAtTop),
                ("bottom", StackOrder::NewestAtBottom),
            ];
            if let Some(order) = self.choice(&full, value, &orders) {
                self.config.stack_order = order;
            }
        }
    }

    fn history(&mut self, value: &toml::Value) {
        for (full, _, value) in self.entries("history", value, &["memory_mb"]) {
            if let Some(n) = self.number(&full, value, 1, 1 << 20) {
                self.config.history_mb = n as usize;
            }
        }
    }

    fn ui(&mut self, value: &toml::Value) {
        for (full, key, value) in self.entries("ui", value, &["scrollback", "mouse"]) {
            match (key, value) {
                ("mouse", toml::Value::Boolean(b)) => self.config.mouse = *b,
                ("mouse", other) => self.error(
                    &full,
                    format!("expected true or false, found {}", other.type_str()),
                ),
                _ => {
                    if let Some(n) = self.number(&full, value, 100, 1_000_000) {
                        self.config.scrollback = n as usize;
                    }
                }
            }
        }
    }

    fn repr(&mut self, value: &toml::Value) {
        let known = ReprLimits::default().fields().map(|(name, _)| name);
        for (full, key, value) in self.entries("repr", value, &known) {
            if let Some(n) = self.number(&full, value, 1, 1_000_000) {
                if let Some(slot) = self.config.repr.field_mut(key) {
                    *slot = n as u32;
                }
            }
        }
    }

    fn breakpoints(&mut self, value: &toml::Value) {
        for (full, _, value) in self.entries("breakpoints", value, &["save"]) {
            match value {
                toml::Value::Boolean(b) => self.config.save_breakpoints = *b,
                other => self.error(
                    &full,
                    format!("expected true or false, found {}", other.type_str()),
                ),
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
