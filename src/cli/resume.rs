//! `interviewer resume [SESSION]`: continues an interrupted session from the store where it stopped.
use anyhow::{bail, Context, Result};
use interviewer::bank::Bank;
use interviewer::engine::Session;
use interviewer::repl::conversation::CandidateMode;
use interviewer::report::render::Style;
use interviewer::store::db::{Status, Store};
use interviewer::store::TranscriptWriter;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The session id (see `interviewer sessions`) [default: the latest interrupted session]
    session: Option<String>,
    /// Run without a terminal: one answer per prompt, separated by lines holding only `---`
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    #[command(flatten)]
    scorer: super::scorer::ScorerArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let data_dir = interviewer::config::data_dir()?;
    let store = Store::open(&data_dir)?;
    let id = match args.session {
        Some(id) => id,
        None => store
            .latest_interrupted()?
            .context("no interrupted session to resume; `interviewer sessions` lists them")?,
    };
    let stored = store.get(&id)?;
    if stored.row.status == Status::Finished {
        bail!("session {id} is finished: nothing to resume (`interviewer report {id}` shows it)");
    }
    let session = restore(&stored)?;
    let settings = args.scorer.load()?.settings;
    let scorer = super::scorer::build(&settings, args.answers.is_none())?;
    let style = Style::detect(std::io::stdout().is_terminal());
    let position = match session.current() {
        Some(ask) => format!("question {}/{}", ask.number, ask.total),
        None => "the answer awaiting its score".to_string(),
    };
    writeln!(
        std::io::stdout(),
        "{}",
        style.bold(&format!("interviewer · resuming {id} at {position} · {}", settings.describe()))
    )?;
    let candidate = stored.row.info.rules.as_ref().map(|rules| CandidateMode {
        show_feedback: rules.show_feedback,
        seconds_per_question: rules.seconds_per_question,
    });
    let writer = TranscriptWriter::reopen(&data_dir, store, stored.row.info)?;
    super::practice::converse(session, scorer.as_ref(), &writer, style, args.answers.as_deref(), candidate)?;
    Ok(ExitCode::SUCCESS)
}

/// The stored session rebuilt with its questions from the bank it was drawn from.
pub(super) fn restore(stored: &interviewer::store::db::StoredSession) -> Result<Session> {
    let info = &stored.row.info;
    let bank = Bank::load(&info.bank_dirs)?;
    Session::restore(stored.snapshot.clone(), |id| bank.get(id.as_str()).cloned())
        .with_context(|| format!("cannot restore session {}", info.id))
}
