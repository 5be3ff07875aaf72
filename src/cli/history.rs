//! `interviewer history`: progress per topic across practice sessions, and the topics due for review.
use anyhow::Result;
use interviewer::report::progress;
use interviewer::store::db::{Filter, Store};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Only this topic
    #[arg(long)]
    topic: Option<String>,
    /// Only this candidate's sessions
    #[arg(long)]
    candidate: Option<String>,
    /// JSON instead of a table
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open(&interviewer::config::data_dir()?)?;
    let stored = store.load_all(&Filter { candidate: args.candidate, screen: None })?;
    let mut rows = progress::practice_history(&stored);
    if let Some(topic) = &args.topic {
        rows.retain(|row| &row.topic == topic);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", progress::history_text(&rows));
    }
    Ok(ExitCode::SUCCESS)
}
