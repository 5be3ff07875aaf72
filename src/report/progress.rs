//! Across sessions: a practising candidate's progress per topic with the topics due for review (`history`), and
//! candidates side by side (`compare`). Both work from stored snapshots, so they need no bank.
use crate::engine::snapshot::RecordState;
use crate::store::db::StoredSession;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::SystemTime;

/// One stored session as these views need it.
pub struct SessionResults<'a> {
    /// A column heading: the candidate, else the session id.
    pub label: String,
    pub started_at: SystemTime,
    pub records: &'a [RecordState],
}

impl<'a> SessionResults<'a> {
    pub fn of(stored: &'a StoredSession, label: String) -> SessionResults<'a> {
        SessionResults { label, started_at: stored.row.info.started_at, records: &stored.snapshot.records }
    }
}

/// [`history`] over the practice sessions among `stored` (screens are not practice).
pub fn practice_history(stored: &[StoredSession]) -> Vec<TopicProgress> {
    let sessions: Vec<SessionResults<'_>> = stored
        .iter()
        .filter(|s| s.row.info.mode == "practice")
        .map(|s| SessionResults::of(s, s.row.info.id.clone()))
        .collect();
    history(&sessions)
}

/// The band of a question (0 when skipped or unanswered), or None when it was never reached.
fn band(record: &RecordState) -> Option<u8> {
    if record.skipped {
        return Some(0);
    }
    if record.exchanges.is_empty() {
        return None;
    }
    Some(record.result.as_ref().map_or(0, |r| r.band.0))
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicProgress {
    pub topic: String,
    pub sessions: usize,
    pub questions: usize,
    /// Mean band in the first and the latest session that asked this topic.
    pub first_band: f64,
    pub latest_band: f64,
    pub last_practised: String,
}

/// Progress per topic over `sessions` (oldest first), most in need of review first: the weakest latest band,
/// then the least recently practised.
pub fn history(sessions: &[SessionResults<'_>]) -> Vec<TopicProgress> {
    let mut by_topic: BTreeMap<&str, Vec<(SystemTime, f64, usize)>> = BTreeMap::new();
    for session in sessions {
        let mut per_topic: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
        for record in session.records {
            if let Some(band) = band(record) {
                per_topic.entry(&record.topic).or_default().push(band);
            }
        }
        for (topic, bands) in per_topic {
            let mean = bands.iter().map(|&b| f64::from(b)).sum::<f64>() / bands.len() as f64;
            by_topic.entry(topic).or_default().push((session.started_at, mean, bands.len()));
        }
    }
    let mut rows: Vec<(TopicProgress, SystemTime)> = by_topic
        .into_iter()
        .map(|(topic, mut runs)| {
            runs.sort_by_key(|run| run.0);
            let (first, latest) = (runs[0], runs[runs.len() - 1]);
            let progress = TopicProgress {
                topic: topic.to_string(),
                sessions: runs.len(),
                questions: runs.iter().map(|run| run.2).sum(),
                first_band: first.1,
                latest_band: latest.1,
                last_practised: humantime::format_rfc3339_seconds(latest.0).to_string(),
            };
            (progress, latest.0)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.0.latest_band.total_cmp(&b.0.latest_band).then(a.1.cmp(&b.1)).then(a.0.topic.cmp(&b.0.topic))
    });
    rows.into_iter().map(|(progress, _)| progress).collect()
}

pub fn history_text(rows: &[TopicProgress]) -> String {
    if rows.is_empty() {
        return "No practice answered yet: `interviewer practice` starts a session.\n".to_string();
    }
    let mut out = format!(
        "{:<20} {:>8} {:>9} {:>6} {:>7}  {}\n",
        "topic (review first)", "sessions", "questions", "first", "latest", "last practised"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "{:<20} {:>8} {:>9} {:>6.1} {:>7.1}  {}",
            row.topic, row.sessions, row.questions, row.first_band, row.latest_band, row.last_practised
        );
    }
    let due: Vec<&str> = rows.iter().filter(|r| r.latest_band < 3.0).take(3).map(|r| r.topic.as_str()).collect();
    if !due.is_empty() {
        let _ = writeln!(out, "\nDue for review: {}", due.join(", "));
    }
    out
}

/// Candidates side by side: a band per question and a mean per topic for each session.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub labels: Vec<String>,
    /// (question id, band per session: None when that session did not ask it).
    pub questions: Vec<(String, Vec<Option<u8>>)>,
    pub topics: Vec<(String, Vec<Option<f64>>)>,
    pub overall: Vec<Option<f64>>,
}

pub fn compare(sessions: &[SessionResults<'_>]) -> Comparison {
    let mut question_ids: Vec<String> = Vec::new();
    let mut topics: Vec<String> = Vec::new();
    for record in sessions.iter().flat_map(|s| s.records) {
        if !question_ids.contains(&record.question.0) {
            question_ids.push(record.question.0.clone());
        }
        if !topics.contains(&record.topic) {
            topics.push(record.topic.clone());
        }
    }
    topics.sort();
    let mean = |bands: Vec<u8>| {
        (!bands.is_empty()).then(|| bands.iter().map(|&b| f64::from(b)).sum::<f64>() / bands.len() as f64)
    };
    let questions = question_ids
        .iter()
        .map(|id| {
            let bands =
                sessions.iter().map(|s| s.records.iter().find(|r| &r.question.0 == id).and_then(band)).collect();
            (id.clone(), bands)
        })
        .collect();
    let topics = topics
        .iter()
        .map(|topic| {
            let means = sessions
                .iter()
                .map(|s| mean(s.records.iter().filter(|r| &r.topic == topic).filter_map(band).collect()))
                .collect();
            (topic.clone(), means)
        })
        .collect();
    let overall = sessions.iter().map(|s| mean(s.records.iter().filter_map(band).collect())).collect();
    Comparison { labels: sessions.iter().map(|s| s.label.clone()).collect(), questions, topics, overall }
}

pub fn compare_text(comparison: &Comparison) -> String {
    let width = comparison.labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).clamp(6, 24);
    let mut out = format!("{:<32}", "");
    for label in &comparison.labels {
        let label: String = label.chars().take(width).collect();
        let _ = write!(out, " {label:>width$}");
    }
    out.push('\n');
    let cell = |text: String| format!(" {text:>width$}");
    for (id, bands) in &comparison.questions {
        let _ = write!(out, "{id:<32}");
        for band in bands {
            out.push_str(&cell(band.map_or("-".to_string(), |b| format!("{b}/4"))));
        }
        out.push('\n');
    }
    out.push('\n');
    for (topic, means) in &comparison.topics {
        let _ = write!(out, "{:<32}", format!("topic {topic}"));
        for mean in means {
            out.push_str(&cell(mean.map_or("-".to_string(), |m| format!("{m:.1}"))));
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<32}", "overall mean band");
    for mean in &comparison.overall {
        out.push_str(&cell(mean.map_or("-".to_string(), |m| format!("{m:.1}"))));
    }
    out.push('\n');
    out
}

/// The comparison as one self-contained HTML page, all text escaped.
pub fn compare_html(comparison: &Comparison) -> String {
    use super::html::escape;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Candidates compared</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem}\
         table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:right}\
         td:first-child,th:first-child{text-align:left}</style>\n</head>\n<body>\n<h1>Candidates compared</h1>\n<table>\n<tr><th></th>",
    );
    for label in &comparison.labels {
        let _ = write!(out, "<th>{}</th>", escape(label));
    }
    out.push_str("</tr>\n");
    let mut row = |name: String, cells: Vec<String>| {
        let _ = write!(out, "<tr><td>{}</td>", escape(&name));
        for cell in cells {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    };
    for (id, bands) in &comparison.questions {
        row(id.clone(), bands.iter().map(|b| b.map_or("-".to_string(), |b| format!("{b}/4"))).collect());
    }
    for (topic, means) in &comparison.topics {
        row(format!("topic {topic}"), means.iter().map(|m| m.map_or("-".to_string(), |m| format!("{m:.1}"))).collect());
    }
    row(
        "overall mean band".to_string(),
        comparison.overall.iter().map(|m| m.map_or("-".to_string(), |m| format!("{m:.1}"))).collect(),
    );
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::QuestionId;
    use crate::engine::Exchange;
    use crate::scoring::{Band, ScorerKind, Scoring, Signals};
    use std::time::Duration;

    fn record(id: &str, topic: &str, band: Option<u8>) -> RecordState {
        let at = SystemTime::UNIX_EPOCH;
        let scoring = band.map(|b| Scoring {
            band: Band(b),
            score: b * 25,
            points: Vec::new(),
            pitfalls: Vec::new(),
            signals: Signals::default(),
            feedback: String::new(),
            scorer: ScorerKind::Offline,
            provenance: Default::default(),
        });
        let exchange = Exchange {
            kind: crate::engine::ExchangeKind::Question,
            prompt: String::new(),
            answer: "answer".into(),
            asked_at: at,
            answered_at: at,
            scoring: scoring.clone(),
            recovered: Vec::new(),
            integrity: None,
        };
        RecordState {
            question: QuestionId(id.into()),
            topic: topic.into(),
            exchanges: band.map(|_| vec![exchange]).unwrap_or_default(),
            hints: Vec::new(),
            skipped: false,
            result: scoring,
        }
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn history_puts_the_weakest_then_the_least_recent_topic_first() {
        let first = [record("a", "language", Some(1)), record("b", "web", Some(2)), record("c", "data", Some(2))];
        let second = [record("a", "language", Some(4)), record("c", "data", Some(2))];
        let sessions = [
            SessionResults { label: "s1".into(), started_at: at(100), records: &first },
            SessionResults { label: "s2".into(), started_at: at(200), records: &second },
        ];
        let rows = history(&sessions);
        let order: Vec<&str> = rows.iter().map(|r| r.topic.as_str()).collect();
        assert_eq!(order, ["web", "data", "language"], "web and data tie at 2.0; web was practised longer ago");
        let language = rows.iter().find(|r| r.topic == "language").unwrap();
        assert_eq!((language.first_band, language.latest_band, language.sessions), (1.0, 4.0, 2));
    }

    #[test]
    fn compare_lines_up_questions_and_marks_ones_not_asked() {
        let ada = [record("a", "language", Some(3)), record("b", "web", Some(1))];
        let bob = [record("a", "language", Some(2)), record("c", "web", None)];
        let sessions = [
            SessionResults { label: "ada".into(), started_at: at(1), records: &ada },
            SessionResults { label: "bob".into(), started_at: at(2), records: &bob },
        ];
        let comparison = compare(&sessions);
        assert_eq!(comparison.questions[0], ("a".to_string(), vec![Some(3), Some(2)]));
        assert_eq!(comparison.questions[1], ("b".to_string(), vec![Some(1), None]));
        assert_eq!(comparison.overall, [Some(2.0), Some(2.0)]);
        let text = compare_text(&comparison);
        assert!(text.contains("topic web") && text.contains("3/4"), "{text}");
    }

    #[test]
    fn compare_html_escapes_candidate_names() {
        let records = [record("a", "language", Some(3))];
        let sessions = [SessionResults { label: "<b>ada</b>".into(), started_at: at(1), records: &records }];
        let page = compare_html(&compare(&sessions));
        assert!(page.contains("&lt;b&gt;ada&lt;/b&gt;") && !page.contains("<b>"), "{page}");
    }
}
