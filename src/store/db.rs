//! The session store: an embedded SQLite database (`interviewer.db` in the data directory) holding every session,
//! practice or screen, written as it goes. Each save is one transaction: the answers table gets every answer as
//! soon as it is submitted (before it is scored) and the session row the engine's whole state, so a session
//! killed between any two steps resumes with nothing lost.
use crate::engine::snapshot::Snapshot;
use crate::engine::{ExchangeKind, Session};
use crate::report::summary::Summary;
use crate::screen::ScreenRules;
use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The file name of the database in the data directory.
pub const DB_FILE: &str = "interviewer.db";

/// The schema migrations, in order: migration `n` (1-based) brings the database to schema version `n`, recorded
/// in SQLite's `user_version`. Add new ones at the end; never edit one that has shipped.
const MIGRATIONS: &[&str] = &[
    // 1: sessions and their answers.
    "CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        mode TEXT NOT NULL,
        candidate TEXT,
        screen TEXT,
        scorer TEXT NOT NULL,
        seed INTEGER NOT NULL,
        bank_dirs TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        questions INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        mean_band REAL,
        snapshot TEXT NOT NULL
    );
    CREATE TABLE answers (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        question_index INTEGER NOT NULL,
        exchange_index INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        prompt TEXT NOT NULL,
        answer TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        scoring TEXT,
        PRIMARY KEY (session_id, question_index, exchange_index)
    );
    CREATE INDEX sessions_by_candidate ON sessions(candidate, started_at);",
    // 2: a screen's rules (pass mark, feedback, time guidance) kept with its sessions.
    "ALTER TABLE sessions ADD COLUMN screen_rules TEXT;",
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Failures a caller branches on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no session `{0}` in the store; `interviewer sessions` lists them")]
    NotFound(String),
    #[error("the database {path} has schema version {found}, newer than this program's {SCHEMA_VERSION}: upgrade interviewer")]
    NewerSchema { path: PathBuf, found: u32 },
}

/// Finished, or not (killed, crashed, or still running).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Finished,
    Interrupted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Finished => "finished",
            Status::Interrupted => "interrupted",
        }
    }

    fn of_column(text: &str) -> Status {
        if text == "finished" {
            Status::Finished
        } else {
            Status::Interrupted
        }
    }
}

/// What identifies a session apart from its progress.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub id: String,
    /// `practice` or `screen`.
    pub mode: String,
    pub candidate: Option<String>,
    pub screen: Option<String>,
    pub scorer: String,
    pub seed: u64,
    /// The `--bank` directories the questions came from, needed to resume or report.
    pub bank_dirs: Vec<PathBuf>,
    #[serde(serialize_with = "rfc3339")]
    pub started_at: SystemTime,
    /// Set for a screen: how it is run and passed.
    pub rules: Option<ScreenRules>,
}

/// One row of `interviewer sessions`.
#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    #[serde(flatten)]
    pub info: SessionInfo,
    pub updated_at: String,
    pub status: Status,
    pub questions: usize,
    pub answered: usize,
    pub mean_band: Option<f64>,
}

/// A stored session: its identity, progress, and the engine state to restore.
pub struct StoredSession {
    pub row: SessionRow,
    pub snapshot: Snapshot,
}

fn rfc3339<S: serde::Serializer>(time: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&humantime::format_rfc3339_seconds(*time))
}

fn stamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// Which sessions to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub candidate: Option<String>,
    pub screen: Option<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating it if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
        Store::open_path(&data_dir.join(DB_FILE))
    }

    pub fn open_path(path: &Path) -> Result<Store> {
        let conn =
            Connection::open(path).with_context(|| format!("cannot open the session store {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
            .and_then(|_| conn.pragma_update(None, "foreign_keys", "ON"))
            .with_context(|| format!("cannot configure the session store {}", path.display()))?;
        let store = Store { conn, path: path.to_path_buf() };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    fn migrate(&self) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: self.path.clone(), found }.into());
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let version = index + 1;
            let tx = self.conn.unchecked_transaction()?;
            tx.execute_batch(sql)
                .with_context(|| format!("cannot migrate {} to schema {version}", self.path.display()))?;
            tx.pragma_update(None, "user_version", version as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Adds a new session.
    pub fn create(&self, info: &SessionInfo, session: &Session) -> Result<()> {
        let dirs = serde_json::to_string(&info.bank_dirs)?;
        let rules = info.rules.as_ref().map(serde_json::to_string).transpose()?;
        let snapshot = serde_json::to_string(&session.snapshot()).context("cannot encode the session")?;
        self.conn
            .execute(
                "INSERT INTO sessions (id, mode, candidate, screen, scorer, seed, bank_dirs, started_at, updated_at,
                    status, questions, answered, mean_band, snapshot, screen_rules)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 'in_progress', ?9, 0, NULL, ?10, ?11)",
                params![
                    info.id,
                    info.mode,
                    info.candidate,
                    info.screen,
                    info.scorer,
                    info.seed as i64,
                    dirs,
                    stamp(info.started_at),
                    session.records().len() as i64,
                    snapshot,
                    rules
                ],
            )
            .with_context(|| format!("cannot add session {} to {}", info.id, self.path.display()))?;
        Ok(())
    }

    /// Saves the session as it is now in one transaction: every answer (scored or not yet) and the engine state.
    pub fn save(&self, id: &str, session: &Session) -> Result<()> {
        let context = || format!("cannot save session {id} to {}", self.path.display());
        let tx = self.conn.unchecked_transaction().with_context(context)?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO answers (session_id, question_index, exchange_index, question_id, kind, prompt, answer,
                    asked_at, answered_at, scoring)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (session_id, question_index, exchange_index) DO UPDATE SET scoring = excluded.scoring",
            )?;
            for (q, record) in session.records().iter().enumerate() {
                for (e, exchange) in record.exchanges.iter().enumerate() {
                    let kind = match exchange.kind {
                        ExchangeKind::Question => "question",
                        ExchangeKind::Followup { .. } => "followup",
                    };
                    let scoring = exchange.scoring.as_ref().map(serde_json::to_string).transpose()?;
                    upsert
                        .execute(params![
                            id,
                            q as i64,
                            e as i64,
                            record.question.id.as_str(),
                            kind,
                            exchange.prompt,
                            exchange.answer,
                            stamp(exchange.asked_at),
                            stamp(exchange.answered_at),
                            scoring
                        ])
                        .with_context(context)?;
                }
            }
        }
        let summary = Summary::of(session.records());
        let status = if session.is_finished() { "finished" } else { "in_progress" };
        let snapshot = serde_json::to_string(&session.snapshot()).context("cannot encode the session")?;
        let changed = tx
            .execute(
                "UPDATE sessions SET updated_at = ?2, status = ?3, answered = ?4, mean_band = ?5, snapshot = ?6
                 WHERE id = ?1",
                params![
                    id,
                    stamp(SystemTime::now()),
                    status,
                    summary.questions.len() as i64,
                    summary.mean_band,
                    snapshot
                ],
            )
            .with_context(context)?;
        if changed == 0 {
            return Err(StoreError::NotFound(id.to_string()).into());
        }
        tx.commit().with_context(context)?;
        test_hook::after_commit();
        Ok(())
    }

    /// Sessions matching `filter`, oldest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<SessionRow>> {
        let mut statement = self.conn.prepare(
            "SELECT id, mode, candidate, screen, scorer, seed, bank_dirs, started_at, updated_at, status, questions,
                answered, mean_band, screen_rules
             FROM sessions
             WHERE (?1 IS NULL OR candidate = ?1) AND (?2 IS NULL OR screen = ?2)
             ORDER BY started_at, id",
        )?;
        let rows = statement.query_map(params![filter.candidate, filter.screen], read_row)?;
        rows.map(|row| row.map_err(anyhow::Error::from).and_then(|r| r))
            .collect::<Result<Vec<_>>>()
            .with_context(|| format!("cannot read sessions from {}", self.path.display()))
    }

    /// The session `id`, with the state to restore it.
    pub fn get(&self, id: &str) -> Result<StoredSession> {
        let found = self
            .conn
            .query_row(
                "SELECT id, mode, candidate, screen, scorer, seed, bank_dirs, started_at, updated_at, status,
                    questions, answered, mean_band, screen_rules, snapshot
                 FROM sessions WHERE id = ?1",
                params![id],
                |row| Ok((read_row(row)?, row.get::<_, String>(14)?)),
            )
            .optional()
            .with_context(|| format!("cannot read session {id} from {}", self.path.display()))?;
        let Some((row, snapshot)) = found else {
            return Err(StoreError::NotFound(id.to_string()).into());
        };
        let snapshot = serde_json::from_str(&snapshot)
            .with_context(|| format!("session {id} in {} is damaged", self.path.display()))?;
        Ok(StoredSession { row: row?, snapshot })
    }

    /// Every session matching `filter` with its state, oldest first.
    pub fn load_all(&self, filter: &Filter) -> Result<Vec<StoredSession>> {
        self.list(filter)?.iter().map(|row| self.get(&row.info.id)).collect()
    }

    /// The most recently started session that is not finished.
    pub fn latest_interrupted(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM sessions WHERE status != 'finished' ORDER BY started_at DESC, id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Whether a session with this id exists.
    pub fn exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT 1 FROM sessions WHERE id = ?1", params![id], |_| Ok(())).optional()?.is_some())
    }
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<SessionRow>> {
    let id: String = row.get(0)?;
    let dirs: String = row.get(6)?;
    let started: String = row.get(7)?;
    let seed: i64 = row.get(5)?;
    let status: String = row.get(9)?;
    let questions: i64 = row.get(10)?;
    let answered: i64 = row.get(11)?;
    let rules: Option<String> = row.get(13)?;
    let parsed = (|| -> Result<SessionRow> {
        Ok(SessionRow {
            info: SessionInfo {
                id: id.clone(),
                mode: row.get(1)?,
                candidate: row.get(2)?,
                screen: row.get(3)?,
                scorer: row.get(4)?,
                seed: seed as u64,
                bank_dirs: serde_json::from_str(&dirs).context("bank directories")?,
                started_at: humantime::parse_rfc3339_weak(&started).context("start time")?,
                rules: rules.as_deref().map(serde_json::from_str).transpose().context("screen rules")?,
            },
            updated_at: row.get(8)?,
            status: Status::of_column(&status),
            questions: questions.max(0) as usize,
            answered: answered.max(0) as usize,
            mean_band: row.get(12)?,
        })
    })()
    .with_context(|| format!("session {id} is damaged"));
    Ok(parsed)
}

/// A hook for the crash tests: with `INTERVIEWER_TEST_PAUSE_AFTER_COMMITS=N` the process stops after its N-th
/// committed save and waits to be killed, so a test can kill it at an exact step.
mod test_hook {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static COMMITS: AtomicUsize = AtomicUsize::new(0);

    pub fn after_commit() {
        let commits = COMMITS.fetch_add(1, Ordering::SeqCst) + 1;
        let Some(pause_after) =
            std::env::var("INTERVIEWER_TEST_PAUSE_AFTER_COMMITS").ok().and_then(|v| v.trim().parse::<usize>().ok())
        else {
            return;
        };
        if commits == pause_after {
            eprintln!("paused after commit {commits}");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::offline::OfflineScorer;
    use std::sync::Arc;

    fn session() -> Session {
        let bank = crate::bank::Bank::load(&[] as &[PathBuf]).unwrap();
        let questions: Vec<Arc<crate::bank::Question>> = bank.questions().iter().take(2).cloned().collect();
        Session::new(questions, 1)
    }

    fn info(id: &str, candidate: Option<&str>) -> SessionInfo {
        SessionInfo {
            id: id.to_string(),
            mode: "practice".into(),
            candidate: candidate.map(str::to_string),
            screen: None,
            scorer: "offline".into(),
            seed: 3,
            bank_dirs: Vec::new(),
            started_at: SystemTime::now(),
            rules: None,
        }
    }

    #[test]
    fn a_new_store_is_migrated_to_the_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        drop(store);
        assert_eq!(Store::open(dir.path()).unwrap().schema_version().unwrap(), SCHEMA_VERSION, "reopening is a no-op");
    }

    #[test]
    fn a_version_1_store_is_upgraded_and_keeps_its_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO sessions VALUES ('old', 'practice', NULL, NULL, 'offline', 1, '[]', '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z', 'finished', 2, 2, 3.5, '{}')",
            [],
        )
        .unwrap();
        drop(conn);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let rows = store.list(&Filter::default()).unwrap();
        assert_eq!((rows[0].info.id.as_str(), rows[0].mean_band, rows[0].info.rules.clone()), ("old", Some(3.5), None));
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        drop(store);
        let err = Store::open(dir.path()).err().unwrap();
        assert!(matches!(err.downcast_ref::<StoreError>(), Some(StoreError::NewerSchema { .. })), "{err:#}");
    }

    #[test]
    fn an_answer_is_stored_before_it_is_scored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut session = session();
        store.create(&info("s1", None), &session).unwrap();
        session.submit("my answer".into()).unwrap();
        store.save("s1", &session).unwrap();
        let (answer, scoring): (String, Option<String>) = store
            .conn
            .query_row("SELECT answer, scoring FROM answers WHERE session_id = 's1'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((answer.as_str(), scoring), ("my answer", None));
        let stored = store.get("s1").unwrap();
        assert_eq!(stored.row.status, Status::Interrupted);
        assert_eq!(stored.snapshot.stage, "scoring");
    }

    #[test]
    fn listing_filters_by_candidate_and_reports_progress() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut session = session();
        store.create(&info("a", Some("ada")), &session).unwrap();
        store.create(&info("b", Some("bob")), &session).unwrap();
        session.answer_with(&OfflineScorer, "no idea".into()).unwrap();
        session.finish();
        store.save("a", &session).unwrap();
        let rows = store.list(&Filter { candidate: Some("ada".into()), screen: None }).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].status, rows[0].answered, rows[0].questions), (Status::Finished, 1, 2));
        assert_eq!(store.latest_interrupted().unwrap().as_deref(), Some("b"));
    }

    #[test]
    fn an_unknown_session_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let err = store.get("nope").err().unwrap();
        assert!(matches!(err.downcast_ref::<StoreError>(), Some(StoreError::NotFound(_))));
    }
}
