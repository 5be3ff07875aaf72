//! A session's whole state as plain data, so that the store can save it after every step and `resume` can
//! rebuild the session exactly where it stopped (a submitted answer still waiting for its score included).
use super::{humantime_serde, Exchange, QuestionRecord, Session, Stage};
use crate::bank::{Followup, PointId, Question, QuestionId};
use crate::scoring::Scoring;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::SystemTime;

/// Everything a [`Session`] holds, with questions by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub max_followups: usize,
    /// Index of the question being asked.
    pub current: usize,
    /// `main`, `followup`, `scoring` (an answer awaits its score) or `finished`.
    pub stage: String,
    #[serde(with = "humantime_serde")]
    pub asked_at: SystemTime,
    pub pending: Option<Followup>,
    pub records: Vec<RecordState>,
}

/// One question's progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordState {
    pub question: QuestionId,
    pub topic: String,
    pub exchanges: Vec<Exchange>,
    pub hints: Vec<PointId>,
    pub skipped: bool,
    pub result: Option<Scoring>,
}

/// Why a snapshot cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("question `{0}` of the saved session is not in the bank (pass the same --bank directories)")]
    UnknownQuestion(QuestionId),
    #[error("the saved session is inconsistent: {0}")]
    Inconsistent(String),
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Main => "main",
            Stage::Followup => "followup",
            Stage::Scoring => "scoring",
            Stage::Finished => "finished",
        }
    }

    fn parse(text: &str) -> Option<Stage> {
        [Stage::Main, Stage::Followup, Stage::Scoring, Stage::Finished].into_iter().find(|s| s.as_str() == text)
    }
}

impl Session {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            max_followups: self.max_followups,
            current: self.current,
            stage: self.stage.as_str().to_string(),
            asked_at: self.asked_at,
            pending: self.pending.clone(),
            records: self
                .records
                .iter()
                .map(|r| RecordState {
                    question: r.question.id.clone(),
                    topic: r.topic.clone(),
                    exchanges: r.exchanges.clone(),
                    hints: r.hints.clone(),
                    skipped: r.skipped,
                    result: r.result.clone(),
                })
                .collect(),
        }
    }

    /// Rebuilds a session from `snapshot`, finding each question with `lookup`.
    pub fn restore(
        snapshot: Snapshot,
        lookup: impl Fn(&QuestionId) -> Option<Arc<Question>>,
    ) -> Result<Session, RestoreError> {
        let stage = Stage::parse(&snapshot.stage)
            .ok_or_else(|| RestoreError::Inconsistent(format!("unknown stage `{}`", snapshot.stage)))?;
        let records = snapshot
            .records
            .into_iter()
            .map(|state| {
                let question = lookup(&state.question).ok_or(RestoreError::UnknownQuestion(state.question))?;
                Ok(QuestionRecord {
                    question,
                    topic: state.topic,
                    exchanges: state.exchanges,
                    hints: state.hints,
                    skipped: state.skipped,
                    result: state.result,
                })
            })
            .collect::<Result<Vec<_>, RestoreError>>()?;
        let in_range = snapshot.current < records.len();
        let consistent = match stage {
            Stage::Finished => true,
            Stage::Main => in_range,
            Stage::Followup => in_range && snapshot.pending.is_some() && records[snapshot.current].result.is_some(),
            Stage::Scoring => {
                in_range && records[snapshot.current].exchanges.last().is_some_and(|e| e.scoring.is_none())
            }
        };
        if !consistent {
            return Err(RestoreError::Inconsistent(format!(
                "stage `{}` at question {} of {}",
                snapshot.stage,
                snapshot.current + 1,
                records.len()
            )));
        }
        Ok(Session {
            records,
            current: snapshot.current,
            stage,
            max_followups: snapshot.max_followups,
            asked_at: snapshot.asked_at,
            pending: snapshot.pending,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::offline::OfflineScorer;

    fn questions() -> Vec<Arc<Question>> {
        let bank = crate::bank::Bank::load(&[] as &[std::path::PathBuf]).unwrap();
        bank.questions().iter().take(2).cloned().collect()
    }

    fn lookup(questions: &[Arc<Question>]) -> impl Fn(&QuestionId) -> Option<Arc<Question>> + '_ {
        |id| questions.iter().find(|q| &q.id == id).cloned()
    }

    #[test]
    fn a_submitted_answer_awaiting_its_score_survives_a_round_trip() {
        let questions = questions();
        let mut session = Session::new(questions.clone(), 1);
        session.submit("A first answer".into()).unwrap();
        let json = serde_json::to_string(&session.snapshot()).unwrap();
        let restored = Session::restore(serde_json::from_str(&json).unwrap(), lookup(&questions)).unwrap();
        let request = restored.request().expect("the answer still awaits its score");
        assert_eq!(request.answer, "A first answer");
    }

    #[test]
    fn a_scored_session_restores_with_the_same_records_and_prompt() {
        let questions = questions();
        let mut session = Session::new(questions.clone(), 1);
        session.answer_with(&OfflineScorer, "no idea".into()).unwrap();
        let snapshot = session.snapshot();
        let restored = Session::restore(snapshot.clone(), lookup(&questions)).unwrap();
        assert_eq!(serde_json::to_value(restored.records()).unwrap(), serde_json::to_value(session.records()).unwrap());
        assert_eq!(restored.current().map(|a| a.text().to_string()), session.current().map(|a| a.text().to_string()));
    }

    #[test]
    fn an_unknown_question_is_reported_by_id() {
        let questions = questions();
        let snapshot = Session::new(questions.clone(), 1).snapshot();
        let err = Session::restore(snapshot, |_| None).err().unwrap();
        assert!(matches!(err, RestoreError::UnknownQuestion(id) if id == questions[0].id));
    }
}
