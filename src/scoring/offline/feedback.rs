//! The offline scorer's explanation: which points were covered, partial or missed, the pitfalls hit, and one
//! concrete suggestion.
use crate::bank::Question;
use crate::scoring::{Band, Level, PitfallHit, PointVerdict, Signals};

pub fn write(
    question: &Question,
    points: &[PointVerdict],
    pitfalls: &[PitfallHit],
    signals: &Signals,
    band: Band,
) -> String {
    let mut parts = Vec::new();
    if !signals.manipulation.is_empty() {
        parts.push("Text addressed to the grader was ignored; only the answer's content counts.".to_string());
    }
    if signals.empty {
        parts.push("No answer to score: try saying what you do know, or use /hint.".to_string());
        return parts.join(" ");
    }
    if signals.off_topic {
        parts.push("This does not answer the question that was asked.".to_string());
        return parts.join(" ");
    }
    if signals.names_only {
        parts.push("You only named things: a list of names earns no credit. Say what each does and why it answers the question.".to_string());
    } else if signals.keyword_list {
        parts.push("You listed terms without explaining them: say how each one answers the question.".to_string());
    }
    if signals.generic && band < Band(2) {
        parts.push("Most of this is about you or the team, not the subject: explain how it works.".to_string());
    }
    let named = |level: Level| -> Vec<String> {
        points.iter().filter(|v| v.level == level).map(|v| point_name(question, v)).collect()
    };
    for (label, level) in [("Covered", Level::Covered), ("Partly", Level::Partial), ("Missed", Level::Missed)] {
        let names = named(level);
        if !names.is_empty() {
            parts.push(format!("{label}: {}.", names.join("; ")));
        }
    }
    for verdict in points.iter().filter(|v| v.contradicted) {
        parts.push(format!("Wrong claim about {}.", point_name(question, verdict)));
    }
    if let Some(quote) = &signals.misconception {
        parts.push(format!("Wrong claim: \"{quote}\"."));
    }
    for hit in pitfalls {
        if let Some(pitfall) = question.pitfalls.iter().find(|p| p.id == hit.id) {
            parts.push(format!("Pitfall: {}", pitfall.description));
        }
    }
    if let Some(suggestion) = suggestion(question, points) {
        parts.push(format!("Next time: {suggestion}"));
    } else if !signals.has_example && band < Band::MAX {
        parts.push("Next time: add a concrete example or a trade-off to show depth.".to_string());
    }
    parts.join(" ")
}

/// How feedback names a point: its id in words, or the start of a reference sentence.
pub fn point_name(question: &Question, verdict: &PointVerdict) -> String {
    if question.point(&verdict.id).is_some() {
        verdict.id.as_str().replace('-', " ")
    } else {
        verdict.id.to_string()
    }
}

fn suggestion(question: &Question, points: &[PointVerdict]) -> Option<String> {
    let weakest = crate::scoring::grade::weakest_points(question, points);
    let first = weakest.first()?;
    Some(match question.point(&first.id) {
        Some(point) => point.expected.clone(),
        // Reference-answer verdicts come one per reference sentence, in order.
        None => {
            let index = points.iter().position(|v| v.id == first.id)?;
            format!("cover this: {}", super::reference::reference_points(question).get(index)?.text)
        }
    })
}
