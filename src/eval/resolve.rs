//! Which question a case answers: a bank question by id, else a bank question whose prompt or alias has the
//! case's wording, else a question built from the case itself.
use super::case::{Case, CaseQuestion};
use crate::bank::{Bank, Concept, Pitfall, PitfallId, Point, PointId, Question, Severity};
use crate::scoring::text;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where a case's question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `question_id` named a bank question: its full rubric is used.
    BankId,
    /// The case's prompt is a bank question's prompt or alias: its full rubric is used.
    BankWording,
    /// Built from the case's plain-string points and pitfalls.
    CaseRubric,
    /// Built from the case's prompt and standard answer only.
    Reference,
}

/// Resolves cases, building each distinct case question once.
pub struct Resolver<'b> {
    bank: &'b Bank,
    built: HashMap<CaseQuestion, Arc<Question>>,
    ids: HashSet<String>,
}

impl<'b> Resolver<'b> {
    pub fn new(bank: &'b Bank) -> Self {
        Resolver { bank, built: HashMap::new(), ids: HashSet::new() }
    }

    /// The case's question, or why it has none (an unknown `question_id` and no question of its own).
    pub fn resolve(&mut self, case: &Case) -> Result<(Arc<Question>, Source), String> {
        if let Some(id) = &case.question_id {
            match (self.bank.require(id), &case.question) {
                (Ok(question), _) => return Ok((question.clone(), Source::BankId)),
                (Err(err), None) => return Err(format!("{err:#}")),
                (Err(_), Some(_)) => {}
            }
        }
        let wanted = case.question.as_ref().expect("a case has a question_id or a question");
        if let Some(question) = self.bank.find_by_wording(&wanted.prompt) {
            return Ok((question.clone(), Source::BankWording));
        }
        let source = if wanted.points.is_empty() { Source::Reference } else { Source::CaseRubric };
        if let Some(question) = self.built.get(wanted) {
            return Ok((question.clone(), source));
        }
        let id = self.fresh_id(case.question_id.as_deref().unwrap_or(&wanted.prompt));
        let question = Arc::new(question_from_case(&id, wanted));
        self.built.insert(wanted.clone(), question.clone());
        Ok((question, source))
    }

    /// A readable id: the case's `question_id`, or `ref-` and the prompt's first words; numbered when taken.
    fn fresh_id(&mut self, base: &str) -> String {
        let base = if self.bank.get(base).is_some() || base.contains(char::is_whitespace) || base.len() > 40 {
            let words: Vec<String> = base
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(6)
                .map(str::to_lowercase)
                .collect();
            format!("ref-{}", words.join("-"))
        } else {
            base.to_string()
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// A question for a case's own rubric.
///
/// Each plain-string point becomes a point of importance 2 whose `expected` text is the string and whose
/// evidence concepts are the string's content words (stopwords dropped, one concept per distinct stem): the
/// point is covered when the answer states all of them, partial when it states some. Each pitfall becomes a
/// major pitfall hit when the answer states all of its content words. Word order is free, as answers paraphrase;
/// negated mentions do not count, as everywhere in the offline scorer. Without points the scorer works from the
/// standard answer alone, and pitfalls are then not judged.
pub fn question_from_case(id: &str, case: &CaseQuestion) -> Question {
    let mut question = Question::from_reference(id, &case.prompt, &case.standard_answer);
    question.points = numbered_concepts(&case.points)
        .map(|(n, text, evidence)| Point {
            id: PointId(format!("point-{n}")),
            assesses: text.clone(),
            expected: text.clone(),
            importance: 2,
            evidence,
            contradicts: Vec::new(),
        })
        .collect();
    question.pitfalls = numbered_concepts(&case.pitfalls)
        .map(|(n, text, evidence)| Pitfall {
            id: PitfallId(format!("pitfall-{n}")),
            description: text.clone(),
            severity: Severity::Major,
            evidence,
            code: Vec::new(),
        })
        .collect();
    question
}

/// The strings that have words, numbered from 1, with their concepts.
fn numbered_concepts(texts: &[String]) -> impl Iterator<Item = (usize, &String, Vec<Concept>)> {
    texts.iter().filter_map(|text| Some((text, content_concepts(text)?))).enumerate().map(|(n, (t, c))| (n + 1, t, c))
}

/// One concept per distinct content word of `text`; the whole text when it has only stopwords; `None` when it
/// has no word at all (such a point could never be judged).
fn content_concepts(text: &str) -> Option<Vec<Concept>> {
    let tokens = text::tokenize(text);
    if tokens.is_empty() {
        return None;
    }
    let mut stems = HashSet::new();
    let concepts: Vec<Concept> = tokens
        .iter()
        .filter(|t| !text::is_stopword(&t.word) && t.word.len() > 1 && stems.insert(t.stem.clone()))
        .map(|t| Concept(t.word.clone()))
        .collect();
    if concepts.is_empty() {
        let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
        return Some(vec![Concept(words.join(" "))]);
    }
    Some(concepts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::case::parse;

    fn case(line: &str) -> Case {
        parse(line).unwrap().cases.remove(0)
    }

    fn bank() -> Bank {
        Bank::load(&[] as &[&str]).unwrap()
    }

    #[test]
    fn a_question_id_names_a_bank_question() {
        let bank = bank();
        let (question, source) = Resolver::new(&bank)
            .resolve(&case(r#"{"id":"1","question_id":"gil","answer":"","grade":0,"grade_max":1}"#))
            .unwrap();
        assert_eq!((question.id.as_str(), source), ("gil", Source::BankId));
    }

    #[test]
    fn an_unknown_question_id_without_a_question_is_an_error() {
        let bank = bank();
        let err = Resolver::new(&bank)
            .resolve(&case(r#"{"id":"1","question_id":"nope","answer":"","grade":0,"grade_max":1}"#))
            .unwrap_err();
        assert!(err.contains("unknown question id `nope`"), "{err}");
    }

    #[test]
    fn a_prompt_matching_a_bank_alias_uses_the_bank_rubric() {
        let bank = bank();
        let line = r#"{"id":"1","question":{"prompt":"what is gil, and WHY is it important"},"answer":"","grade":0,"grade_max":1}"#;
        let (question, source) = Resolver::new(&bank).resolve(&case(line)).unwrap();
        assert_eq!((question.id.as_str(), source), ("gil", Source::BankWording));
        assert!(!question.points.is_empty());
    }

    #[test]
    fn a_prompt_with_only_a_standard_answer_becomes_a_reference_question_built_once() {
        let bank = bank();
        let mut resolver = Resolver::new(&bank);
        let line = |id: &str| {
            format!(
                r#"{{"id":"{id}","question":{{"prompt":"What does TCP add over UDP?","standard_answer":"Reliability."}},"answer":"","grade":0,"grade_max":1}}"#
            )
        };
        let (first, source) = resolver.resolve(&case(&line("1"))).unwrap();
        let (second, _) = resolver.resolve(&case(&line("2"))).unwrap();
        assert_eq!(source, Source::Reference);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first.id.as_str(), "ref-what-does-tcp-add-over-udp");
        assert!(first.points.is_empty());
    }

    #[test]
    fn plain_string_points_become_points_evidenced_by_their_content_words() {
        let question = question_from_case(
            "q",
            &CaseQuestion {
                prompt: "Why a lock?".into(),
                points: vec!["Only one thread runs at a time".into(), "  ".into()],
                pitfalls: vec!["Locks make code faster".into()],
                standard_answer: String::new(),
            },
        );
        assert_eq!(question.points.len(), 1);
        let point = &question.points[0];
        assert_eq!(point.expected, "Only one thread runs at a time");
        let concepts: Vec<&str> = point.evidence.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(concepts, vec!["thread", "runs", "time"]);
        assert_eq!(question.pitfalls[0].severity, Severity::Major);
        assert_eq!(question.pitfalls[0].evidence.len(), 4);
    }
}
