//! Which question a case answers: a bank question by id, else a bank question whose prompt or alias has the
//! case's wording, else a question built from the case itself.
use super::case::{Case, CaseQuestion};
use super::case_rubric::question_from_case;
use crate::bank::{Bank, Question};
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
    /// Built from the case's plain-string points (those that state content) and pitfalls.
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
        let question = match self.built.get(wanted) {
            Some(question) => question.clone(),
            None => {
                let id = self.fresh_id(case.question_id.as_deref().unwrap_or(&wanted.prompt));
                let question = Arc::new(question_from_case(&id, wanted));
                self.built.insert(wanted.clone(), question.clone());
                question
            }
        };
        let source = if question.points.is_empty() { Source::Reference } else { Source::CaseRubric };
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
    fn a_case_whose_points_are_all_graders_briefs_is_scored_by_its_standard_answer() {
        let bank = bank();
        let line = r#"{"id":"1","question":{"prompt":"Why a lock?","points":["Assesses the candidate's knowledge of locks."],"standard_answer":"Only one thread runs at a time."},"answer":"","grade":0,"grade_max":1}"#;
        let (question, source) = Resolver::new(&bank).resolve(&case(line)).unwrap();
        assert_eq!(source, Source::Reference);
        assert!(question.points.is_empty());
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
}
