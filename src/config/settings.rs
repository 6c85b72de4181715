//! The station override file (`config.toml`): top-level settings plus
//! `[sets.*]` category overrides in the shipped file's shape.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::categories::{ConfigError, RawSet};
use crate::lang::Lang;

/// Station code used when the override file names none.
pub const DEFAULT_STATION_CODE: &str = "XC";

/// Longest station code; it prefixes every issue number (XC-2026-0042),
/// so it is kept short enough for narrow table columns.
const MAX_STATION_CODE_LEN: usize = 8;

/// The override file as written. Unknown keys are refused so a typo such
/// as `staton_code` is reported instead of silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OverrideFile {
    pub lang: Option<Lang>,
    pub station_code: Option<String>,
    #[serde(default)]
    pub database: DatabaseSettings,
    #[serde(default)]
    pub sets: BTreeMap<String, RawSet>,
    /// `[keys.<scope>] action = "key"` or `["key", "key"]`.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, OneOrMany>>,
}

/// A key binding value: one key or a list of keys.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The `[database]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatabaseSettings {
    /// Create database files group-writable (0660) for a shared server.
    #[serde(default)]
    pub shared: bool,
}

/// Checks a station code: 1 to 8 ASCII letters or digits, kept as written.
pub fn validate_station_code(code: &str, origin: &Path) -> Result<(), ConfigError> {
    let valid = !code.is_empty()
        && code.len() <= MAX_STATION_CODE_LEN
        && code.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(ConfigError::BadStationCode {
            path: origin.to_path_buf(),
            code: code.to_string(),
        })
    }
}
