//! From verdicts to a band and a 0-100 score: the one place where grading rules live, shared by every scorer.
use super::{Band, Level, PitfallHit, PointVerdict, Signals};
use crate::bank::{Question, Severity};

/// The credit a point earns: half for a partial point. This and the band thresholds below were fitted on the
/// tune split of tests/data/graded/dev.jsonl against both of its graders (mean QWK), so the scale sits
/// between a lenient and a strict grader rather than on one of them.
fn credit(level: Level) -> f64 {
    match level {
        Level::Covered => 1.0,
        Level::Partial => 0.5,
        Level::Missed => 0.0,
    }
}

/// The weighted share of the points' credit (0.0-1.0), importance-weighted.
pub fn coverage(question: &Question, points: &[PointVerdict]) -> f64 {
    let mut earned = 0.0;
    let mut total = 0.0;
    for verdict in points {
        let weight = question.point(&verdict.id).map_or(2, |p| p.importance) as f64;
        earned += weight * credit(verdict.level);
        total += weight;
    }
    if total == 0.0 {
        0.0
    } else {
        earned / total
    }
}

/// Band and score for verdicts over the points of `question`, given the pitfalls hit and whole-answer signals.
pub fn grade(question: &Question, points: &[PointVerdict], pitfalls: &[PitfallHit], signals: &Signals) -> (Band, u8) {
    grade_coverage(coverage(question, points), question, points, pitfalls, signals)
}

/// Like [`grade`], for a coverage figure computed by the caller (scoring against a reference answer).
pub fn grade_coverage(
    coverage: f64,
    question: &Question,
    points: &[PointVerdict],
    pitfalls: &[PitfallHit],
    signals: &Signals,
) -> (Band, u8) {
    if signals.empty || signals.off_topic {
        return (Band(0), 0);
    }
    let mut band = band_for_coverage(coverage, signals.has_example);
    let mut cap = 4u8;
    let major: Vec<&PitfallHit> = pitfalls
        .iter()
        .filter(|hit| question.pitfalls.iter().any(|p| p.id == hit.id && p.severity == Severity::Major))
        .collect();
    let minor = pitfalls.len() - major.len();
    let wrong_quotes = points
        .iter()
        .filter(|v| v.contradicted)
        .map(|v| v.evidence.as_slice())
        .chain(major.iter().map(|hit| hit.evidence.as_slice()))
        .chain(signals.misconception.as_slice().chunks(1));
    let inaccuracies = distinct_statements(wrong_quotes);
    match inaccuracies {
        0 => {}
        1 => cap = cap.min(2),
        _ => cap = cap.min(1),
    }
    if minor > 0 {
        band = band.saturating_sub(1).max(u8::from(band > 0));
    }
    if band == 0 && inaccuracies + minor > 0 {
        // A wrong claim made in the subject's own terms still touches the subject: "mostly wrong" is band 1.
        band = 1;
    }
    if signals.keyword_list {
        cap = cap.min(if signals.names_only { 0 } else { 1 });
    }
    if signals.generic && band < 3 {
        // Generic talk with a few matching words: it recognises the subject without explaining it.
        cap = cap.min(1);
    }
    band = band.min(cap);
    (Band(band), score_within_band(band, coverage))
}

/// How many distinct wrong statements the quotes of contradicted points and major pitfalls make: one sentence
/// that both contradicts a point and commits a pitfall is one inaccuracy, not two.
fn distinct_statements<'a>(quotes: impl Iterator<Item = &'a [String]>) -> usize {
    let overlap = |a: &[String], b: &[String]| {
        a.iter().any(|x| b.iter().any(|y| x.contains(y.as_str()) || y.contains(x.as_str())))
    };
    let mut seen: Vec<&[String]> = Vec::new();
    let mut count = 0;
    for quote in quotes {
        if quote.is_empty() || !seen.iter().any(|s| overlap(s, quote)) {
            count += 1;
        }
        seen.push(quote);
    }
    count
}

fn band_for_coverage(coverage: f64, has_example: bool) -> u8 {
    match coverage {
        c if c >= 0.95 || (c >= 0.85 && has_example) => 4,
        c if c >= 0.65 => 3,
        c if c >= 0.35 => 2,
        c if c > 0.0 => 1,
        _ => 0,
    }
}

/// Bands own disjoint score ranges (0: 0-19, 1: 20-39, ... 4: 80-100); coverage places the score within the band.
fn score_within_band(band: u8, coverage: f64) -> u8 {
    let low = f64::from(band) * 20.0;
    let high = if band == 4 { 100.0 } else { low + 19.0 };
    (coverage * 100.0).clamp(low, high).round() as u8
}

/// `band` and `score` lowered to at most `cap`, the score kept inside the capped band's range.
pub fn cap(band: Band, score: u8, cap: Band) -> (Band, u8) {
    if band <= cap {
        return (band, score);
    }
    let high = if cap.0 == 4 { 100 } else { cap.0 * 20 + 19 };
    (cap, score.clamp(cap.0 * 20, high))
}

/// Points ordered by how much a follow-up on them is worth: missed before partial, then by importance.
pub fn weakest_points<'a>(question: &Question, points: &'a [PointVerdict]) -> Vec<&'a PointVerdict> {
    let mut weak: Vec<&PointVerdict> = points.iter().filter(|v| v.level < Level::Covered).collect();
    weak.sort_by_key(|v| (v.level, std::cmp::Reverse(question.point(&v.id).map_or(2, |p| p.importance))));
    weak
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_stays_inside_its_band_range() {
        for band in 0..=4u8 {
            for c in [0.0, 0.1, 0.5, 0.9, 1.0] {
                let s = score_within_band(band, c);
                assert!(s >= band * 20 && (band == 4 && s <= 100 || s < (band + 1) * 20), "{band} {c} {s}");
            }
        }
    }

    #[test]
    fn capping_lowers_band_and_keeps_score_in_its_range() {
        assert_eq!(cap(Band(4), 92, Band(2)), (Band(2), 59));
        assert_eq!(cap(Band(1), 30, Band(2)), (Band(1), 30));
    }

    #[test]
    fn a_wrong_claim_in_the_right_terms_is_weak_not_nothing() {
        let question = Question::from_reference("q", "Why?", "Because.");
        let id = crate::bank::PointId("p".into());
        let contradicted =
            PointVerdict { id, level: Level::Missed, evidence: vec![], contradicted: true, recovered: false };
        let signals = Signals::default();
        assert_eq!(grade(&question, std::slice::from_ref(&contradicted), &[], &signals).0, Band(1));
        let missed = PointVerdict { contradicted: false, ..contradicted };
        assert_eq!(grade(&question, &[missed], &[], &signals).0, Band(0));
    }

    #[test]
    fn one_sentence_that_is_wrong_twice_is_one_inaccuracy() {
        let quote = |q: &str| vec![q.to_string()];
        let same = [quote("threads are useless in Python"), quote("Because of this, threads are useless in Python")];
        assert_eq!(distinct_statements(same.iter().map(Vec::as_slice)), 1);
        let apart = [quote("threads are useless"), quote("the GIL is gone in 3.12")];
        assert_eq!(distinct_statements(apart.iter().map(Vec::as_slice)), 2);
        assert_eq!(distinct_statements([[].as_slice(), [].as_slice()].into_iter()), 2, "no quotes: nothing to merge");
    }

    #[test]
    fn full_coverage_needs_an_example_below_095() {
        assert_eq!(band_for_coverage(0.9, false), 3);
        assert_eq!(band_for_coverage(0.95, false), 4);
        assert_eq!(band_for_coverage(0.85, true), 4);
        assert_eq!(band_for_coverage(0.8, true), 3);
        assert_eq!(band_for_coverage(0.0, true), 0);
    }
}
