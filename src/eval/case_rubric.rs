//! A question built from a case's own rubric: plain-string points and pitfalls, as interview write-ups give them.
//!
//! Such write-ups mix two kinds of point. Some state content an answer should contain ("only one thread runs
//! bytecode at a time", or "mentions that tuples are immutable", whose grader's framing is dropped). Others are
//! a grader's brief ("Assesses the candidate's understanding of concurrency models"): they name what is
//! examined, not what an answer says, so no answer could be matched against their words, and they are left out;
//! the standard answer then carries the rubric.
use super::case::CaseQuestion;
use crate::bank::{Concept, Pitfall, PitfallId, Point, PointId, PointStyle, Question, Severity};
use crate::scoring::text;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A question for a case's own rubric.
///
/// Each content point becomes a point of importance 2 whose `expected` text is the content and whose evidence
/// concepts are its content words (stopwords dropped, one concept per distinct stem): the point is covered when
/// the answer states all of them, partial when it states some. Each pitfall becomes a major pitfall hit when the
/// answer states all of its content words. Word order is free, as answers paraphrase; negated mentions do not
/// count, as everywhere in the offline scorer. Without content points the scorer works from the standard answer
/// alone, and pitfalls are then not judged.
pub fn question_from_case(id: &str, case: &CaseQuestion) -> Question {
    let mut question = Question::from_reference(id, &case.prompt, &case.standard_answer);
    let contents = case.points.iter().filter_map(|point| Some((point, point_content(point)?)));
    question.points = numbered_concepts(contents)
        .map(|(n, (point, content), evidence)| Point {
            id: PointId(format!("point-{n}")),
            assesses: point.clone(),
            expected: content.to_string(),
            importance: 2,
            evidence,
            contradicts: Vec::new(),
        })
        .collect();
    question.point_style = PointStyle::Plain;
    question.pitfalls = numbered_concepts(case.pitfalls.iter().map(|p| (p, p.as_str())))
        .map(|(n, (text, _), evidence)| Pitfall {
            id: PitfallId(format!("pitfall-{n}")),
            description: text.clone(),
            severity: Severity::Major,
            evidence,
            unless: Vec::new(),
            code: Vec::new(),
        })
        .collect();
    question
}

/// What a point string says an answer contains, its grader's framing ("The candidate mentions that") cut off;
/// `None` for a grader's brief, which names a competence ("Evaluates their knowledge of X") instead.
fn point_content(point: &str) -> Option<&str> {
    static BRIEF: OnceLock<Regex> = OnceLock::new();
    static FRAMING: OnceLock<Regex> = OnceLock::new();
    let brief = BRIEF.get_or_init(|| {
        Regex::new(
            r"(?i)^\W*(assess|evaluat|test|check|examin|gauge|measur|prob|explor|determin|judg|verif|demonstrat|show)\w*\b.*\b(candidate|their|ability|abilities|understanding|knowledge|awareness|familiarity|grasp|experience|skills?|thinking|proficiency|expertise|competence|comprehension)\b",
        )
        .expect("brief pattern compiles")
    });
    let framing = FRAMING.get_or_init(|| {
        Regex::new(
            r"(?i)^\W*(the\s+)?(candidate|answer|response)?\s*(should\s+|must\s+|can\s+)?(mentions?|explains?|describes?|states?|notes?|discuss(es)?|identif(y|ies)|recogni[sz]es?|acknowledges?|points out|talks about|knows?|understands?|realises?|realizes?|is aware)\s+(of\s+)?(that\s+)?",
        )
        .expect("framing pattern compiles")
    });
    if brief.is_match(point) {
        return None;
    }
    let content = &point[framing.find(point).map_or(0, |m| m.end())..];
    Some(content.trim())
}

/// The items whose text has words, numbered from 1, with the concepts of their text.
fn numbered_concepts<'t, T>(
    items: impl Iterator<Item = (T, &'t str)>,
) -> impl Iterator<Item = (usize, (T, &'t str), Vec<Concept>)> {
    items
        .filter_map(|(item, text)| Some(((item, text), content_concepts(text)?)))
        .enumerate()
        .map(|(n, (item, concepts))| (n + 1, item, concepts))
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
        .filter(|t| text::is_content_word(&t.word) && stems.insert(t.stem.clone()))
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

    fn question(points: &[&str], pitfalls: &[&str]) -> Question {
        question_from_case(
            "q",
            &CaseQuestion {
                prompt: "Why a lock?".into(),
                points: points.iter().map(|p| p.to_string()).collect(),
                pitfalls: pitfalls.iter().map(|p| p.to_string()).collect(),
                standard_answer: "Only one thread runs bytecode at a time.".into(),
            },
        )
    }

    #[test]
    fn plain_string_points_become_points_evidenced_by_their_content_words() {
        let question = question(&["Only one thread runs at a time", "  "], &["Locks make code faster"]);
        assert_eq!(question.points.len(), 1);
        let point = &question.points[0];
        assert_eq!(point.expected, "Only one thread runs at a time");
        let concepts: Vec<&str> = point.evidence.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(concepts, vec!["thread", "runs", "time"]);
        assert_eq!(question.pitfalls[0].severity, Severity::Major);
        assert_eq!(question.pitfalls[0].evidence.len(), 4);
    }

    #[test]
    fn a_graders_brief_is_not_a_point() {
        let question = question(
            &[
                "Assesses the candidate's deep understanding of CPython's internal workings.",
                "Evaluates their knowledge of concurrency models in Python.",
                "- Tests their ability to choose the right tool for CPU-bound vs. I/O-bound tasks.",
                "Tests should run in isolation",
            ],
            &[],
        );
        let expected: Vec<&str> = question.points.iter().map(|p| p.expected.as_str()).collect();
        assert_eq!(expected, vec!["Tests should run in isolation"]);
        assert_eq!(question.points[0].id.as_str(), "point-1");
    }

    #[test]
    fn coverage_of_plain_points_is_read_off_the_standard_answer_and_the_points() {
        use crate::scoring::offline::OfflineScorer;
        use crate::scoring::{Request, Scorer};
        let question = question_from_case(
            "q",
            &CaseQuestion {
                prompt: "How do lists and tuples differ?".into(),
                points: vec![
                    "Assesses the candidate's understanding of mutability.".into(),
                    "Mentions that tuples can be dictionary keys and lists cannot".into(),
                ],
                pitfalls: Vec::new(),
                standard_answer: "Lists are mutable: you can change, add or remove elements after creation. Tuples \
                                  are immutable, so they are hashable and can be used as dictionary keys."
                    .into(),
            },
        );
        assert_eq!(question.point_style, PointStyle::Plain);
        let band = |answer: &str| OfflineScorer.score(&Request { question: &question, answer, focus: None }).band.0;
        let full = "A list is mutable, you can add, remove or change elements after creation. A tuple is immutable \
                    and hashable, so tuples can be dictionary keys while lists cannot.";
        let half = "Lists can change after creation.";
        let elsewhere = "I would put the service behind a load balancer and cache hot rows in Redis for speed.";
        assert!(band(full) >= 3, "full answer: band {}", band(full));
        assert!((1..=2).contains(&band(half)), "half answer: band {}", band(half));
        assert_eq!(band(elsewhere), 0);
    }

    #[test]
    fn a_graders_framing_is_cut_from_a_content_point() {
        let question =
            question(&["Mentions that tuples are immutable", "The candidate should explain how GC works"], &[]);
        let expected: Vec<&str> = question.points.iter().map(|p| p.expected.as_str()).collect();
        assert_eq!(expected, vec!["tuples are immutable", "how GC works"]);
        assert_eq!(question.points[1].assesses, "The candidate should explain how GC works");
    }

    #[test]
    fn a_short_answer_in_the_references_words_states_part_of_it() {
        use crate::scoring::offline::OfflineScorer;
        use crate::scoring::{Request, Scorer};
        let question = question_from_case(
            "q",
            &CaseQuestion {
                prompt: "What are metaclasses in Python?".into(),
                points: vec!["Assesses the candidate's understanding of Python's object model.".into()],
                pitfalls: Vec::new(),
                standard_answer: "A metaclass is the class of a class: classes are objects, and the metaclass creates \
                                  them. The default metaclass is type. A custom metaclass subclasses type and \
                                  overrides __new__ or __init__ to inspect or change the class body when the class \
                                  statement runs: registering subclasses, validating attributes, adding methods. \
                                  Frameworks such as Django's ORM use them; class decorators and __init_subclass__ \
                                  are simpler alternatives for most needs. Because a metaclass is inherited by every \
                                  subclass, two bases with unrelated metaclasses conflict, and the resulting magic is \
                                  hard for colleagues to follow, so reach for one only when a decorator cannot do \
                                  the job."
                    .into(),
            },
        );
        let band = |answer: &str| OfflineScorer.score(&Request { question: &question, answer, focus: None }).band.0;
        assert_eq!(band("A metaclass is the class of a class, by default type."), 2);
        assert!(band("I think it is a class that my team uses a lot for our reporting needs at work.") <= 1);
    }
}
