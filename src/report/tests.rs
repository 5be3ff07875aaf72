//! The exported report: snapshots of the Markdown and JSON, HTML escaping and evidence highlighting.
use super::document::{highlight, Report, SessionHeader};
use super::{html, markdown};
use crate::bank::{
    Concept, Followup, Level as QuestionLevel, Pitfall, PitfallId, Point, PointId, PointStyle, Question, QuestionId,
    Severity,
};
use crate::engine::Session;
use crate::scoring::{
    Band, HybridCheck, Level, LlmCall, PitfallHit, PointVerdict, Provenance, ScorerKind, Scoring, Signals, TokenUsage,
};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

fn question() -> Question {
    let point = |id: &str, assesses: &str| Point {
        id: PointId(id.into()),
        assesses: assesses.into(),
        expected: format!("{assesses}."),
        importance: 3,
        evidence: vec![Concept(id.into())],
        contradicts: Vec::new(),
    };
    Question {
        id: QuestionId("sets".into()),
        prompt: "What is a set <and> when do you use one?".into(),
        aliases: Vec::new(),
        topic: "data-structures".into(),
        level: QuestionLevel::Mid,
        sources: Vec::new(),
        standard_answer: "A set holds unique items with O(1) membership.".into(),
        points: vec![point("unique", "Knows sets hold unique items"), point("membership", "Knows membership is O(1)")],
        point_style: PointStyle::Authored,
        pitfalls: vec![Pitfall {
            id: PitfallId("ordered".into()),
            description: "Claims sets keep insertion order".into(),
            severity: Severity::Minor,
            evidence: Vec::new(),
            unless: Vec::new(),
            code: Vec::new(),
        }],
        followups: vec![Followup {
            ask: "How fast is `x in s`?".into(),
            probes: vec![PointId("membership".into())],
            expected: None,
        }],
        notes: None,
    }
}

fn verdict(id: &str, level: Level, evidence: &[&str]) -> PointVerdict {
    PointVerdict {
        id: PointId(id.into()),
        level,
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        contradicted: false,
        recovered: false,
    }
}

fn scoring(band: u8, score: u8, points: Vec<PointVerdict>, provenance: Provenance) -> Scoring {
    Scoring {
        band: Band(band),
        score,
        points,
        pitfalls: Vec::new(),
        signals: Signals::default(),
        feedback: "Say why membership is fast.".into(),
        scorer: if provenance.llm.is_some() { ScorerKind::Hybrid } else { ScorerKind::Offline },
        provenance,
    }
}

/// A session with a main answer scored by the hybrid scorer (a disagreement), a follow-up scored offline after an
/// LLM failure, every time fixed.
fn report() -> Report {
    let question = Arc::new(question());
    let mut session = Session::new(vec![question.clone()], 1);
    session.submit("Sets hold unique items. They keep insertion order. <script>alert(1)</script>".into()).unwrap();
    let mut main = scoring(
        1,
        35,
        vec![verdict("unique", Level::Covered, &["unique items"]), verdict("membership", Level::Missed, &[])],
        Provenance {
            llm: Some(LlmCall {
                model: "gpt-test".into(),
                prompt_version: "v3".into(),
                output: "json_schema".into(),
                usage: TokenUsage::default(),
                cost_usd: None,
                requests: 1,
            }),
            hybrid: Some(HybridCheck {
                offline_band: Band(1),
                llm_band: Band(3),
                disagreement: true,
                manipulation_capped: false,
            }),
            ..Provenance::default()
        },
    );
    main.pitfalls.push(PitfallHit { id: PitfallId("ordered".into()), evidence: vec!["keep insertion order".into()] });
    session.complete(main);
    session.submit("Membership is O(1) because sets are hash tables.".into()).unwrap();
    session.record_integrity(crate::engine::Integrity { pasted_chars: 40, total_chars: 48, first_key_ms: Some(3200) });
    session.complete(scoring(
        2,
        60,
        vec![verdict("membership", Level::Covered, &["O(1)", "hash tables"])],
        Provenance { fallback_reason: Some("endpoint timed out".into()), ..Provenance::default() },
    ));
    let epoch = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut snapshot = session.snapshot();
    for (i, exchange) in snapshot.records.iter_mut().flat_map(|r| r.exchanges.iter_mut()).enumerate() {
        exchange.asked_at = epoch + Duration::from_secs(100 * i as u64);
        exchange.answered_at = exchange.asked_at + Duration::from_secs(42);
    }
    let session = Session::restore(snapshot, |_| Some(question.clone())).unwrap();
    let header = SessionHeader {
        id: "2027-01-15T080000-practice".into(),
        mode: "practice".into(),
        candidate: Some("Ada <Lovelace>".into()),
        started_at: "2027-01-15T08:00:00Z".into(),
        status: "finished".into(),
        scorer: "hybrid".into(),
        pass_mark: Some(2.5),
    };
    Report::build(header, session.records())
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(markdown::render(&report()));
}

#[test]
fn json_report() {
    insta::assert_json_snapshot!(report());
}

#[test]
fn candidate_text_in_the_html_report_renders_as_text() {
    let page = html::render(&report());
    assert!(!page.contains("<script>"), "raw script tag in:\n{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("Ada &lt;Lovelace&gt;"));
    assert!(page.contains("What is a set &lt;and&gt; when do you use one?"));
}

#[test]
fn the_html_report_is_self_contained() {
    let page = html::render(&report());
    for external in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(external), "{external} in the page");
    }
    assert!(page.contains("default-src 'none'"));
}

#[test]
fn evidence_is_highlighted_and_fallback_and_disagreement_shown() {
    let page = html::render(&report());
    assert!(page.contains("<mark>unique items</mark>"), "{page}");
    assert!(page.contains("<mark>O(1)</mark> because sets are <mark>hash tables</mark>"), "{page}");
    assert!(page.contains("Offline fallback: 1 turn(s)"));
    assert!(page.contains("Hybrid disagreement: on 1 turn(s)"));
    assert!(page.contains("model gpt-test"));
}

#[test]
fn highlight_merges_overlapping_quotes_and_ignores_ascii_case() {
    let quotes = vec!["hash table".to_string(), "TABLE lookups".to_string(), "absent".to_string()];
    let segments = highlight("A hash table lookups are fast", &quotes);
    assert_eq!(segments, [("A ", false), ("hash table lookups", true), (" are fast", false)]);
}
