//! rdb's configuration file (`~/.config/rdb/config.toml`, or `--config FILE`): key
//! bindings, theme, pane sizes, stack order, history bound, repr limits, saved breakpoints.
//! A bad entry is reported (file, key, what is wrong) and left at its default; the rest
//! of the file still applies. `render` writes the effective configuration back as TOML.

pub mod keymap;
mod read;
mod render;

use std::path::{Path, PathBuf};

use keymap::Keymap;
pub use read::parse;
pub use render::{render, toml_string};

/// Where `[breakpoints] save = true` keeps them, in the folder rdb runs in.
pub const SAVED_BREAKPOINTS_FILE: &str = ".rdb-breakpoints.toml";

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StackOrder {
    /// pudb's order.
    #[default]
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

/// Lines of the program's output kept above its terminal's screen, by default.
pub const DEFAULT_SCROLLBACK: usize = 10_000;

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
    /// `[ui] scrollback`: lines kept above the screen of the program's terminal.
    pub scrollback: usize,
    /// `[ui] mouse`: the interface takes the mouse (false: the terminal's own selection).
    pub mouse: bool,
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
            scrollback: DEFAULT_SCROLLBACK,
            mouse: true,
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

#[cfg(test)]
mod tests;
