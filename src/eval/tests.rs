use super::*;
use crate::scoring::offline::OfflineScorer;

fn cases(lines: &[&str]) -> Vec<Case> {
    case::parse(&lines.join("\n")).unwrap().cases
}

fn reference_case(id: &str, answer: &str, grade: f64, split: &str) -> String {
    serde_json::json!({
        "id": id,
        "question": {"prompt": "What does TCP add to IP?", "standard_answer": "TCP adds reliable, ordered delivery \
            with acknowledgements, retransmission, flow control and congestion control."},
        "answer": answer, "grade": grade, "grade_max": 1, "split": split, "group": "tcp",
    })
    .to_string()
}

fn sample() -> Vec<Case> {
    let lines = [
        reference_case("full", "TCP adds reliable ordered delivery with acknowledgements, retransmission, flow control and congestion control.", 1.0, "a"),
        reference_case("half", "It retransmits lost segments and acknowledges them.", 0.5, "a"),
        reference_case("none", "I don't know.", 0.0, "b"),
        reference_case("wrong", "Bananas are yellow and grow in warm countries near the sea in large bunches.", 0.75, "b"),
    ];
    cases(&lines.iter().map(String::as_str).collect::<Vec<_>>())
}

fn resolved(cases: Vec<Case>) -> Vec<Resolved> {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    resolve_all(&bank, cases, &mut Vec::new()).unwrap()
}

#[test]
fn scoring_with_threads_keeps_the_cases_order() {
    let cases = resolved(sample());
    let sequential = score_all(&cases, &OfflineScorer, 1, &|_| {});
    let calls = AtomicUsize::new(0);
    let threaded = score_all(&cases, &OfflineScorer, 3, &|_| {
        calls.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(sequential, threaded);
    assert_eq!(calls.load(Ordering::Relaxed), cases.len());
}

#[test]
fn selecting_splits_keeps_only_their_cases() {
    let kept = select_splits(sample(), &["b".to_string()]).unwrap();
    assert_eq!(kept.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["none", "wrong"]);
    assert_eq!(select_splits(sample(), &[]).unwrap().len(), 4);
}

#[test]
fn an_unknown_split_is_an_error_naming_the_splits_there_are() {
    let err = select_splits(sample(), &["c".to_string()]).unwrap_err();
    assert_eq!(err.to_string(), "no case has split `c`; the splits are: a, b");
}

#[test]
fn report_breaks_down_by_label_and_lists_the_worst_disagreement_first() {
    let cases = resolved(sample());
    let scored = vec![(Band(4), 95), (Band(2), 50), (Band(0), 0), (Band(0), 0)];
    let report = Report::new(ScorerKind::Offline, &cases, &scored, Vec::new());
    assert_eq!(report.cases, 4);
    assert_eq!(report.questions.get(&Source::Reference), Some(&4));
    assert_eq!(report.by_split["a"].cases, 2);
    assert_eq!(report.by_split["a"].exact, Some(1.0));
    assert_eq!(report.by_group["tcp"].cases, 4);
    assert!(report.by_kind.is_empty());
    assert_eq!(report.worst.len(), 1);
    let worst = &report.worst[0];
    assert_eq!((worst.id.as_str(), worst.human_band, worst.our_band), ("wrong", 3, 0));
    assert_eq!(worst.question_id.as_str(), "ref-what-does-tcp-add-to-ip");
}

#[test]
fn predictions_carry_the_human_grade() {
    let cases = resolved(sample());
    let scored = vec![(Band(4), 95), (Band(2), 50), (Band(0), 0), (Band(0), 0)];
    let line = serde_json::to_string(&predictions(&cases, &scored)[1]).unwrap();
    assert_eq!(line, r#"{"id":"half","band":2,"score":50,"grade":0.5,"grade_max":1.0}"#);
}

#[test]
fn excerpts_are_one_line_and_cut_long_answers() {
    assert_eq!(excerpt("a\n  b\tc"), "a b c");
    let long = "word ".repeat(100);
    let cut = excerpt(&long);
    assert!(cut.ends_with('…') && cut.chars().count() <= EXCERPT_CHARS + 1, "{cut}");
}
