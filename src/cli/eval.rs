//! `interviewer eval`: score graded answers and report how well the scorer agrees with the human grades.
use super::BankArgs;
use anyhow::{Context, Result};
use interviewer::config::ScorerChoice;
use interviewer::eval::{self, render, Report};
use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(clap::Args)]
pub struct Args {
    /// Graded answers, one JSON object per line (see docs/eval-format.md)
    #[arg(value_name = "CASES.jsonl")]
    cases: PathBuf,
    /// The scorer to measure (offline unless --scorer says otherwise), with --config and --model
    #[command(flatten)]
    scorer: super::scorer::ScorerArgs,
    /// Also write our grade for every case, one JSON object per line: {"id", "band", "score", "grade", "grade_max"}
    #[arg(long, value_name = "OUT.jsonl")]
    predictions: Option<PathBuf>,
    /// Print one JSON object with every figure instead of the report
    #[arg(long)]
    json: bool,
    /// How many answers are scored at once
    #[arg(long, value_name = "N", default_value = "4")]
    concurrency: NonZeroUsize,
    /// Grade the cases by another grader: one JSON object per line, {"id", "grade"}, on each case's grade_max
    #[arg(long, value_name = "GRADES.jsonl")]
    grades: Option<PathBuf>,
    /// Only the cases of this split (repeat for several)
    #[arg(long = "split", value_name = "NAME")]
    splits: Vec<String>,
    #[command(flatten)]
    bank: BankArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let name = args.cases.display().to_string();
    let text = std::fs::read_to_string(&args.cases).with_context(|| format!("cannot read the cases file {name}"))?;
    let bank = args.bank.load()?;
    let mut settings = args.scorer.load()?.settings;
    if args.scorer.scorer.is_none() {
        settings.scorer = ScorerChoice::Offline;
    }
    let scorer = super::scorer::build(&settings, false)?;

    let parsed = eval::case::parse(&text).with_context(|| format!("cannot evaluate {name}"))?;
    let mut skipped = parsed.skipped;
    let mut cases = parsed.cases;
    if let Some(path) = &args.grades {
        let grades = path.display();
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the grades file {grades}"))?;
        eval::regrade::apply(&mut cases, &text).with_context(|| format!("in the grades file {grades}"))?;
    }
    let cases = eval::select_splits(cases, &args.splits).with_context(|| format!("in {name}"))?;
    let cases = eval::resolve_all(&bank, cases, &mut skipped).with_context(|| format!("in {name}"))?;
    for line in &skipped {
        eprintln!("{name}:{}: skipped: {}", line.line, line.message);
    }

    let progress = Progress::new(cases.len(), std::io::stderr().is_terminal());
    let scored = eval::score_all(&cases, scorer.as_ref(), args.concurrency.get(), &|done| progress.show(done));
    progress.finish();

    if let Some(path) = &args.predictions {
        write_predictions(path, &eval::predictions(&cases, &scored))?;
    }
    let report = Report::new(scorer.kind(), &cases, &scored, skipped);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", render::text(&report, &name))?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_predictions(path: &std::path::Path, predictions: &[eval::Prediction]) -> Result<()> {
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for prediction in predictions {
            serde_json::to_writer(&mut out, prediction)?;
            writeln!(out)?;
        }
        out.flush()
    };
    write().with_context(|| format!("cannot write the predictions file {}", path.display()))
}

/// A one-line counter on standard error, redrawn at each whole percent; silent when stderr is not a terminal.
struct Progress {
    total: usize,
    enabled: bool,
    shown: AtomicUsize,
}

impl Progress {
    fn new(total: usize, enabled: bool) -> Self {
        Progress { total, enabled, shown: AtomicUsize::new(usize::MAX) }
    }

    fn show(&self, done: usize) {
        if !self.enabled {
            return;
        }
        let percent = done * 100 / self.total.max(1);
        if self.shown.swap(percent, Ordering::Relaxed) != percent {
            eprint!("\rscoring {done}/{} ({percent}%)", self.total);
        }
    }

    fn finish(&self) {
        if self.enabled {
            eprint!("\r\x1b[K");
        }
    }
}
