//! The interview session as a state machine, with no terminal code: ask → answer → score → feedback →
//! adaptive follow-ups → next question → summary. The REPL, scripted runs and tests all drive it.
//!
//! Scoring is a separate step so that any scorer, sync or async, can sit between [`Session::submit`] (the answer
//! is recorded, and can be saved, before any scoring starts) and [`Session::complete`].
pub mod select;
pub mod snapshot;

use crate::bank::{Followup, PointId, Question};
use crate::scoring::{grade, FollowupSuggestion, Level, PitfallHit, PointVerdict, Request, Scorer, Scoring};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::SystemTime;

/// What the candidate is being asked now.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub question: &'a Question,
    /// 1-based position of the question in the session.
    pub number: usize,
    pub total: usize,
    /// The follow-up being asked, if this is not the main question.
    pub followup: Option<&'a Followup>,
}

impl Ask<'_> {
    pub fn text(&self) -> &str {
        self.followup.map_or(&self.question.prompt, |f| &f.ask)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ExchangeKind {
    Question,
    Followup { probes: Vec<PointId> },
}

/// One prompt and the candidate's answer to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    #[serde(flatten)]
    pub kind: ExchangeKind,
    pub prompt: String,
    pub answer: String,
    #[serde(with = "humantime_serde")]
    pub asked_at: SystemTime,
    #[serde(with = "humantime_serde")]
    pub answered_at: SystemTime,
    /// None until scored (the answer is saved first).
    pub scoring: Option<Scoring>,
    /// Points whose credit this follow-up answer recovered.
    pub recovered: Vec<PointId>,
    /// How the answer was entered, when typed in a terminal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Integrity>,
}

/// Integrity signals of one answer typed in the terminal: how much of it was pasted rather than typed, and how
/// long the candidate took to start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Integrity {
    /// Characters that arrived by bracketed paste.
    pub pasted_chars: usize,
    /// Characters of the answer.
    pub total_chars: usize,
    /// Milliseconds from the prompt to the first key (or paste).
    pub first_key_ms: Option<u64>,
}

/// Everything that happened around one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRecord {
    #[serde(serialize_with = "question_id")]
    pub question: Arc<Question>,
    pub topic: String,
    pub exchanges: Vec<Exchange>,
    /// Points revealed by /hint.
    pub hints: Vec<PointId>,
    pub skipped: bool,
    /// The question's result after follow-ups: main verdicts with recovered credit merged in.
    pub result: Option<Scoring>,
}

fn question_id<S: serde::Serializer>(question: &Arc<Question>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(question.id.as_str())
}

pub(crate) mod humantime_serde {
    use std::time::SystemTime;
    pub fn serialize<S: serde::Serializer>(time: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&humantime::format_rfc3339_seconds(*time))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SystemTime, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        humantime::parse_rfc3339_weak(&text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for the answer to the main question.
    Main,
    /// Waiting for the answer to the pending follow-up.
    Followup,
    /// An answer was submitted and awaits its scoring.
    Scoring,
    Finished,
}

/// What scoring an answer led to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub scoring: Scoring,
    pub recovered: Vec<PointId>,
    /// Set when this answer closed its question: the question's final result.
    pub closed: Option<Scoring>,
}

pub struct Session {
    records: Vec<QuestionRecord>,
    current: usize,
    stage: Stage,
    max_followups: usize,
    asked_at: SystemTime,
    /// The follow-up being asked: one of the bank's, or one the scorer suggested.
    pending: Option<Followup>,
}

impl Session {
    pub fn new(questions: Vec<Arc<Question>>, max_followups: usize) -> Session {
        let records = questions
            .into_iter()
            .map(|question| QuestionRecord {
                topic: question.topic.clone(),
                question,
                exchanges: Vec::new(),
                hints: Vec::new(),
                skipped: false,
                result: None,
            })
            .collect::<Vec<_>>();
        let stage = if records.is_empty() { Stage::Finished } else { Stage::Main };
        Session { records, current: 0, stage, max_followups, asked_at: SystemTime::now(), pending: None }
    }

    pub fn records(&self) -> &[QuestionRecord] {
        &self.records
    }

    pub fn is_finished(&self) -> bool {
        self.stage == Stage::Finished
    }

    /// The prompt awaiting an answer, if any.
    pub fn current(&self) -> Option<Ask<'_>> {
        let record = self.records.get(self.current)?;
        let followup = match self.stage {
            Stage::Main => None,
            Stage::Followup => self.pending.as_ref(),
            Stage::Scoring | Stage::Finished => return None,
        };
        Some(Ask { question: &record.question, number: self.current + 1, total: self.records.len(), followup })
    }

    /// Records the answer to the current prompt. Call [`Session::request`] to score it and
    /// [`Session::complete`] with the result.
    pub fn submit(&mut self, answer: String) -> anyhow::Result<()> {
        let Some(ask) = self.current() else { anyhow::bail!("no question is waiting for an answer") };
        let kind = match ask.followup {
            Some(followup) => ExchangeKind::Followup { probes: self.still_weak(&followup.probes) },
            None => ExchangeKind::Question,
        };
        let exchange = Exchange {
            kind,
            prompt: ask.text().to_string(),
            answer,
            asked_at: self.asked_at,
            answered_at: SystemTime::now(),
            scoring: None,
            recovered: Vec::new(),
            integrity: None,
        };
        self.records[self.current].exchanges.push(exchange);
        self.stage = Stage::Scoring;
        Ok(())
    }

    /// Of `probes`, the points the current question's result does not cover yet (all of them if none is left):
    /// a follow-up answer is scored against what is still missing.
    fn still_weak(&self, probes: &[PointId]) -> Vec<PointId> {
        let result = self.records[self.current].result.as_ref();
        let covered =
            |id: &PointId| result.is_some_and(|r| r.points.iter().any(|v| &v.id == id && v.level == Level::Covered));
        let weak: Vec<PointId> = probes.iter().filter(|id| !covered(id)).cloned().collect();
        if weak.is_empty() {
            probes.to_vec()
        } else {
            weak
        }
    }

    /// Records how the answer just submitted was entered.
    pub fn record_integrity(&mut self, integrity: Integrity) {
        if self.stage == Stage::Scoring {
            if let Some(exchange) = self.records[self.current].exchanges.last_mut() {
                exchange.integrity = Some(integrity);
            }
        }
    }

    /// The scoring request for the submitted answer.
    pub fn request(&self) -> Option<Request<'_>> {
        if self.stage != Stage::Scoring {
            return None;
        }
        let record = &self.records[self.current];
        let exchange = record.exchanges.last()?;
        let focus = match &exchange.kind {
            ExchangeKind::Question => None,
            ExchangeKind::Followup { probes } => Some(probes.as_slice()),
        };
        Some(Request { question: &record.question, answer: &exchange.answer, focus })
    }

    /// Applies the scoring of the submitted answer and moves to the next prompt.
    pub fn complete(&mut self, scoring: Scoring) -> Outcome {
        assert_eq!(self.stage, Stage::Scoring, "complete() follows submit()");
        let record = &mut self.records[self.current];
        let is_followup = record.exchanges.len() > 1;
        let recovered = if is_followup {
            let result = record.result.as_mut().expect("a follow-up comes after a scored main answer");
            merge_recovered(&record.question, result, &scoring)
        } else {
            record.result = Some(scoring.clone());
            Vec::new()
        };
        let exchange = record.exchanges.last_mut().expect("submitted");
        exchange.scoring = Some(scoring.clone());
        exchange.recovered = recovered.clone();

        let next = next_followup(record, self.max_followups, scoring.provenance.followup.as_ref());
        let closed = match next {
            Some(followup) => {
                self.pending = Some(followup);
                self.stage = Stage::Followup;
                None
            }
            None => {
                let result = record.result.clone();
                self.advance();
                result
            }
        };
        self.asked_at = SystemTime::now();
        Outcome { scoring, recovered, closed }
    }

    /// Convenience for synchronous scorers: submit, score and complete in one step.
    pub fn answer_with(&mut self, scorer: &dyn Scorer, answer: String) -> anyhow::Result<Outcome> {
        self.submit(answer)?;
        let scoring = scorer.score(&self.request().expect("just submitted"));
        Ok(self.complete(scoring))
    }

    /// Skips the current prompt: a main question counts as unanswered, a follow-up just moves on.
    pub fn skip(&mut self) {
        if let Some(record) = self.records.get_mut(self.current) {
            if self.stage == Stage::Main {
                record.skipped = true;
            }
            self.advance();
            self.asked_at = SystemTime::now();
        }
    }

    /// Reveals what one not-yet-shown point assesses (the one a follow-up probes, else the most important
    /// unhinted point not yet covered). The hint is recorded.
    pub fn hint(&mut self) -> Option<&crate::bank::Point> {
        let ask = self.current()?;
        let question = ask.question;
        let record = &self.records[self.current];
        let covered = |id: &PointId| {
            record.result.as_ref().is_some_and(|r| r.points.iter().any(|v| &v.id == id && v.level == Level::Covered))
        };
        let mut candidates: Vec<&crate::bank::Point> = match ask.followup {
            Some(followup) => followup.probes.iter().filter_map(|id| question.point(id)).collect(),
            None => question.points.iter().collect(),
        };
        candidates.retain(|p| !record.hints.contains(&p.id) && !covered(&p.id));
        candidates.sort_by_key(|p| std::cmp::Reverse(p.importance));
        let id = candidates.first()?.id.clone();
        self.records[self.current].hints.push(id.clone());
        self.records[self.current].question.point(&id)
    }

    /// The most recent question that has a result (what /answer shows).
    pub fn last_scored(&self) -> Option<&QuestionRecord> {
        self.records.iter().rev().find(|r| r.result.is_some())
    }

    /// Ends the session now; unanswered questions stay unanswered.
    pub fn finish(&mut self) {
        self.stage = Stage::Finished;
    }

    fn advance(&mut self) {
        self.current += 1;
        self.stage = if self.current < self.records.len() { Stage::Main } else { Stage::Finished };
    }
}

/// Merges a follow-up answer's verdicts into the question's result: a probed point scored higher than before is
/// raised and marked recovered; the band and score are then recomputed.
fn merge_recovered(question: &Question, result: &mut Scoring, followup: &Scoring) -> Vec<PointId> {
    let mut recovered = Vec::new();
    for verdict in &followup.points {
        if let Some(existing) = result.points.iter_mut().find(|v| v.id == verdict.id) {
            if verdict.level > existing.level {
                *existing = PointVerdict { recovered: true, ..verdict.clone() };
                recovered.push(verdict.id.clone());
            }
        }
    }
    for hit in &followup.pitfalls {
        if !result.pitfalls.iter().any(|p| p.id == hit.id) {
            result.pitfalls.push(PitfallHit { ..hit.clone() });
        }
    }
    result.signals.has_example |= followup.signals.has_example;
    result.signals.manipulation.extend(followup.signals.manipulation.iter().cloned());
    if !recovered.is_empty() {
        result.signals.keyword_list = false;
        result.signals.generic = false;
        result.signals.empty = false;
        result.signals.off_topic = false;
    }
    let (band, score) = grade::grade(question, &result.points, &result.pitfalls, &result.signals);
    result.band = band;
    result.score = score;
    recovered
}

/// The follow-up to ask next: the scorer's suggestion when it probes a point not yet covered and was not asked,
/// else the unasked bank follow-up probing the most important missed point; none when nothing was missed and no
/// pitfall was hit, after an empty answer, or when the budget is spent.
fn next_followup(
    record: &QuestionRecord,
    max_followups: usize,
    suggested: Option<&FollowupSuggestion>,
) -> Option<Followup> {
    let asked = record.exchanges.len() - 1;
    let result = record.result.as_ref()?;
    if asked >= max_followups || result.signals.empty {
        return None;
    }
    let was_asked = |ask: &str| record.exchanges.iter().any(|e| e.prompt == ask);
    if let Some(suggested) = suggested {
        let open = |id: &PointId| result.points.iter().any(|v| &v.id == id && v.level < Level::Covered);
        if suggested.probes.iter().any(open) && !suggested.ask.trim().is_empty() && !was_asked(&suggested.ask) {
            return Some(Followup { ask: suggested.ask.clone(), probes: suggested.probes.clone(), expected: None });
        }
    }
    let followups = &record.question.followups;
    for weak in grade::weakest_points(&record.question, &result.points) {
        if let Some(followup) = followups.iter().find(|f| !was_asked(&f.ask) && f.probes.contains(&weak.id)) {
            return Some(followup.clone());
        }
    }
    if !result.pitfalls.is_empty() {
        return followups.iter().find(|f| !was_asked(&f.ask)).cloned();
    }
    None
}

#[cfg(test)]
mod tests;
