//! The report on one session as data: what the Markdown, HTML and JSON reports all render. Built from the
//! session's records and its stored identity; the JSON report is this type serialized.
use super::summary::{Summary, TopicRow};
use crate::engine::{ExchangeKind, Integrity, QuestionRecord};
use crate::scoring::{HybridCheck, Level, Scoring};
use serde::Serialize;
use std::time::SystemTime;

/// Who took the session, when, and how it was scored.
#[derive(Debug, Clone, Serialize)]
pub struct SessionHeader {
    pub id: String,
    pub mode: String,
    pub candidate: Option<String>,
    pub started_at: String,
    /// `finished` or `interrupted`.
    pub status: String,
    /// The scorer chosen for the session (each score below says which one actually produced it).
    pub scorer: String,
    /// For a screen: the mean band needed to pass.
    pub pass_mark: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub session: SessionHeader,
    pub overall: Overall,
    pub questions: Vec<QuestionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    pub questions: usize,
    pub answered: usize,
    pub mean_band: Option<f64>,
    pub mean_score: Option<f64>,
    /// For a screen: whether the mean band (unanswered questions count 0) reaches the pass mark.
    pub passed: Option<bool>,
    pub topics: Vec<TopicRow>,
    /// Turns the LLM could not score, scored offline instead.
    pub offline_fallbacks: usize,
    /// Turns where the hybrid scorer's LLM and offline bands differed by two or more.
    pub hybrid_disagreements: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionReport {
    pub number: usize,
    pub id: String,
    pub topic: String,
    pub level: String,
    pub prompt: String,
    pub skipped: bool,
    /// The question's result after follow-ups; absent when it was not answered.
    pub band: Option<u8>,
    pub score: Option<u8>,
    pub points: Vec<PointReport>,
    pub pitfalls: Vec<PitfallReport>,
    /// What the points revealed by /hint assess.
    pub hints: Vec<String>,
    pub exchanges: Vec<ExchangeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointReport {
    pub id: String,
    pub assesses: String,
    /// `covered`, `partial` or `missed`.
    pub verdict: &'static str,
    pub evidence: Vec<String>,
    pub recovered: bool,
    pub contradicted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PitfallReport {
    pub id: String,
    pub description: String,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeReport {
    /// `question` or `followup`.
    pub kind: &'static str,
    pub prompt: String,
    pub answer: String,
    pub asked_at: String,
    /// Seconds from the prompt to the answer.
    pub seconds: u64,
    /// Every quote the scorer took from this answer as evidence (highlighted in the rendered reports).
    pub evidence: Vec<String>,
    pub score: Option<ScoreReport>,
    /// Points whose credit this answer recovered.
    pub recovered: Vec<String>,
    /// How the answer was entered (pasted or typed, time to the first key), when typed in a terminal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Integrity>,
}

impl ExchangeReport {
    /// `pasted 120 of 130 characters (92%) · first key after 3.2 s`, when known.
    pub fn integrity_text(&self) -> Option<String> {
        let integrity = self.integrity?;
        let share = (integrity.pasted_chars * 100).checked_div(integrity.total_chars).unwrap_or(0);
        let mut text = format!("pasted {} of {} characters ({share}%)", integrity.pasted_chars, integrity.total_chars);
        if let Some(ms) = integrity.first_key_ms {
            text.push_str(&format!(" · first key after {:.1} s", ms as f64 / 1000.0));
        }
        Some(text)
    }
}

/// One scoring, with what produced it.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    pub band: u8,
    pub score: u8,
    /// The scorer that produced this score: `offline`, `llm` or `hybrid`.
    pub scorer: &'static str,
    pub model: Option<String>,
    pub prompt_version: Option<String>,
    /// Set when the LLM could not score and the offline scorer did.
    pub offline_fallback: Option<String>,
    pub hybrid: Option<HybridCheck>,
    /// Credit the model claimed without a quote from the answer, taken back.
    pub downgrades: Vec<String>,
    pub warnings: Vec<String>,
    pub feedback: String,
}

impl Overall {
    /// What the reader must not miss about how the session was scored: a label and a sentence each.
    pub fn warnings(&self) -> Vec<(&'static str, String)> {
        let mut warnings = Vec::new();
        if self.offline_fallbacks > 0 {
            let text = format!("{} turn(s) scored offline because the LLM could not.", self.offline_fallbacks);
            warnings.push(("Offline fallback", text));
        }
        if self.hybrid_disagreements > 0 {
            let text =
                format!("on {} turn(s) the LLM and offline bands differ by two or more.", self.hybrid_disagreements);
            warnings.push(("Hybrid disagreement", text));
        }
        warnings
    }
}

impl QuestionReport {
    /// `band 3/4 · 70/100`, `skipped` or `not answered`.
    pub fn result(&self) -> String {
        match (self.skipped, self.band, self.score) {
            (true, _, _) => "skipped".to_string(),
            (_, Some(band), Some(score)) => format!("band {band}/4 · {score}/100"),
            _ => "not answered".to_string(),
        }
    }
}

fn stamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

fn verdict(level: Level) -> &'static str {
    match level {
        Level::Covered => "covered",
        Level::Partial => "partial",
        Level::Missed => "missed",
    }
}

impl Report {
    pub fn build(session: SessionHeader, records: &[QuestionRecord]) -> Report {
        let summary = Summary::of(records);
        let questions: Vec<QuestionReport> =
            records.iter().enumerate().map(|(index, record)| question(index + 1, record)).collect();
        let scores = questions.iter().flat_map(|q| &q.exchanges).filter_map(|e| e.score.as_ref());
        let (mut offline_fallbacks, mut hybrid_disagreements) = (0, 0);
        for score in scores {
            offline_fallbacks += usize::from(score.offline_fallback.is_some());
            hybrid_disagreements += usize::from(score.hybrid.is_some_and(|h| h.disagreement));
        }
        let passed = session.pass_mark.map(|mark| summary.mean_band.unwrap_or(0.0) >= mark);
        Report {
            session,
            overall: Overall {
                passed,
                questions: records.len(),
                answered: summary.questions.len(),
                mean_band: summary.mean_band,
                mean_score: summary.mean_score,
                topics: summary.topics,
                offline_fallbacks,
                hybrid_disagreements,
            },
            questions,
        }
    }
}

fn question(number: usize, record: &QuestionRecord) -> QuestionReport {
    let q = &record.question;
    let result = record.result.as_ref();
    let points = result
        .map(|r| {
            r.points
                .iter()
                .map(|v| PointReport {
                    id: v.id.to_string(),
                    assesses: q.point(&v.id).map_or_else(|| v.id.to_string(), |p| p.assesses.clone()),
                    verdict: verdict(v.level),
                    evidence: v.evidence.clone(),
                    recovered: v.recovered,
                    contradicted: v.contradicted,
                })
                .collect()
        })
        .unwrap_or_default();
    let pitfalls = result
        .map(|r| {
            r.pitfalls
                .iter()
                .map(|hit| PitfallReport {
                    id: hit.id.to_string(),
                    description: q
                        .pitfalls
                        .iter()
                        .find(|p| p.id == hit.id)
                        .map_or_else(|| hit.id.to_string(), |p| p.description.clone()),
                    evidence: hit.evidence.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    QuestionReport {
        number,
        id: q.id.to_string(),
        topic: record.topic.clone(),
        level: q.level.to_string(),
        prompt: q.prompt.clone(),
        skipped: record.skipped,
        band: result.map(|r| r.band.0),
        score: result.map(|r| r.score),
        points,
        pitfalls,
        hints: record
            .hints
            .iter()
            .map(|id| q.point(id).map_or_else(|| id.to_string(), |p| p.assesses.clone()))
            .collect(),
        exchanges: record
            .exchanges
            .iter()
            .map(|e| ExchangeReport {
                kind: match e.kind {
                    ExchangeKind::Question => "question",
                    ExchangeKind::Followup { .. } => "followup",
                },
                prompt: e.prompt.clone(),
                answer: e.answer.clone(),
                asked_at: stamp(e.asked_at),
                seconds: e.answered_at.duration_since(e.asked_at).map_or(0, |d| d.as_secs()),
                evidence: e.scoring.as_ref().map(evidence).unwrap_or_default(),
                score: e.scoring.as_ref().map(score),
                recovered: e.recovered.iter().map(ToString::to_string).collect(),
                integrity: e.integrity,
            })
            .collect(),
    }
}

fn evidence(scoring: &Scoring) -> Vec<String> {
    let quotes =
        scoring.points.iter().flat_map(|p| &p.evidence).chain(scoring.pitfalls.iter().flat_map(|p| &p.evidence));
    let mut all: Vec<String> = Vec::new();
    for quote in quotes {
        if !quote.trim().is_empty() && !all.contains(quote) {
            all.push(quote.clone());
        }
    }
    all
}

fn score(scoring: &Scoring) -> ScoreReport {
    let provenance = &scoring.provenance;
    ScoreReport {
        band: scoring.band.0,
        score: scoring.score,
        scorer: scoring.scorer.as_str(),
        model: provenance.llm.as_ref().map(|call| call.model.clone()),
        prompt_version: provenance.llm.as_ref().map(|call| call.prompt_version.clone()),
        offline_fallback: provenance.fallback_reason.clone(),
        hybrid: provenance.hybrid,
        downgrades: provenance.downgrades.iter().map(|d| format!("{}: {} → {}", d.id, d.from, d.to)).collect(),
        warnings: provenance.warnings.clone(),
        feedback: scoring.feedback.clone(),
    }
}

/// Splits `answer` into segments, each marked as evidence or not: every occurrence of a quote is evidence
/// (matched exactly, else ignoring ASCII case), overlapping quotes merged.
pub fn highlight<'a>(answer: &'a str, quotes: &[String]) -> Vec<(&'a str, bool)> {
    let lower = answer.to_ascii_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for quote in quotes.iter().map(|q| q.trim()).filter(|q| !q.is_empty()) {
        let (haystack, needle) = if answer.contains(quote) {
            (answer, quote.to_string())
        } else {
            (lower.as_str(), quote.to_ascii_lowercase())
        };
        let mut from = 0;
        while let Some(at) = haystack[from..].find(&needle) {
            ranges.push((from + at, from + at + needle.len()));
            from += at + needle.len();
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut segments = Vec::new();
    let mut at = 0;
    for (start, end) in merged {
        if start > at {
            segments.push((&answer[at..start], false));
        }
        segments.push((&answer[start..end], true));
        at = end;
    }
    if at < answer.len() {
        segments.push((&answer[at..], false));
    }
    segments
}
