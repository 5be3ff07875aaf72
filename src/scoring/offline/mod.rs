//! The embedded offline scorer: deterministic rubric matching with no network and no model.
//!
//! Each point's evidence concepts are looked for in the answer (stems, word order, small gaps, never when
//! negated); stated contradictions void a point; pitfalls are hit when all their concepts appear. Text aimed at
//! the grader is cut out before anything is matched, so it can only cost, never earn.
mod feedback;
mod matcher;
mod memo;
mod reference;
pub mod signals;

use crate::bank::{Point, Question};
use crate::scoring::{grade, text, Level, PitfallHit, PointVerdict, Request, Scorer, ScorerKind, Scoring, Signals};
use matcher::{CompiledConcept, Document};
use std::collections::HashSet;

/// At most this many quotes are kept per point or pitfall.
const MAX_QUOTES: usize = 2;

#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineScorer;

impl Scorer for OfflineScorer {
    fn kind(&self) -> ScorerKind {
        ScorerKind::Offline
    }

    fn score(&self, request: &Request<'_>) -> Scoring {
        let question = request.question;
        let answer = request.answer;
        let excluded = signals::manipulation_spans(answer);
        let doc = Document::new(answer, &excluded);
        let content = without(answer, &excluded);
        let mut signals = Signals {
            manipulation: excluded.iter().map(|r| answer[r.clone()].trim().to_string()).collect(),
            empty: signals::is_empty_like(&doc.tokens, &content),
            keyword_list: signals::is_keyword_list(&content),
            off_topic: false,
            has_example: signals::has_example(&content),
        };

        let (points, pitfalls, coverage) = if question.points.is_empty() {
            let (points, coverage) = reference::judge(question, &doc);
            (points, Vec::new(), coverage)
        } else {
            let points: Vec<PointVerdict> = question
                .points
                .iter()
                .filter(|p| request.focus.is_none_or(|focus| focus.contains(&p.id)))
                .map(|p| judge_point(p, &doc, signals.keyword_list))
                .collect();
            let pitfalls = judge_pitfalls(question, &doc);
            let coverage = grade::coverage(question, &points);
            (points, pitfalls, coverage)
        };
        signals.off_topic = !signals.empty && coverage == 0.0 && is_off_topic(question, &doc);

        let (band, score) = grade::grade_coverage(coverage, question, &points, &pitfalls, &signals);
        let feedback = feedback::write(question, &points, &pitfalls, &signals, band);
        Scoring {
            band,
            score,
            points,
            pitfalls,
            signals,
            feedback,
            scorer: ScorerKind::Offline,
            provenance: Default::default(),
        }
    }
}

fn judge_point(point: &Point, doc: &Document, keyword_list: bool) -> PointVerdict {
    let contradiction = point.contradicts.iter().find_map(|concept| CompiledConcept::of(concept).find_affirmed(doc));
    if let Some(found) = contradiction {
        return PointVerdict {
            id: point.id.clone(),
            level: Level::Missed,
            evidence: vec![doc.quote(found.tokens)],
            contradicted: true,
            recovered: false,
        };
    }
    let found: Vec<_> =
        point.evidence.iter().filter_map(|concept| CompiledConcept::of(concept).find_affirmed(doc)).collect();
    let mut level = if found.len() == point.evidence.len() {
        Level::Covered
    } else if !found.is_empty() {
        Level::Partial
    } else {
        Level::Missed
    };
    if keyword_list {
        level = level.min(Level::Partial);
    }
    PointVerdict { id: point.id.clone(), level, evidence: quotes(doc, &found), contradicted: false, recovered: false }
}

fn judge_pitfalls(question: &Question, doc: &Document) -> Vec<PitfallHit> {
    question
        .pitfalls
        .iter()
        .filter_map(|pitfall| {
            let found: Option<Vec<_>> =
                pitfall.evidence.iter().map(|concept| CompiledConcept::of(concept).find_affirmed(doc)).collect();
            found.map(|found| PitfallHit { id: pitfall.id.clone(), evidence: quotes(doc, &found) })
        })
        .collect()
}

fn quotes(doc: &Document, found: &[matcher::Match]) -> Vec<String> {
    let mut quotes: Vec<String> = Vec::new();
    for m in found {
        let quote = doc.quote(m.tokens.clone());
        if !quotes.iter().any(|q| q.contains(&quote) || quote.contains(q.as_str())) {
            quotes.push(quote);
        }
    }
    quotes.truncate(MAX_QUOTES);
    quotes
}

/// True when few of the answer's content words belong to the question's subject.
fn is_off_topic(question: &Question, doc: &Document) -> bool {
    const MIN_CONTENT_WORDS: usize = 8;
    const MIN_RELEVANCE: f64 = 0.1;
    let mut vocabulary = HashSet::new();
    let texts = std::iter::once(&question.prompt)
        .chain(std::iter::once(&question.standard_answer))
        .chain(question.points.iter().map(|p| &p.expected))
        .chain(question.points.iter().flat_map(|p| p.evidence.iter().map(|c| &c.0)));
    for text in texts {
        vocabulary.extend(text::tokenize(text).into_iter().map(|t| t.stem));
    }
    let content: Vec<_> = doc.tokens.iter().filter(|t| !text::is_stopword(&t.word)).collect();
    if content.len() < MIN_CONTENT_WORDS {
        return false;
    }
    let relevant = content.iter().filter(|t| vocabulary.contains(&t.stem)).count();
    (relevant as f64) < MIN_RELEVANCE * content.len() as f64
}

/// `text` with the given byte ranges blanked out (replaced by a line break, so sentences stay apart).
fn without(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in ranges {
        out.push_str(&text[at..range.start]);
        out.push('\n');
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
