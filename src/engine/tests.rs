use super::select::{select, Selection};
use super::*;
use crate::bank::{Bank, Concept, Level as QLevel, Point, QuestionId};
use crate::scoring::{grade, Level, Request, ScorerKind, Signals};

/// A scorer for engine tests: the answer "a b" covers points a and b, "~a" makes a partial, "" covers nothing.
struct Scripted;

impl Scorer for Scripted {
    fn kind(&self) -> ScorerKind {
        ScorerKind::Offline
    }

    fn score(&self, request: &Request<'_>) -> Scoring {
        let words: Vec<&str> = request.answer.split_whitespace().collect();
        let points: Vec<PointVerdict> = request
            .question
            .points
            .iter()
            .filter(|p| request.focus.is_none_or(|f| f.contains(&p.id)))
            .map(|p| {
                let level = if words.contains(&p.id.as_str()) {
                    Level::Covered
                } else if words.contains(&format!("~{}", p.id).as_str()) {
                    Level::Partial
                } else {
                    Level::Missed
                };
                PointVerdict { id: p.id.clone(), level, evidence: vec![], contradicted: false, recovered: false }
            })
            .collect();
        let signals = Signals { empty: request.answer.trim().is_empty(), ..Signals::default() };
        let (band, score) = grade::grade(request.question, &points, &[], &signals);
        Scoring {
            band,
            score,
            points,
            pitfalls: vec![],
            signals,
            feedback: String::new(),
            scorer: self.kind(),
            provenance: Default::default(),
        }
    }
}

fn question(id: &str, points: &[(&str, u8)], followups: &[&[&str]]) -> Arc<Question> {
    let mut q = Question::from_reference(id, &format!("Question {id}?"), "Answer.");
    q.points = points
        .iter()
        .map(|(pid, importance)| Point {
            id: PointId(pid.to_string()),
            assesses: format!("assesses {pid}"),
            expected: format!("expected {pid}"),
            importance: *importance,
            evidence: vec![Concept(pid.to_string())],
            contradicts: vec![],
        })
        .collect();
    q.followups = followups
        .iter()
        .enumerate()
        .map(|(n, probes)| Followup {
            ask: format!("Follow-up {n}?"),
            probes: probes.iter().map(|p| PointId(p.to_string())).collect(),
            expected: None,
        })
        .collect();
    Arc::new(q)
}

fn three_point_session(max_followups: usize) -> Session {
    let q = question("q", &[("a", 1), ("b", 3), ("c", 2)], &[&["a"], &["b"], &["c"]]);
    Session::new(vec![q, question("r", &[("x", 2)], &[&["x"]])], max_followups)
}

#[test]
fn follow_up_probes_the_most_important_missed_point() {
    let mut session = three_point_session(2);
    session.answer_with(&Scripted, "nothing".into()).unwrap();
    assert_eq!(session.current().unwrap().text(), "Follow-up 1?", "probes b, importance 3");
    session.answer_with(&Scripted, "b".into()).unwrap();
    assert_eq!(session.current().unwrap().text(), "Follow-up 2?", "then c, importance 2");
}

#[test]
fn nothing_missed_moves_straight_on() {
    let mut session = three_point_session(2);
    let outcome = session.answer_with(&Scripted, "a b c".into()).unwrap();
    assert_eq!(outcome.closed.unwrap().band.0, 4);
    let ask = session.current().unwrap();
    assert_eq!((ask.number, ask.followup.is_none()), (2, true));
}

#[test]
fn follow_ups_stop_at_the_budget() {
    let mut session = three_point_session(1);
    session.answer_with(&Scripted, "nothing".into()).unwrap();
    assert!(session.current().unwrap().followup.is_some());
    session.answer_with(&Scripted, "still nothing".into()).unwrap();
    assert_eq!(session.current().unwrap().number, 2);
}

#[test]
fn a_good_follow_up_answer_recovers_credit() {
    let mut session = three_point_session(1);
    let first = session.answer_with(&Scripted, "a c".into()).unwrap();
    assert_eq!(first.scoring.band.0, 2);
    let outcome = session.answer_with(&Scripted, "b".into()).unwrap();
    assert_eq!(outcome.recovered, vec![PointId("b".into())]);
    let result = outcome.closed.unwrap();
    assert_eq!(result.band.0, 4);
    assert!(result.points.iter().find(|v| v.id.as_str() == "b").unwrap().recovered);
}

#[test]
fn an_empty_answer_gets_no_follow_up() {
    let mut session = three_point_session(2);
    session.answer_with(&Scripted, " ".into()).unwrap();
    assert_eq!(session.current().unwrap().number, 2);
}

#[test]
fn skip_marks_the_question_and_moves_on() {
    let mut session = three_point_session(2);
    session.skip();
    assert!(session.records()[0].skipped);
    assert_eq!(session.current().unwrap().number, 2);
    session.skip();
    assert!(session.is_finished() && session.current().is_none());
}

#[test]
fn hints_reveal_unhinted_points_by_importance_and_are_recorded() {
    let mut session = three_point_session(2);
    assert_eq!(session.hint().unwrap().id.as_str(), "b");
    assert_eq!(session.hint().unwrap().id.as_str(), "c");
    assert_eq!(session.hint().unwrap().id.as_str(), "a");
    assert!(session.hint().is_none());
    assert_eq!(session.records()[0].hints.len(), 3);
}

#[test]
fn the_answer_is_recorded_before_it_is_scored() {
    let mut session = three_point_session(2);
    session.submit("my answer".into()).unwrap();
    let exchange = &session.records()[0].exchanges[0];
    assert_eq!((exchange.answer.as_str(), exchange.scoring.is_none()), ("my answer", true));
    assert!(session.current().is_none(), "no new prompt while scoring");
    assert!(session.submit("again".into()).is_err());
}

#[test]
fn follow_up_answers_are_scored_against_the_probed_points_only() {
    let mut session = three_point_session(2);
    session.answer_with(&Scripted, "a c".into()).unwrap();
    session.submit("b".into()).unwrap();
    let focus: Vec<&str> = session.request().unwrap().focus.unwrap().iter().map(|p| p.as_str()).collect();
    assert_eq!(focus, ["b"]);
}

fn selection(count: usize, seed: u64) -> Selection {
    Selection { topics: vec![], level: None, count, seed, ids: vec![] }
}

fn ids(questions: &[Arc<Question>]) -> Vec<QuestionId> {
    questions.iter().map(|q| q.id.clone()).collect()
}

#[test]
fn the_same_seed_gives_the_same_questions() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let a = ids(&select(&bank, &selection(6, 42)).unwrap());
    assert_eq!(a, ids(&select(&bank, &selection(6, 42)).unwrap()));
    assert_ne!(a, ids(&select(&bank, &selection(6, 43)).unwrap()));
}

#[test]
fn selection_never_repeats_and_spreads_over_topics() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let topics = bank.topics().len();
    let chosen = select(&bank, &selection(topics, 7)).unwrap();
    let mut seen_ids = ids(&chosen);
    seen_ids.sort();
    seen_ids.dedup();
    assert_eq!(seen_ids.len(), topics);
    let mut seen_topics: Vec<&str> = chosen.iter().map(|q| q.topic.as_str()).collect();
    seen_topics.sort();
    seen_topics.dedup();
    assert_eq!(seen_topics.len(), topics, "one question per topic");
    assert_eq!(select(&bank, &selection(1000, 7)).unwrap().len(), bank.questions().len());
}

#[test]
fn selection_filters_by_topic_and_level() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let only = Selection { topics: vec!["language".into()], level: Some(QLevel::Mid), ..selection(50, 1) };
    let chosen = select(&bank, &only).unwrap();
    assert!(!chosen.is_empty());
    assert!(chosen.iter().all(|q| q.topic == "language" && q.level == QLevel::Mid));
}

#[test]
fn unknown_topics_are_errors_listing_the_known_ones() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let err = select(&bank, &Selection { topics: vec!["cooking".into()], ..selection(3, 1) }).unwrap_err();
    assert!(err.to_string().contains("unknown topic `cooking`; topics are: algorithms"), "{err}");
}

#[test]
fn follow_up_answers_skip_probed_points_already_covered() {
    let q = question("q", &[("a", 3), ("b", 2)], &[&["a", "b"]]);
    let mut session = Session::new(vec![q], 2);
    session.answer_with(&Scripted, "b".into()).unwrap();
    session.submit("a".into()).unwrap();
    let focus: Vec<&str> = session.request().unwrap().focus.unwrap().iter().map(|p| p.as_str()).collect();
    assert_eq!(focus, ["a"]);
}
