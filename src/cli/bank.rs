//! `interviewer bank list|show|lint`.
use super::BankArgs;
use anyhow::Result;
use interviewer::bank::{self, Bank};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// List the questions
    List {
        /// Only this topic
        #[arg(long)]
        topic: Option<String>,
        /// An array of {id, prompt, aliases, topic, level}
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        bank: BankArgs,
    },
    /// Show one question with its points, pitfalls and follow-ups
    Show {
        id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        bank: BankArgs,
    },
    /// Check a bank directory (the built-in bank when none is given); exits 1 when there are errors
    Lint { dir: Option<PathBuf> },
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    prompt: &'a str,
    aliases: &'a [String],
    topic: &'a str,
    level: bank::Level,
}

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::List { topic, json, bank } => {
            let bank = bank.load()?;
            if let Some(topic) = &topic {
                if !bank.topics().contains(&topic.as_str()) {
                    anyhow::bail!("unknown topic `{topic}`; topics are: {}", bank.topics().join(", "));
                }
            }
            let questions: Vec<_> =
                bank.questions().iter().filter(|q| topic.as_ref().is_none_or(|t| &q.topic == t)).collect();
            if json {
                let listed: Vec<Listed> = questions
                    .iter()
                    .map(|q| Listed {
                        id: q.id.as_str(),
                        prompt: &q.prompt,
                        aliases: &q.aliases,
                        topic: &q.topic,
                        level: q.level,
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&listed)?);
            } else {
                for q in questions {
                    println!("{:<30} {:<14} {:<7} {}", q.id, q.topic, q.level, q.prompt);
                }
            }
        }
        Command::Show { id, json, bank } => {
            let bank = bank.load()?;
            let question = bank.require(&id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(question.as_ref())?);
            } else {
                print!("{}", show(question));
            }
        }
        Command::Lint { dir } => {
            let files = match &dir {
                Some(dir) => bank::read_dir(dir)?,
                None => bank::builtin_files(),
            };
            let count = files.len();
            let report = Bank::lint(files);
            for diagnostic in &report.diagnostics {
                println!("{diagnostic}");
            }
            let errors = report.errors().count();
            let warnings = report.diagnostics.len() - errors;
            eprintln!("{count} file(s) checked: {errors} error(s), {warnings} warning(s)");
            if count == 0 {
                anyhow::bail!("no .toml question files found");
            }
            return Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(q: &bank::Question) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {})\n{}\n", q.id, q.topic, q.level, q.prompt);
    for alias in &q.aliases {
        let _ = writeln!(out, "  also asked as: {alias}");
    }
    let _ = writeln!(out, "\nPoints:");
    for p in &q.points {
        let _ = writeln!(out, "  [{}] {} (importance {})\n      {}", p.id, p.assesses, p.importance, p.expected);
    }
    if !q.pitfalls.is_empty() {
        let _ = writeln!(out, "Pitfalls:");
        for p in &q.pitfalls {
            let _ = writeln!(out, "  [{}] {}", p.id, p.description);
        }
    }
    if !q.followups.is_empty() {
        let _ = writeln!(out, "Follow-ups:");
        for f in &q.followups {
            let probes: Vec<&str> = f.probes.iter().map(|p| p.as_str()).collect();
            let _ = writeln!(out, "  {} (probes {})", f.ask, probes.join(", "));
        }
    }
    let _ = writeln!(out, "\nStandard answer:\n{}", q.standard_answer);
    let _ = writeln!(out, "\nSources: {}", q.sources.join("; "));
    out
}
