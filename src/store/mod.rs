//! The session transcript: every question, answer, score, follow-up, hint and timing, saved as JSON after every
//! answer so that nothing typed is lost.
use crate::engine::{QuestionRecord, Session};
use crate::report::summary::Summary;
use anyhow::{Context, Result};
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
    scorer: &'a str,
    seed: u64,
    status: &'a str,
    questions: &'a [QuestionRecord],
    summary: Summary,
}

/// Writes one session's transcript to `<data dir>/sessions/<id>.json`.
pub struct TranscriptWriter {
    id: String,
    path: PathBuf,
    started_at: SystemTime,
    scorer: String,
    seed: u64,
}

impl TranscriptWriter {
    pub fn create(data_dir: &Path, scorer: &str, seed: u64) -> Result<TranscriptWriter> {
        let dir = data_dir.join("sessions");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let started_at = SystemTime::now();
        let stamp = humantime::format_rfc3339_seconds(started_at).to_string().replace(':', "");
        let mut id = format!("{}-practice", stamp.trim_end_matches('Z'));
        let mut n = 1;
        while dir.join(format!("{id}.json")).exists() {
            n += 1;
            id = format!("{}-practice-{n}", stamp.trim_end_matches('Z'));
        }
        let path = dir.join(format!("{id}.json"));
        Ok(TranscriptWriter { id, path, started_at, scorer: scorer.to_string(), seed })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves the session as it is now, atomically (a temporary file renamed over the transcript).
    pub fn save(&self, session: &Session) -> Result<()> {
        let status = if session.is_finished() { "finished" } else { "in_progress" };
        let transcript = Transcript {
            version: 1,
            id: &self.id,
            started_at: humantime::format_rfc3339_seconds(self.started_at).to_string(),
            updated_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            mode: "practice",
            scorer: &self.scorer,
            seed: self.seed,
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
