//! `interviewer compare SESSION SESSION...`: candidates side by side, per question and per topic.
use anyhow::{Context, Result};
use interviewer::report::progress::{self, SessionResults};
use interviewer::store::db::Store;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The sessions to compare (see `interviewer sessions`)
    #[arg(required = true, num_args = 2..)]
    sessions: Vec<String>,
    /// Also write the comparison as a self-contained HTML page
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open(&interviewer::config::data_dir()?)?;
    let stored = args.sessions.iter().map(|id| store.get(id)).collect::<Result<Vec<_>>>()?;
    let sessions: Vec<SessionResults<'_>> = stored
        .iter()
        .map(|s| SessionResults::of(s, s.row.info.candidate.clone().unwrap_or_else(|| s.row.info.id.clone())))
        .collect();
    let comparison = progress::compare(&sessions);
    print!("{}", progress::compare_text(&comparison));
    if let Some(path) = &args.html {
        std::fs::write(path, progress::compare_html(&comparison))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Comparison written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
