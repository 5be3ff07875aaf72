//! The embedded offline scorer: deterministic rubric matching with no network and no model.
//!
//! Each point's evidence concepts are looked for in the answer (stems, word order, small gaps, never when
//! negated); stated contradictions void a point, and nothing in a sentence that states a contradiction or a
//! pitfall earns credit; pitfalls are hit when all their concepts appear. Text aimed at
//! the grader is cut out before anything is matched, so it can only cost, never earn.
mod borrowed;
mod code;
mod feedback;
mod matcher;
mod memo;
mod reference;
pub mod signals;
mod synonyms;

use crate::bank::{Point, PointStyle, Question};
use crate::scoring::{grade, text, Level, PitfallHit, PointVerdict, Request, Scorer, ScorerKind, Scoring, Signals};
use matcher::{CompiledConcept, Document};
use std::collections::HashSet;

/// Share of a point's expected content words that earns partial credit when no evidence phrase matched, and
/// that completes a partially evidenced point. Fitted on the tune split of tests/data/graded/dev.jsonl.
const PARAPHRASE_PARTIAL: f64 = 0.2;
const PARAPHRASE_COVERED: f64 = 0.4;

/// At most this many quotes are kept per point or pitfall.
const MAX_QUOTES: usize = 2;

#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineScorer;

impl Scorer for OfflineScorer {
    fn kind(&self) -> ScorerKind {
        ScorerKind::Offline
    }

    fn score(&self, request: &Request<'_>) -> Scoring {
        let found = signals::manipulation(request.answer);
        if found.wide == found.narrow || !says_more_about_the_subject(request, &found) {
            // No grader text, only whole blocks of it, or sentences around it that say nothing about the subject:
            // one reading.
            return score_without(request, &found.wide);
        }
        let wide = score_without(request, &found.wide);
        let mut narrow = score_without(request, &found.narrow);
        if (narrow.band, narrow.score) < (wide.band, wide.score) {
            // The lower reading, quoting the grader text as the wide reading found it.
            narrow.signals.manipulation = wide.signals.manipulation;
            return narrow;
        }
        wide
    }
}

/// True when the words the wide reading cuts beyond the narrow one name anything of the question's subject, so
/// that the two readings may differ.
fn says_more_about_the_subject(request: &Request<'_>, found: &signals::Manipulation) -> bool {
    let vocabulary = subject_vocabulary(request.question);
    let in_narrow = |at: usize| found.narrow.iter().any(|r| r.contains(&at));
    found.wide.iter().any(|range| {
        text::tokenize(&request.answer[range.clone()]).iter().any(|t| {
            !in_narrow(range.start + t.span.start) && !text::is_stopword(&t.word) && vocabulary.contains(&t.stem)
        })
    })
}

/// Scores the answer with the `excluded` byte ranges (text addressed to the grader) left out.
fn score_without(request: &Request<'_>, excluded: &[std::ops::Range<usize>]) -> Scoring {
    let question = request.question;
    let answer = request.answer;
    let mut doc = Document::new(answer, excluded);
    let content = without(answer, excluded);
    // Grader text glued to the end of a list must not turn the list into prose: the text before the first
    // grader text counts too, whichever reading is stricter.
    let terms = match excluded.first() {
        Some(first) => signals::terms(&content).max(signals::terms(&answer[..first.start])),
        None => signals::terms(&content),
    };
    let mut signals = Signals {
        manipulation: excluded.iter().map(|r| answer[r.clone()].trim().to_string()).collect(),
        empty: signals::is_empty_like(&doc.tokens, &content) || signals::is_remnant(&doc.tokens, excluded),
        keyword_list: terms != signals::Terms::Prose && !signals::asks_for_items(&question.prompt),
        names_only: terms == signals::Terms::Named && !signals::asks_for_items(&question.prompt),
        off_topic: false,
        has_example: signals::has_example(&content),
        generic: signals::is_generic(&content),
        misconception: None,
    };
    let about_python = is_about_python(question);
    if let Some(found) = about_python.then(|| borrowed::claim(question, &doc)).flatten() {
        signals.misconception = Some(doc.quote(found.tokens.clone()));
        doc.mark_wrong([&found]);
    }

    let (points, pitfalls, coverage) = if question.points.is_empty() {
        let (points, coverage) = reference::judge(question, &doc);
        (points, Vec::new(), coverage)
    } else {
        let (pitfalls, pitfall_claims) = judge_pitfalls(question, &doc, &content);
        let contradictions: Vec<Option<matcher::Match>> =
            question.points.iter().map(|point| contradiction(point, &doc)).collect();
        // A sentence that states a wrong claim earns nothing, whatever else it names.
        doc.mark_wrong(pitfall_claims.iter().chain(contradictions.iter().flatten()));
        let terms = if signals.keyword_list { terms } else { signals::Terms::Prose };
        let points: Vec<PointVerdict> = question
            .points
            .iter()
            .zip(contradictions)
            .filter(|(p, _)| request.focus.is_none_or(|focus| focus.contains(&p.id)))
            .map(|(p, contradiction)| judge_point(question, p, contradiction, &doc, terms))
            .collect();
        let coverage = match question.point_style {
            PointStyle::Plain if request.focus.is_none() => reference::plain_coverage(question, &doc),
            _ => grade::coverage(question, &points),
        };
        (points, pitfalls, coverage)
    };
    let covered = points.iter().filter(|p| p.level == Level::Covered).count();
    let elsewhere = about_python && signals::about_another_language(&content);
    signals.off_topic =
        !signals.empty && (elsewhere || is_off_topic(question, &doc, coverage, covered, signals.generic));

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

/// The first of the point's wrong claims the answer states.
fn contradiction(point: &Point, doc: &Document) -> Option<matcher::Match> {
    point.contradicts.iter().find_map(|concept| CompiledConcept::of(concept).find_claimed(doc))
}

fn judge_point(
    question: &Question,
    point: &Point,
    contradiction: Option<matcher::Match>,
    doc: &Document,
    terms: signals::Terms,
) -> PointVerdict {
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
    let mut evidence = quotes(doc, &found);
    if level < Level::Covered {
        let (share, quote) = reference::overlap(doc, &expected_beyond_prompt(question, point));
        if level == Level::Partial && share >= PARAPHRASE_COVERED {
            // Some evidence phrases matched and much of the expected content is stated in other words.
            level = Level::Covered;
        } else if level == Level::Missed && share >= PARAPHRASE_PARTIAL {
            // No evidence phrase matched, but a paraphrase states much of the expected content in other words.
            level = Level::Partial;
            evidence.extend(quote);
        }
    }
    if terms != signals::Terms::Prose {
        // Listing a term shows recognition, not understanding.
        level = level.min(Level::Partial);
    }
    PointVerdict { id: point.id.clone(), level, evidence, contradicted: false, recovered: false }
}

/// The content stems of a point's expected answer that the question's prompt does not already say: repeating
/// the question's own subject ("lists", "tuples") states none of the expected content.
fn expected_beyond_prompt(question: &Question, point: &Point) -> Vec<String> {
    let prompt = reference::content_stems(&question.prompt);
    reference::content_stems(&point.expected).iter().filter(|s| !prompt.contains(s)).cloned().collect()
}

/// Pitfalls hit: all of a pitfall's concepts claimed in the answer (and, for an omission, none of its `unless`
/// concepts named), or one of its code patterns in the code of `content` (the answer less the text addressed to
/// the grader). Also returns the wrong claims found in the prose (an omission's sentences are not wrong).
fn judge_pitfalls(question: &Question, doc: &Document, content: &str) -> (Vec<PitfallHit>, Vec<matcher::Match>) {
    // Only questions with code patterns pay for finding the code.
    let code = question.pitfalls.iter().any(|p| !p.code.is_empty()).then(|| code::code_only(content));
    let mut hits = Vec::new();
    let mut claims = Vec::new();
    for pitfall in &question.pitfalls {
        if let Some(line) = code.as_deref().and_then(|code| code::pitfall_in_code(pitfall, content, code)) {
            hits.push(PitfallHit { id: pitfall.id.clone(), evidence: vec![line] });
            continue;
        }
        if pitfall.evidence.is_empty() {
            continue;
        }
        let found: Option<Vec<_>> =
            pitfall.evidence.iter().map(|concept| CompiledConcept::of(concept).find_claimed(doc)).collect();
        let Some(found) = found else { continue };
        if pitfall.unless.is_empty() {
            // A mistake stated: its sentence is a wrong claim.
            claims.extend(found.iter().cloned());
        } else if pitfall.unless.iter().any(|concept| CompiledConcept::of(concept).find_affirmed(doc).is_some()) {
            // The safeguard is named: nothing was omitted.
            continue;
        }
        hits.push(PitfallHit { id: pitfall.id.clone(), evidence: quotes(doc, &found) });
    }
    (hits, claims)
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
///
/// Two rules. An answer is off-topic when it covers nothing and almost none of its words are the subject's.
/// It is also off-topic when it is specific (not generic talk, which "touches one relevant idea" when it
/// names the subject at all), covers little, and under a third of its words are the subject's: a fluent
/// answer to another question. An answer that fully covers two points answers this question, however much of
/// it is told in words of its own (a story from the candidate's work).
///
/// The second rule's figures were fitted on tests/data/graded/offtopic-dev.jsonl and story-dev.jsonl, and
/// checked on the tune split of dev.jsonl, fresh.jsonl and negation-dev.jsonl; at a relevance of 0.35 story
/// answers to experience questions start to count as off-topic.
fn is_off_topic(question: &Question, doc: &Document, coverage: f64, covered: usize, generic: bool) -> bool {
    const MIN_CONTENT_WORDS: usize = 8;
    const MIN_RELEVANCE: f64 = 0.1;
    const MIN_RELEVANCE_SPECIFIC: f64 = 0.3;
    const MAX_COVERAGE_SPECIFIC: f64 = 0.6;
    const MAX_COVERED_SPECIFIC: usize = 1;
    let content: Vec<_> = doc.tokens.iter().filter(|t| !text::is_stopword(&t.word)).collect();
    if content.len() < MIN_CONTENT_WORDS {
        return false;
    }
    let vocabulary = subject_vocabulary(question);
    let relevance = content.iter().filter(|t| vocabulary.contains(&t.stem)).count() as f64 / content.len() as f64;
    // A question known only by its reference answer has too thin a vocabulary for the second rule.
    let specific_rule = !question.points.is_empty() && !generic && covered <= MAX_COVERED_SPECIFIC;
    (coverage == 0.0 && relevance < MIN_RELEVANCE)
        || (specific_rule && coverage < MAX_COVERAGE_SPECIFIC && relevance < MIN_RELEVANCE_SPECIFIC)
}

/// True when the question or its standard answer names Python: an answer about another language misses it.
fn is_about_python(question: &Question) -> bool {
    let names = |text: &str| text.to_lowercase().contains("python");
    names(&question.prompt) || names(&question.standard_answer)
}

/// The stems of everything the question says about its subject, memoized per question.
fn subject_vocabulary(question: &Question) -> std::sync::Arc<HashSet<String>> {
    static VOCABULARY: memo::Memo<HashSet<String>> = memo::Memo::new();
    let key = format!("{}\0{}\0{}", question.id, question.prompt, question.standard_answer);
    VOCABULARY.get_or_insert_with(&key, || {
        let texts = std::iter::once(&question.prompt)
            .chain(std::iter::once(&question.standard_answer))
            .chain(question.points.iter().map(|p| &p.expected))
            .chain(question.points.iter().flat_map(|p| p.evidence.iter().map(|c| &c.0)));
        texts.flat_map(|text| text::tokenize(text).into_iter().map(|t| t.stem)).collect()
    })
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
