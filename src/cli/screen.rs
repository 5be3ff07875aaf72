//! `interviewer screen check|run`: validating a recruiter's screen, and running it for a candidate.
use super::BankArgs;
use anyhow::{Context, Result};
use interviewer::engine::Session;
use interviewer::repl::conversation::CandidateMode;
use interviewer::report::render::Style;
use interviewer::screen::{self, Screen};
use interviewer::store::db::Store;
use interviewer::store::TranscriptWriter;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Validate a screen file: unknown ids, impossible draws and bad values, as file:line:column errors
    Check {
        /// The screen (TOML, see docs/screens.md)
        screen: PathBuf,
        #[command(flatten)]
        bank: BankArgs,
    },
    /// Run a screen for a candidate: no scores or model answers shown, /hint and /answer off
    Run(RunArgs),
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The screen (TOML, see docs/screens.md)
    screen: PathBuf,
    /// The candidate's name, recorded with the session
    #[arg(long)]
    candidate: String,
    /// Run without a terminal: one answer per prompt, separated by lines holding only `---`
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Seed for the draws [default: from the clock]
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    bank: BankArgs,
    #[command(flatten)]
    scorer: super::scorer::ScorerArgs,
}

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Check { screen, bank } => {
            let bank = bank.load()?;
            match load(&screen, &bank)? {
                Ok(checked) => {
                    println!(
                        "{}: ok: \"{}\", {} question entries",
                        screen.display(),
                        checked.rules.title,
                        checked.items.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("{error}");
                    }
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Run(args) => run_screen(args),
    }
}

/// The screen in `path`, or its problems.
fn load(path: &Path, bank: &interviewer::bank::Bank) -> Result<Result<Screen, Vec<interviewer::bank::Diagnostic>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read screen {}", path.display()))?;
    Ok(screen::check(&path.display().to_string(), &text, bank))
}

fn run_screen(args: RunArgs) -> Result<ExitCode> {
    let bank = args.bank.load()?;
    let screen = match load(&args.screen, &bank)? {
        Ok(screen) => screen,
        Err(errors) => {
            for error in errors {
                eprintln!("{error}");
            }
            anyhow::bail!("the screen {} is not valid (see above)", args.screen.display());
        }
    };
    let seed = args.seed.unwrap_or_else(super::practice::time_seed);
    let questions = screen.draw(&bank, seed)?;
    let scorer_args = super::scorer::ScorerArgs { scorer: args.scorer.scorer.or(screen.scorer), ..args.scorer.clone() };
    let settings = scorer_args.load()?.settings;
    let scorer = super::scorer::build(&settings, args.answers.is_none())?;
    let data_dir = interviewer::config::data_dir()?;
    let session = Session::new(questions, screen.max_followups);
    let writer = TranscriptWriter::create_for(&data_dir, Some(screen.rules.clone()), settings.scorer.as_str(), seed)?
        .with_store(
        Store::open(&data_dir)?,
        Some(args.candidate.clone()),
        args.bank.dirs.iter().map(|dir| std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone())).collect(),
        &session,
    )?;
    let style = Style::detect(std::io::stdout().is_terminal());
    let mut out = std::io::stdout();
    writeln!(out, "{}", style.bold(&introduction(&screen, &args.candidate, session.records().len())))?;
    let candidate = CandidateMode {
        show_feedback: screen.rules.show_feedback,
        seconds_per_question: screen.rules.seconds_per_question,
    };
    super::practice::converse(session, scorer.as_ref(), &writer, style, args.answers.as_deref(), Some(candidate))?;
    Ok(ExitCode::SUCCESS)
}

fn introduction(screen: &Screen, candidate: &str, total: usize) -> String {
    let mut text = format!("{} · {candidate}\n", screen.rules.title);
    if let Some(role) = &screen.role {
        text.push_str(&format!("Role: {role}\n"));
    }
    text.push_str(&format!(
        "{total} question(s). Answer in your own words; there may be follow-up questions. /skip moves on, /quit \
         saves and stops (the screen can be continued later).\n"
    ));
    if let Some(seconds) = screen.rules.seconds_per_question {
        text.push_str(&format!(
            "Take about {} minute(s) per question; the time taken is recorded.\n",
            seconds.div_ceil(60)
        ));
    }
    if !screen.rules.show_feedback {
        text.push_str("Scores are not shown during the screen; hints and model answers are off.\n");
    }
    text
}
