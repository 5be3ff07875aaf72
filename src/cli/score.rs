//! `interviewer score`: score one answer, from a file or standard input.
use super::BankArgs;
use anyhow::{Context, Result};
use interviewer::report::render::{self, Style};
use interviewer::scoring::Request;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The bank question's id
    #[arg(long)]
    question: String,
    /// The answer's file (standard input when absent)
    #[arg(long, value_name = "FILE")]
    answer_file: Option<PathBuf>,
    /// Print the scoring contract as one JSON object
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    bank: BankArgs,
    #[command(flatten)]
    scorer: super::scorer::ScorerArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bank = args.bank.load()?;
    let question = bank.require(&args.question)?;
    let (bytes, source) = match &args.answer_file {
        Some(path) => (
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
            path.display().to_string(),
        ),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
            (bytes, "standard input".to_string())
        }
    };
    let answer = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{source} is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })?;
    let settings = args.scorer.load()?.settings;
    let scorer = super::scorer::build(&settings, true)?;
    if let Some(warning) = interviewer::scoring::truncation_warning(&answer) {
        eprintln!("{warning}");
    }
    let answer = interviewer::scoring::scored_part(&answer);
    let scoring = scorer.score(&Request { question, answer, focus: None });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scoring)?);
    } else {
        print!("{}", render::feedback(Style::detect(std::io::stdout().is_terminal()), question, &scoring, &[]));
    }
    Ok(ExitCode::SUCCESS)
}
