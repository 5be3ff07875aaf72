//! Scoring against a standard answer alone, for questions without points of assessment: each sentence of the
//! reference becomes a pseudo-point judged by how many of its content words the answer states.
use super::matcher::Document;
use super::memo::Memo;
use crate::bank::{PointId, Question};
use crate::scoring::text;
use crate::scoring::{Level, PointVerdict};
use std::collections::HashSet;
use std::sync::Arc;

/// Share of a reference sentence's content words that makes it covered, and partial.
const COVERED_RECALL: f64 = 0.6;
const PARTIAL_RECALL: f64 = 0.3;
/// Recall of the reference's content words that already counts as full coverage: answers paraphrase and say
/// less than a reference does. Fitted on the training and unseen_answers splits of the SAF benchmark (refitted
/// after the band thresholds moved: mean error nearest zero and best QWK there).
const FULL_RECALL: f64 = 0.3;
/// The same for a question with plain-sentence points, whose reference is the standard answer and the points
/// together: fitted on the tune split of tests/data/graded/dev.jsonl and on fresh.jsonl, each turned into
/// questions the bank does not know (tests/data/graded/as-new-questions.py), which pull in opposite directions.
const PLAIN_FULL_RECALL: f64 = 0.35;
/// A short answer that stays on the reference's words states part of it correctly, however little of the reference
/// it covers ("A metaclass is the class of a class, by default type."): when at least this share of its content
/// words are the reference's, its coverage is at least [`PRECISE_COVERAGE`] (band 2, "some key points"). Chosen on
/// the tune split of dev-as-new.jsonl, fresh-as-new.jsonl, the same answers with the rubrics' expected texts as
/// inline points, and SAF's training split (unchanged there); 0.5 and 0.7 do about as well.
const PRECISE_SHARE: f64 = 0.6;
const PRECISE_COVERAGE: f64 = 0.35;
/// Answers with fewer content words than this are too short to judge by their precision.
const PRECISE_MIN_WORDS: usize = 3;

/// A reference sentence's content stems.
pub struct ReferencePoint {
    pub text: String,
    pub stems: Vec<String>,
}

/// The standard answer's sentences as pseudo-points.
pub fn reference_points(question: &Question) -> Arc<Vec<ReferencePoint>> {
    points_of(&question.standard_answer)
}

/// A reference text's sentences as pseudo-points, memoized by the text.
fn points_of(reference: &str) -> Arc<Vec<ReferencePoint>> {
    static POINTS: Memo<Vec<ReferencePoint>> = Memo::new();
    POINTS.get_or_insert_with(reference, || split_reference(reference))
}

fn split_reference(reference: &str) -> Vec<ReferencePoint> {
    let tokens = text::tokenize(reference);
    let mut points: Vec<ReferencePoint> = Vec::new();
    let mut current = usize::MAX;
    for token in &tokens {
        if token.sentence != current {
            current = token.sentence;
            points.push(ReferencePoint { text: String::new(), stems: Vec::new() });
        }
        let point = points.last_mut().expect("pushed above");
        if point.text.is_empty() {
            let end = tokens.iter().rev().find(|t| t.sentence == current).map_or(reference.len(), |t| t.span.end);
            point.text = reference[token.span.start..end].to_string();
        }
        if text::is_content_word(&token.word) && !point.stems.contains(&token.stem) {
            point.stems.push(token.stem.clone());
        }
    }
    points.retain(|p| !p.stems.is_empty());
    points
}

/// The distinct content stems of `text` (function words and one-letter words left out), memoized.
pub fn content_stems(text: &str) -> Arc<Vec<String>> {
    static STEMS: Memo<Vec<String>> = Memo::new();
    STEMS.get_or_insert_with(text, || {
        let mut stems: Vec<String> = Vec::new();
        for token in text::tokenize(text) {
            if text::is_content_word(&token.word) && !stems.contains(&token.stem) {
                stems.push(token.stem);
            }
        }
        stems
    })
}

/// The share of `stems` the answer affirms (negated clauses aside; everyday synonyms count), and a quote of the
/// answer sentence that says most of them, in either form.
pub fn overlap(doc: &Document, stems: &[String]) -> (f64, Option<String>) {
    if stems.is_empty() {
        return (0.0, None);
    }
    let mut said: Vec<String> = Vec::new();
    let mut present = 0;
    for stem in stems {
        let forms = std::iter::once(stem.as_str()).chain(super::synonyms::of(stem).iter().map(String::as_str));
        let affirmed: Vec<&str> = forms.filter(|form| doc.affirms_stem(form)).collect();
        present += usize::from(!affirmed.is_empty());
        said.extend(affirmed.into_iter().map(str::to_string));
    }
    (present as f64 / stems.len() as f64, best_sentence(doc, &said))
}

/// Verdicts per reference sentence and the overall coverage (0.0-1.0).
pub fn judge(question: &Question, doc: &Document) -> (Vec<PointVerdict>, f64) {
    let points = reference_points(question);
    let mut verdicts = Vec::new();
    for (n, point) in points.iter().enumerate() {
        let present: Vec<&String> = point.stems.iter().filter(|s| doc.contains_stem(s)).collect();
        let recall = present.len() as f64 / point.stems.len() as f64;
        let level = if recall >= COVERED_RECALL {
            Level::Covered
        } else if recall >= PARTIAL_RECALL {
            Level::Partial
        } else {
            Level::Missed
        };
        let evidence = match level {
            Level::Missed => Vec::new(),
            _ => best_sentence(doc, &point.stems).into_iter().collect(),
        };
        verdicts.push(PointVerdict {
            id: PointId(format!("ref-{}", n + 1)),
            level,
            evidence,
            contradicted: false,
            recovered: false,
        });
    }
    (verdicts, coverage(&points, doc, FULL_RECALL))
}

/// Coverage (0.0-1.0) of a question whose points are plain sentences: read off the standard answer and the
/// points' expected content together, as off one reference answer.
pub fn plain_coverage(question: &Question, doc: &Document) -> f64 {
    let mut reference = question.standard_answer.clone();
    for point in &question.points {
        reference.push('\n');
        reference.push_str(&point.expected);
    }
    coverage(&points_of(&reference), doc, PLAIN_FULL_RECALL)
}

/// The share of the reference's content words the answer states (related forms and everyday synonyms count),
/// scaled so that `full_recall` is full coverage.
fn coverage(points: &[ReferencePoint], doc: &Document, full_recall: f64) -> f64 {
    let stems: HashSet<&String> = points.iter().flat_map(|p| &p.stems).collect();
    if stems.is_empty() {
        return 0.0;
    }
    let stated =
        |stem: &String| doc.contains_related(stem) || super::synonyms::of(stem).iter().any(|s| doc.contains_stem(s));
    let recall = stems.iter().filter(|s| stated(s)).count() as f64 / stems.len() as f64;
    let coverage = (recall / full_recall).min(1.0);
    if coverage > 0.0 && precision(doc, &stems).is_some_and(|share| share >= PRECISE_SHARE) {
        coverage.max(PRECISE_COVERAGE)
    } else {
        coverage
    }
}

/// The share of the answer's distinct content stems that the reference uses (a word of the same family counts);
/// `None` for an answer too short to tell.
fn precision(doc: &Document, reference: &HashSet<&String>) -> Option<f64> {
    let own: HashSet<&String> = doc.tokens.iter().filter(|t| text::is_content_word(&t.word)).map(|t| &t.stem).collect();
    if own.len() < PRECISE_MIN_WORDS {
        return None;
    }
    let families: HashSet<_> = reference.iter().filter_map(|r| text::family(r)).collect();
    let shared =
        own.iter().filter(|s| reference.contains(*s) || text::family(s).is_some_and(|f| families.contains(&f))).count();
    Some(shared as f64 / own.len() as f64)
}

/// The answer sentence that shares most content words with `stems`, quoted around its first shared word.
fn best_sentence(doc: &Document, stems: &[String]) -> Option<String> {
    let mut shared: std::collections::HashMap<usize, (usize, usize)> = std::collections::HashMap::new();
    for (i, token) in doc.tokens.iter().enumerate() {
        if stems.contains(&token.stem) {
            shared.entry(token.sentence).or_insert((i, 0)).1 += 1;
        }
    }
    let (first, _) = shared.into_values().max_by_key(|&(first, count)| (count, std::cmp::Reverse(first)))?;
    Some(doc.quote(first..=first))
}
