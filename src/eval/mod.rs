//! Measuring a scorer against human grades (`interviewer eval`): read graded cases ([`case`]), find each
//! case's question ([`resolve`]), score every answer, and report agreement ([`metrics`], [`render`]).
//!
//! The steps are separate functions so that the CLI can report skipped lines and progress as it goes; the
//! library knows nothing about the terminal.
pub mod case;
mod case_rubric;
pub mod metrics;
pub mod regrade;
pub mod render;
pub mod resolve;

pub use case::{Case, CaseQuestion, CasesError, Parsed, Skipped};
pub use metrics::{Observation, Summary};
pub use resolve::{Resolver, Source};

use crate::bank::{Bank, Question, QuestionId};
use crate::scoring::{Band, Request, Scorer, ScorerKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How many disagreements a report lists.
pub const WORST: usize = 10;
/// How much of an answer a disagreement quotes, in characters.
const EXCERPT_CHARS: usize = 120;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Cases(#[from] CasesError),
    #[error("no case has split `{name}`; the splits are: {}", if available.is_empty() { "none (no case has a `split`)".to_string() } else { available.join(", ") })]
    UnknownSplit { name: String, available: Vec<String> },
    #[error("no usable case: all {skipped} non-blank line(s) were skipped")]
    NoCases { skipped: usize },
}

/// A case with the question it answers.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub case: Case,
    pub question: Arc<Question>,
    pub source: Source,
}

/// Our grade for one case: a line of the predictions file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub id: String,
    pub band: Band,
    pub score: u8,
    pub grade: f64,
    pub grade_max: f64,
}

/// Keeps the cases of the named splits (all cases when `splits` is empty). Naming a split no case has is an
/// error that lists the splits there are.
pub fn select_splits(cases: Vec<Case>, splits: &[String]) -> Result<Vec<Case>, EvalError> {
    if splits.is_empty() {
        return Ok(cases);
    }
    let mut available: Vec<String> = cases.iter().filter_map(|c| c.split.clone()).collect();
    available.sort();
    available.dedup();
    if let Some(name) = splits.iter().find(|name| !available.contains(name)) {
        return Err(EvalError::UnknownSplit { name: name.clone(), available });
    }
    Ok(cases.into_iter().filter(|c| c.split.as_ref().is_some_and(|s| splits.contains(s))).collect())
}

/// Finds each case's question; a case whose question cannot be found is added to `skipped`.
pub fn resolve_all(bank: &Bank, cases: Vec<Case>, skipped: &mut Vec<Skipped>) -> Result<Vec<Resolved>, EvalError> {
    let mut resolver = Resolver::new(bank);
    let mut resolved = Vec::with_capacity(cases.len());
    for case in cases {
        match resolver.resolve(&case) {
            Ok((question, source)) => resolved.push(Resolved { case, question, source }),
            Err(message) => skipped.push(Skipped { line: case.line, message }),
        }
    }
    skipped.sort_by_key(|s| s.line);
    if resolved.is_empty() {
        return Err(EvalError::NoCases { skipped: skipped.len() });
    }
    Ok(resolved)
}

/// Scores every case, with up to `concurrency` threads, in the cases' order. `progress` is told how many cases
/// are done after each one, from whichever thread finished it.
pub fn score_all(
    cases: &[Resolved],
    scorer: &(dyn Scorer + Sync),
    concurrency: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<(Band, u8)> {
    let score = |resolved: &Resolved| {
        let scoring =
            scorer.score(&Request { question: &resolved.question, answer: &resolved.case.answer, focus: None });
        (scoring.band, scoring.score)
    };
    let threads = concurrency.clamp(1, cases.len().max(1));
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(resolved) = cases.get(index) else { break };
            mine.push((index, score(resolved)));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
        mine
    };
    let mut results = vec![(Band(0), 0); cases.len()];
    let parts: Vec<Vec<(usize, (Band, u8))>> = if threads == 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles.into_iter().map(|h| h.join().expect("a scoring thread panicked")).collect()
        })
    };
    for (index, result) in parts.into_iter().flatten() {
        results[index] = result;
    }
    results
}

/// The predictions file's lines.
pub fn predictions(cases: &[Resolved], scored: &[(Band, u8)]) -> Vec<Prediction> {
    cases
        .iter()
        .zip(scored)
        .map(|(r, &(band, score))| Prediction {
            id: r.case.id.clone(),
            band,
            score,
            grade: r.case.grade,
            grade_max: r.case.grade_max,
        })
        .collect()
}

/// A case where we and the human grader disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub id: String,
    pub question_id: QuestionId,
    pub answer: String,
    pub grade: f64,
    pub grade_max: f64,
    pub human_band: u8,
    pub our_band: u8,
    pub our_score: u8,
}

/// Everything `interviewer eval` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scorer: ScorerKind,
    /// Cases scored.
    pub cases: usize,
    /// Cases per kind of question resolution.
    pub questions: BTreeMap<Source, usize>,
    pub overall: Summary,
    pub by_split: BTreeMap<String, Summary>,
    pub by_group: BTreeMap<String, Summary>,
    pub by_kind: BTreeMap<String, Summary>,
    /// The largest disagreements, largest first (at most [`WORST`]).
    pub worst: Vec<Disagreement>,
    pub skipped: Vec<Skipped>,
}

impl Report {
    pub fn new(scorer: ScorerKind, cases: &[Resolved], scored: &[(Band, u8)], skipped: Vec<Skipped>) -> Report {
        let observations: Vec<Observation> = cases
            .iter()
            .zip(scored)
            .map(|(r, &(band, score))| Observation {
                human_band: metrics::band_of_grade(r.case.grade, r.case.grade_max),
                our_band: band.0,
                human_fraction: r.case.fraction(),
                our_score: f64::from(score),
            })
            .collect();
        let by = |label: fn(&Case) -> Option<&String>| {
            let mut groups: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
            for (r, o) in cases.iter().zip(&observations) {
                if let Some(name) = label(&r.case) {
                    groups.entry(name.clone()).or_default().push(*o);
                }
            }
            groups.into_iter().map(|(name, obs)| (name, Summary::of(&obs))).collect()
        };
        let mut questions = BTreeMap::new();
        for r in cases {
            *questions.entry(r.source).or_insert(0) += 1;
        }
        Report {
            scorer,
            cases: cases.len(),
            questions,
            overall: Summary::of(&observations),
            by_split: by(|c| c.split.as_ref()),
            by_group: by(|c| c.group.as_ref()),
            by_kind: by(|c| c.kind.as_ref()),
            worst: worst(cases, &observations, scored),
            skipped,
        }
    }
}

/// Disagreements ordered by band distance, then by distance on the continuous scale, then by line.
fn worst(cases: &[Resolved], observations: &[Observation], scored: &[(Band, u8)]) -> Vec<Disagreement> {
    let mut order: Vec<usize> =
        (0..cases.len()).filter(|&i| observations[i].human_band != observations[i].our_band).collect();
    let gap = |i: usize| (observations[i].our_score / 100.0 - observations[i].human_fraction).abs();
    order.sort_by(|&a, &b| {
        let band_gap = |i: usize| observations[i].human_band.abs_diff(observations[i].our_band);
        band_gap(b).cmp(&band_gap(a)).then(gap(b).total_cmp(&gap(a))).then(cases[a].case.line.cmp(&cases[b].case.line))
    });
    order
        .into_iter()
        .take(WORST)
        .map(|i| {
            let case = &cases[i].case;
            Disagreement {
                id: case.id.clone(),
                question_id: cases[i].question.id.clone(),
                answer: excerpt(&case.answer),
                grade: case.grade,
                grade_max: case.grade_max,
                human_band: observations[i].human_band,
                our_band: observations[i].our_band,
                our_score: scored[i].1,
            }
        })
        .collect()
}

/// The answer on one line, white space collapsed, cut at [`EXCERPT_CHARS`] characters.
fn excerpt(answer: &str) -> String {
    let flat = answer.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", flat[..cut].trim_end()),
        None => flat,
    }
}

#[cfg(test)]
mod tests;
