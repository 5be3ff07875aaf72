//! Where the program keeps its files, and its configuration.
//!
//! Configuration comes in layers of [`RawConfig`] (every field optional): the config file, the environment and
//! the command-line flags, merged with that precedence (flags > environment > file > defaults), then validated
//! once into [`Settings`], which the rest of the code trusts. `INTERVIEWER_HOME` overrides the platform
//! directories (tests use it).
mod raw;
mod settings;

pub use raw::{Price, RawConfig, RawLlm, RawReport, ENV_KEYS};
pub use settings::{
    mask as mask_key, ConfigError, LlmSettings, OutputMode, ReportKey, ScorerChoice, Settings, DEFAULT_BASE_URL,
};

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The data directory: `$INTERVIEWER_HOME`, else the platform data directory (XDG on Linux) + `interviewer`.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(home) = home() {
        return Ok(home);
    }
    let base = dirs::data_dir().context("cannot find a data directory; set INTERVIEWER_HOME")?;
    Ok(base.join("interviewer"))
}

/// The REPL's line-history file.
pub fn history_file() -> Result<PathBuf> {
    Ok(data_dir()?.join("history.txt"))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("INTERVIEWER_HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// The config file read when no `--config` is given: `$INTERVIEWER_HOME/config.toml`, else the platform config
/// directory + `interviewer/config.toml`.
pub fn default_config_file() -> Option<PathBuf> {
    match home() {
        Some(home) => Some(home.join("config.toml")),
        None => dirs::config_dir().map(|dir| dir.join("interviewer").join("config.toml")),
    }
}

/// The layers that made the settings, kept for `interviewer doctor`.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
}

/// Reads the config file (`explicit`, else the default one when it exists), the process environment and the
/// `flags` layer, and resolves them into [`Settings`].
pub fn load(explicit: Option<&Path>, flags: RawConfig) -> Result<Loaded> {
    let (file_layer, file) = match explicit {
        Some(path) => (RawConfig::from_file(path)?, Some(path.to_path_buf())),
        None => match default_config_file().filter(|path| path.is_file()) {
            Some(path) => (RawConfig::from_file(&path)?, Some(path)),
            None => (RawConfig::default(), None),
        },
    };
    let env_layer = RawConfig::from_env(|key| std::env::var(key).ok()).context("invalid environment variable")?;
    let merged = file_layer.merge(env_layer).merge(flags);
    let settings = Settings::resolve(merged).with_context(|| match &file {
        Some(path) => format!("invalid configuration (file {}, environment, flags)", path.display()),
        None => "invalid configuration (environment, flags)".to_string(),
    })?;
    Ok(Loaded { settings, file })
}
