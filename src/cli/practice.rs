//! `interviewer practice`: a practice interview in the terminal, or scripted with `--answers FILE`.
use super::BankArgs;
use anyhow::{bail, Result};
use interviewer::bank::Level;
use interviewer::engine::{select, Session};
use interviewer::repl::conversation::{CandidateMode, Conversation, LineSource};
use interviewer::repl::{script::Script, terminal};
use interviewer::report::progress;
use interviewer::report::render::Style;
use interviewer::scoring::Scorer;
use interviewer::store::db::Store;
use interviewer::store::TranscriptWriter;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Only these topics (repeat for several); see `interviewer bank list`
    #[arg(long = "topic", value_name = "TOPIC")]
    topics: Vec<String>,
    /// Only questions of this level: junior, mid or senior
    #[arg(long, value_parser = parse_level)]
    level: Option<Level>,
    /// How many questions
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    questions: u16,
    /// Seed for the question order (the same seed gives the same session)
    #[arg(long)]
    seed: Option<u64>,
    /// Follow-up questions at most per question
    #[arg(long, default_value_t = 2)]
    max_followups: usize,
    /// Run without a terminal: one answer per prompt, separated by lines holding only `---`
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Draw from the topics due for review (see `interviewer history`) instead of --topic
    #[arg(long, conflicts_with = "topics")]
    review: bool,
    /// The candidate's name, recorded with the session (`interviewer sessions --candidate` filters on it)
    #[arg(long)]
    candidate: Option<String>,
    #[command(flatten)]
    bank: BankArgs,
    #[command(flatten)]
    scorer: super::scorer::ScorerArgs,
}

fn parse_level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| format!("unknown level `{text}`: use junior, mid or senior"))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bank = args.bank.load()?;
    let seed = args.seed.unwrap_or_else(time_seed);
    let topics = if args.review { due_topics(args.candidate.as_deref())? } else { args.topics.clone() };
    let questions = select::select(
        &bank,
        &select::Selection { topics, level: args.level, count: args.questions.into(), seed, ids: Vec::new() },
    )?;
    let settings = args.scorer.load()?.settings;
    let scorer = super::scorer::build(&settings, args.answers.is_none())?;
    let data_dir = interviewer::config::data_dir()?;
    let session = Session::new(questions, args.max_followups);
    let store = Store::open(&data_dir)?;
    let writer = TranscriptWriter::create(&data_dir, settings.scorer.as_str(), seed)?.with_store(
        store,
        args.candidate.clone(),
        args.bank.dirs.iter().map(|dir| std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone())).collect(),
        &session,
    )?;
    let style = Style::detect(std::io::stdout().is_terminal());
    let total = session.records().len();

    let mut stdout = std::io::stdout();
    writeln!(
        stdout,
        "{}",
        style.bold(&format!("interviewer · practice · {total} question(s) · {} · seed {seed}", settings.describe()))
    )?;
    converse(session, scorer.as_ref(), &writer, style, args.answers.as_deref(), None)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the conversation from scripted answers in `answers`, else from the terminal.
pub(super) fn converse(
    session: Session,
    scorer: &dyn Scorer,
    writer: &TranscriptWriter,
    style: Style,
    answers: Option<&Path>,
    candidate: Option<CandidateMode>,
) -> Result<()> {
    let mut stdout = std::io::stdout();
    let mut echo = std::io::stdout();
    let mut source: Box<dyn LineSource> = match answers {
        Some(path) => Box::new(Script::load(path, &mut echo)?),
        None => {
            if !std::io::stdin().is_terminal() {
                bail!("standard input is not a terminal: run in a terminal, or pass --answers FILE");
            }
            writeln!(stdout, "{}", terminal::USAGE)?;
            let history = interviewer::config::history_file().ok();
            if let Some(parent) = history.as_ref().and_then(|h| h.parent()) {
                let _ = std::fs::create_dir_all(parent);
            }
            Box::new(terminal::Terminal::new(history)?)
        }
    };
    let mut out = std::io::stdout();
    let mut conversation = Conversation { session, candidate, scorer, writer, style, out: &mut out };
    conversation.run(source.as_mut())
}

/// Up to three topics due for review in the stored practice history (weakest, then least recently practised).
fn due_topics(candidate: Option<&str>) -> Result<Vec<String>> {
    let store = Store::open(&interviewer::config::data_dir()?)?;
    let filter = interviewer::store::db::Filter { candidate: candidate.map(str::to_string), screen: None };
    let stored = store.load_all(&filter)?;
    let due: Vec<String> = progress::practice_history(&stored)
        .into_iter()
        .filter(|t| t.latest_band < 3.0)
        .take(3)
        .map(|t| t.topic)
        .collect();
    if due.is_empty() {
        bail!("no topic is due for review (`interviewer history` shows the progress); practise by --topic instead");
    }
    Ok(due)
}

pub(super) fn time_seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    now.as_secs() % 100_000
}
