//! Where the program keeps its files. `INTERVIEWER_HOME` overrides the platform directories (tests use it).
use anyhow::{Context, Result};
use std::path::PathBuf;

/// The data directory: `$INTERVIEWER_HOME`, else the platform data directory (XDG on Linux) + `interviewer`.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("INTERVIEWER_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    let base = dirs::data_dir().context("cannot find a data directory; set INTERVIEWER_HOME")?;
    Ok(base.join("interviewer"))
}

/// The REPL's line-history file.
pub fn history_file() -> Result<PathBuf> {
    Ok(data_dir()?.join("history.txt"))
}
