//! `interviewer report SESSION`: one stored session as a Markdown, HTML or JSON report, signed when a report key
//! is configured.
use anyhow::{Context, Result};
use interviewer::report::document::{Report, SessionHeader};
use interviewer::report::sign::{self, Carrier};
use interviewer::report::{html, markdown};
use interviewer::store::db::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The session id (see `interviewer sessions`)
    session: String,
    /// md, html or json [default: from the -o file's extension, else md]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Config file, for `report.hmac_key` [default: interviewer/config.toml in the platform config directory]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" => Some(Format::Html),
        "json" => Some(Format::Json),
        "md" | "markdown" => Some(Format::Md),
        _ => None,
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let settings = interviewer::config::load(args.config.as_deref(), Default::default())?.settings;
    let store = Store::open(&interviewer::config::data_dir()?)?;
    let stored = store.get(&args.session)?;
    let session = super::resume::restore(&stored)?;
    let info = &stored.row.info;
    let header = SessionHeader {
        id: info.id.clone(),
        mode: info.mode.clone(),
        candidate: info.candidate.clone(),
        started_at: humantime::format_rfc3339_seconds(info.started_at).to_string(),
        status: stored.row.status.as_str().to_string(),
        scorer: info.scorer.clone(),
        pass_mark: info.rules.as_ref().map(|rules| rules.pass_mark),
    };
    let report = Report::build(header, session.records());
    let format = args.format.or_else(|| args.output.as_deref().and_then(format_of)).unwrap_or(Format::Md);
    let (text, carrier) = match format {
        Format::Md => (markdown::render(&report), Carrier::Comment),
        Format::Html => (html::render(&report), Carrier::Comment),
        Format::Json => {
            (serde_json::to_string_pretty(&report).context("cannot encode the report")?, Carrier::JsonField)
        }
    };
    let text = match &settings.report_key {
        Some(key) => sign::sign(&text, carrier, &key.0),
        None => {
            eprintln!("note: the report is not signed; set report.hmac_key in the config to make it tamper-evident");
            if text.ends_with('\n') {
                text
            } else {
                format!("{text}\n")
            }
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Report written to {}", path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
