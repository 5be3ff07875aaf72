//! Wrong claims borrowed from the built-in bank for a question that lists none of its own (one from a user's
//! bank or an evaluation case): what the bank's questions know to be false about Python ("the GIL makes your
//! code thread safe", "tuples can be modified") is false whatever the question.
use super::matcher::{CompiledConcept, Document, Match};
use super::memo::Memo;
use crate::bank::{Bank, Concept, Question, Severity};
use crate::scoring::text;
use std::sync::{Arc, OnceLock};

/// A borrowed claim needs this many content words: shorter ones ("both are mutable", "it is faster") mean
/// something only in their own question's context.
const MIN_CONTENT_WORDS: usize = 3;

/// The wrong claims of one built-in question.
struct Source {
    prompt: String,
    claims: Arc<CompiledConcept>,
}

/// The first wrong claim of the built-in bank that the answer states, for a question that lists no wrong claims
/// of its own. Claims of a built-in question whose prompt the question quotes are left out: such a question
/// restates that one with a rubric of its own, which then decides alone (and questions asked that way measure
/// how the scorer does on questions the bank does not know: tests/data/graded/as-new-questions.py).
pub fn claim(question: &Question, doc: &Document) -> Option<Match> {
    if question.points.iter().any(|p| !p.contradicts.is_empty()) {
        return None;
    }
    let left_out = sources().iter().position(|source| question.prompt.contains(source.prompt.as_str()));
    claims_without(left_out).find_claimed(doc)
}

fn sources() -> &'static [Source] {
    static SOURCES: OnceLock<Vec<Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        // The built-in bank is checked by the test suite; should it ever fail to load, nothing is borrowed.
        let Ok(bank) = Bank::load(&[] as &[&str]) else { return Vec::new() };
        bank.questions()
            .iter()
            .map(|question| Source { prompt: question.prompt.clone(), claims: claims_of(question) })
            .collect()
    })
}

/// All sources' claims as one concept, less those of the source `left_out`: one concept per source left out,
/// compiled once (an answer is then looked up in one index, not in one per source).
fn claims_without(left_out: Option<usize>) -> Arc<CompiledConcept> {
    static CONCEPTS: Memo<CompiledConcept> = Memo::new();
    let key = left_out.map_or_else(String::new, |n| n.to_string());
    CONCEPTS.get_or_insert_with(&key, || {
        let kept = sources().iter().enumerate().filter(|&(n, _)| Some(n) != left_out);
        CompiledConcept::merged(kept.map(|(_, source)| &*source.claims))
    })
}

/// A question's stated wrong claims: its points' contradictions and its major pitfalls that are claims (one
/// concept, no omission), each alternative long enough to stand on its own.
fn claims_of(question: &Question) -> Arc<CompiledConcept> {
    let pitfall_claims = question
        .pitfalls
        .iter()
        .filter(|p| p.severity == Severity::Major && p.unless.is_empty() && p.evidence.len() == 1)
        .flat_map(|p| &p.evidence);
    let alternatives: Vec<&str> = question
        .points
        .iter()
        .flat_map(|p| &p.contradicts)
        .chain(pitfall_claims)
        .flat_map(Concept::alternatives)
        .filter(|alternative| {
            text::tokenize(alternative).iter().filter(|t| text::is_content_word(&t.word)).count() >= MIN_CONTENT_WORDS
        })
        .collect();
    CompiledConcept::of(&Concept(alternatives.join(" | ")))
}
