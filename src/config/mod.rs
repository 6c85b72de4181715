//! Configuration: the shipped category sets and the station's override
//! file on top of them (docs/ARCHITECTURE.md, "Categories").
//!
//! The override file is `--config PATH` if given, else `config.toml` in the
//! user's config directory. It holds optional settings (`lang`,
//! `station_code`, `[database] shared`) and `[sets.*]` tables that add,
//! relabel or retire category items.

pub mod categories;
pub mod settings;

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub use categories::{Categories, CategorySet, ConfigError, Item, SetId, DEFAULT_DEADLINE_DAYS};
pub use settings::DEFAULT_STATION_CODE;

use crate::lang::Lang;
use settings::OverrideFile;

/// The effective configuration: shipped defaults plus the station's file.
#[derive(Debug, Clone)]
pub struct Config {
    /// UI language from the file, if it sets one (flags and locale decide
    /// otherwise, see `Lang::choose`).
    pub lang: Option<Lang>,
    /// Prefix of issue numbers, e.g. `XC` in `XC-2026-0042`.
    pub station_code: String,
    /// Create database files 0660 instead of 0600, for a shared server.
    pub shared_db: bool,
    /// The category sets after overrides.
    pub categories: Categories,
    /// The override file that was read, if any.
    pub path: Option<PathBuf>,
    /// `[keys]`: scope → action → keys, checked when the key map is built.
    pub keys: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Default for Config {
    /// Shipped categories and default settings, no override file.
    fn default() -> Self {
        Config {
            lang: None,
            station_code: DEFAULT_STATION_CODE.to_string(),
            shared_db: false,
            categories: Categories::shipped(),
            path: None,
            keys: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Loads the configuration. An `explicit` path (`--config`) must exist;
    /// the default path may be absent, which means plain defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(path) = explicit {
            return match read(path)? {
                Some(text) => Config::from_override_str(&text, path),
                None => Err(ConfigError::NotFound {
                    path: path.to_path_buf(),
                }),
            };
        }
        let Some(path) = Config::default_path() else {
            return Ok(Config::default());
        };
        match read(&path)? {
            Some(text) => Config::from_override_str(&text, &path),
            None => Ok(Config::default()),
        }
    }

    /// Shipped defaults with `text` applied as the override file; `origin`
    /// names it in errors and becomes `path`.
    pub fn from_override_str(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let file: OverrideFile = categories::parse_toml(text, origin)?;
        let station_code = file
            .station_code
            .unwrap_or_else(|| DEFAULT_STATION_CODE.to_string());
        settings::validate_station_code(&station_code, origin)?;
        let mut categories = Categories::shipped();
        categories.apply_override(file.sets, origin)?;
        Ok(Config {
            lang: file.lang,
            station_code,
            shared_db: file.database.shared,
            categories,
            path: Some(origin.to_path_buf()),
            keys: file
                .keys
                .into_iter()
                .map(|(scope, actions)| {
                    let actions = actions
                        .into_iter()
                        .map(|(a, k)| (a, k.into_vec()))
                        .collect();
                    (scope, actions)
                })
                .collect(),
        })
    }

    /// `config.toml` in the user's config directory (e.g.
    /// `~/.config/doorstep/config.toml` on Linux), if a home is known.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "doorstep")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }
}

/// Reads a file; `Ok(None)` if it does not exist, so callers decide
/// whether absence is an error.
fn read(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}
