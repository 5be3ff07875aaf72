//! The session store and transcripts. Every session is written as it goes to the SQLite store ([`db`]), each
//! answer committed before it is scored, and exported as a JSON transcript after every answer so that nothing
//! typed is lost.
pub mod db;

use crate::engine::{QuestionRecord, Session};
use crate::report::summary::Summary;
use anyhow::{Context, Result};
use db::{SessionInfo, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

#[derive(Serialize)]
struct Transcript<'a> {
    version: u32,
    id: &'a str,
    started_at: String,
    updated_at: String,
    mode: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidate: Option<&'a str>,
    scorer: &'a str,
    seed: u64,
    status: &'a str,
    questions: &'a [QuestionRecord],
    summary: Summary,
}

/// Writes one session's transcript to `<data dir>/sessions/<id>.json`, and to the store when it has one.
pub struct TranscriptWriter {
    info: SessionInfo,
    path: PathBuf,
    store: Option<Store>,
}

impl TranscriptWriter {
    pub fn create(data_dir: &Path, scorer: &str, seed: u64) -> Result<TranscriptWriter> {
        TranscriptWriter::create_for(data_dir, None, scorer, seed)
    }

    /// A writer for a practice session, or for a run of the screen with these `rules`.
    pub fn create_for(
        data_dir: &Path,
        rules: Option<crate::screen::ScreenRules>,
        scorer: &str,
        seed: u64,
    ) -> Result<TranscriptWriter> {
        let dir = data_dir.join("sessions");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let started_at = SystemTime::now();
        let mode = if rules.is_some() { "screen" } else { "practice" };
        let id = unique_id(started_at, mode, |id| dir.join(format!("{id}.json")).exists());
        let path = dir.join(format!("{id}.json"));
        let info = SessionInfo {
            id,
            mode: mode.to_string(),
            candidate: None,
            screen: rules.as_ref().map(|r| r.title.clone()),
            scorer: scorer.to_string(),
            seed,
            bank_dirs: Vec::new(),
            started_at,
            rules,
        };
        Ok(TranscriptWriter { info, path, store: None })
    }

    /// Records the session in `store` too, from now on, with the candidate's name and the bank directories the
    /// questions came from.
    pub fn with_store(
        mut self,
        store: Store,
        candidate: Option<String>,
        bank_dirs: Vec<PathBuf>,
        session: &Session,
    ) -> Result<TranscriptWriter> {
        let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let taken = |id: &str| dir.join(format!("{id}.json")).exists() || store.exists(id).unwrap_or(false);
        if taken(&self.info.id) {
            self.info.id = unique_id(self.info.started_at, &self.info.mode, taken);
            self.path = dir.join(format!("{}.json", self.info.id));
        }
        self.info.candidate = candidate;
        self.info.bank_dirs = bank_dirs;
        store.create(&self.info, session)?;
        self.store = Some(store);
        Ok(self)
    }

    /// A writer for a stored session being resumed: the same id, transcript file and store row.
    pub fn reopen(data_dir: &Path, store: Store, info: SessionInfo) -> Result<TranscriptWriter> {
        let dir = data_dir.join("sessions");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("{}.json", info.id));
        Ok(TranscriptWriter { info, path, store: Some(store) })
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves the session as it is now: one transaction in the store, then the transcript atomically (a temporary
    /// file renamed over it).
    pub fn save(&self, session: &Session) -> Result<()> {
        if let Some(store) = &self.store {
            store.save(&self.info.id, session)?;
        }
        let status = if session.is_finished() { "finished" } else { "in_progress" };
        let transcript = Transcript {
            version: 1,
            id: &self.info.id,
            started_at: humantime::format_rfc3339_seconds(self.info.started_at).to_string(),
            updated_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            mode: &self.info.mode,
            candidate: self.info.candidate.as_deref(),
            scorer: &self.info.scorer,
            seed: self.info.seed,
            status,
            questions: session.records(),
            summary: Summary::of(session.records()),
        };
        let json = serde_json::to_string_pretty(&transcript).context("cannot encode the transcript")?;
        let temporary = self.path.with_extension("json.tmp");
        std::fs::write(&temporary, json).with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, &self.path).with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// `<start time>-<mode>`, with `-2`, `-3`... added while `taken` says the id is in use.
fn unique_id(started_at: SystemTime, mode: &str, taken: impl Fn(&str) -> bool) -> String {
    let stamp = humantime::format_rfc3339_seconds(started_at).to_string().replace(':', "");
    let base = format!("{}-{mode}", stamp.trim_end_matches('Z'));
    let mut id = base.clone();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}
