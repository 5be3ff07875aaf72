//! Command-line parsing and the subcommands.
mod bank;
mod compare;
mod doctor;
mod eval;
mod history;
mod practice;
mod report;
mod resume;
mod score;
mod scorer;
mod screen;
mod sessions;
mod verify;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "interviewer", version, about = "Mock interviewer for senior Python developer interviews")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Hold a practice interview in the terminal (offline by default: no API key, no network)
    Practice(practice::Args),
    /// Score one answer to a bank question
    Score(score::Args),
    /// Measure a scorer against human-graded answers (JSONL, see docs/eval-format.md)
    Eval(eval::Args),
    /// List, show and lint the question bank
    #[command(subcommand)]
    Bank(bank::Command),
    /// Check a recruiter's screen file, or run it for a candidate
    #[command(subcommand)]
    Screen(screen::Command),
    /// List the stored sessions: date, mode, candidate, questions, band average, status
    Sessions(sessions::Args),
    /// Progress per topic across practice sessions, and the topics due for review
    History(history::Args),
    /// Candidates side by side, per question and per topic
    Compare(compare::Args),
    /// Continue an interrupted session where it stopped
    Resume(resume::Args),
    /// Export a stored session's report as Markdown, HTML or JSON (signed when report.hmac_key is set)
    Report(report::Args),
    /// Check whether an exported report was altered since export
    Verify(verify::Args),
    /// Show the resolved configuration and check the LLM endpoint with one cheap request
    Doctor(doctor::Args),
}

/// Options shared by commands that read the bank.
#[derive(clap::Args, Clone, Default)]
pub struct BankArgs {
    /// A directory of extra questions (TOML) that add to or replace built-in ones by id
    #[arg(long = "bank", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

impl BankArgs {
    pub fn load(&self) -> anyhow::Result<interviewer::bank::Bank> {
        interviewer::bank::Bank::load(&self.dirs)
    }
}

pub fn run() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Practice(args) => practice::run(args),
        Command::Score(args) => score::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Bank(command) => bank::run(command),
        Command::Doctor(args) => doctor::run(args),
        Command::Screen(command) => screen::run(command),
        Command::Sessions(args) => sessions::run(args),
        Command::Resume(args) => resume::run(args),
        Command::History(args) => history::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Report(args) => report::run(args),
        Command::Verify(args) => verify::run(args),
    }
}
