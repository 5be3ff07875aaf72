//! `interviewer sessions`: the stored sessions, as a table or JSON.
use anyhow::Result;
use interviewer::store::db::{Filter, SessionRow, Store};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Only this candidate's sessions
    #[arg(long)]
    candidate: Option<String>,
    /// Only sessions of this screen
    #[arg(long)]
    screen: Option<String>,
    /// One JSON array instead of a table
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open(&interviewer::config::data_dir()?)?;
    let rows = store.list(&Filter { candidate: args.candidate, screen: args.screen })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
    } else {
        write!(out, "{}", table(&rows))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn table(rows: &[SessionRow]) -> String {
    if rows.is_empty() {
        return "No sessions yet: `interviewer practice` starts one.\n".to_string();
    }
    let mut out = format!(
        "{:<34} {:<20} {:<9} {:<16} {:>9} {:>6}  {}\n",
        "session", "date", "mode", "candidate", "questions", "band", "status"
    );
    for row in rows {
        let date = humantime::format_rfc3339_seconds(row.info.started_at).to_string().replace('T', " ");
        let band = row.mean_band.map_or("-".to_string(), |b| format!("{b:.1}"));
        out.push_str(&format!(
            "{:<34} {:<20} {:<9} {:<16} {:>9} {:>6}  {}\n",
            row.info.id,
            date.trim_end_matches('Z'),
            row.info.mode,
            row.info.candidate.as_deref().unwrap_or("-"),
            format!("{}/{}", row.answered, row.questions),
            band,
            row.status.as_str()
        ));
    }
    out
}
