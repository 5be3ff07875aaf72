//! Reads bank files (TOML, one question each) into the model, reporting every problem with its position.
use super::diagnostic::{Locator, Report};
use super::model::*;
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<S<String>>,
    prompt: Option<S<String>>,
    #[serde(default)]
    aliases: Vec<S<String>>,
    topic: Option<S<String>>,
    level: Option<S<String>>,
    #[serde(default)]
    sources: Vec<String>,
    standard_answer: Option<S<String>>,
    #[serde(default)]
    points: Vec<S<RawPoint>>,
    #[serde(default)]
    pitfalls: Vec<S<RawPitfall>>,
    #[serde(default)]
    followups: Vec<S<RawFollowup>>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    id: Option<S<String>>,
    assesses: Option<S<String>>,
    expected: Option<S<String>>,
    importance: Option<S<i64>>,
    #[serde(default)]
    evidence: Vec<S<String>>,
    #[serde(default)]
    contradicts: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPitfall {
    id: Option<S<String>>,
    description: Option<S<String>>,
    severity: Option<S<String>>,
    #[serde(default)]
    evidence: Vec<S<String>>,
    #[serde(default)]
    unless: Vec<S<String>>,
    #[serde(default)]
    code: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFollowup {
    ask: Option<S<String>>,
    #[serde(default)]
    probes: Vec<S<String>>,
    expected: Option<String>,
}

/// A question parsed from a file, with the position of its `id` for cross-file checks.
pub struct Parsed {
    pub question: Question,
    pub id_span: std::ops::Range<usize>,
}

/// Words so common that, alone as an evidence alternative, they would match almost any answer.
const TOO_COMMON: &[&str] = &[
    "data", "code", "use", "using", "used", "python", "function", "value", "values", "object", "objects", "thing",
    "way", "make", "good", "time", "work", "system", "it", "is", "the", "a", "an", "and", "or", "of", "to",
];

/// Parses one bank file. Returns `None` when the file has errors that leave no usable question; every problem,
/// error or warning, goes into `report`.
pub fn parse_file(file: &str, text: &str, report: &mut Report) -> Option<Parsed> {
    let at = Locator::new(file, text);
    let raw: RawQuestion = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let message = err.message().trim().to_string();
            report.push(at.error(err.span().unwrap_or(0..0), message));
            return None;
        }
    };
    let errors_before = report.errors().count();
    let whole = 0..0;

    let required =
        |field: &Option<S<String>>, name: &str, report: &mut Report, span: std::ops::Range<usize>| match field {
            Some(value) if !value.get_ref().trim().is_empty() => Some(value.get_ref().trim().to_string()),
            Some(value) => {
                report.push(at.error(value.span(), format!("`{name}` is empty")));
                None
            }
            None => {
                report.push(at.error(span, format!("missing required field `{name}`")));
                None
            }
        };

    let id = required(&raw.id, "id", report, whole.clone());
    if let (Some(id), Some(spanned)) = (&id, &raw.id) {
        if !is_slug(id) {
            report.push(at.error(spanned.span(), format!("id `{id}` must be a slug (a-z, 0-9 and -)")));
        }
        let stem = std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().to_string());
        if stem.as_deref() != Some(id.as_str()) {
            report.push(
                at.warning(spanned.span(), format!("id `{id}` differs from the file name; name the file `{id}.toml`")),
            );
        }
    }
    let prompt = required(&raw.prompt, "prompt", report, whole.clone());
    let topic = required(&raw.topic, "topic", report, whole.clone());
    if let (Some(topic), Some(spanned)) = (&topic, &raw.topic) {
        if !is_slug(topic) {
            report.push(at.error(spanned.span(), format!("topic `{topic}` must be a slug (a-z, 0-9 and -)")));
        }
    }
    let level = required(&raw.level, "level", report, whole.clone()).and_then(|text| {
        let level = Level::parse(&text);
        if level.is_none() {
            let span = raw.level.as_ref().map(|l| l.span()).unwrap_or(whole.clone());
            report.push(at.error(span, format!("unknown level `{text}`: use junior, mid or senior")));
        }
        level
    });
    let standard_answer = required(&raw.standard_answer, "standard_answer", report, whole.clone());

    let mut aliases = Vec::new();
    for alias in &raw.aliases {
        let text = alias.get_ref().trim();
        if text.is_empty() {
            report.push(at.error(alias.span(), "empty alias"));
        } else if prompt.as_deref() == Some(text) || aliases.iter().any(|a| a == text) {
            report.push(at.warning(alias.span(), "alias repeats the prompt or another alias"));
        } else {
            aliases.push(text.to_string());
        }
    }

    let mut points = Vec::new();
    let mut point_ids = HashSet::new();
    for raw_point in &raw.points {
        let span = raw_point.span();
        let p = raw_point.get_ref();
        let pid = required(&p.id, "id", report, span.clone());
        if let (Some(pid), Some(spanned)) = (&pid, &p.id) {
            if !point_ids.insert(pid.clone()) {
                report.push(at.error(spanned.span(), format!("duplicate point id `{pid}`")));
            }
        }
        let assesses = required(&p.assesses, "assesses", report, span.clone());
        let expected = required(&p.expected, "expected", report, span.clone());
        let importance = match &p.importance {
            None => Some(2),
            Some(value) if (1..=3).contains(value.get_ref()) => Some(*value.get_ref() as u8),
            Some(value) => {
                report.push(at.error(value.span(), format!("importance {} is out of range 1-3", value.get_ref())));
                None
            }
        };
        if p.evidence.is_empty() {
            report.push(
                at.error(span.clone(), format!("point `{}` has no evidence concepts", pid.as_deref().unwrap_or("?"))),
            );
        }
        let evidence = concepts(&p.evidence, &at, report);
        let contradicts = concepts(&p.contradicts, &at, report);
        if let (Some(id), Some(assesses), Some(expected), Some(importance)) = (pid, assesses, expected, importance) {
            points.push(Point { id: PointId(id), assesses, expected, importance, evidence, contradicts });
        }
    }

    let mut pitfalls = Vec::new();
    let mut pitfall_ids = HashSet::new();
    for raw_pitfall in &raw.pitfalls {
        let span = raw_pitfall.span();
        let p = raw_pitfall.get_ref();
        let pid = required(&p.id, "id", report, span.clone());
        if let (Some(pid), Some(spanned)) = (&pid, &p.id) {
            if !pitfall_ids.insert(pid.clone()) {
                report.push(at.error(spanned.span(), format!("duplicate pitfall id `{pid}`")));
            }
        }
        let description = required(&p.description, "description", report, span.clone());
        let severity = match p.severity.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
            None | Some(("major", _)) => Some(Severity::Major),
            Some(("minor", _)) => Some(Severity::Minor),
            Some((other, span)) => {
                report.push(at.error(span, format!("unknown severity `{other}`: use minor or major")));
                None
            }
        };
        if p.evidence.is_empty() && p.code.is_empty() {
            report.push(at.error(
                span.clone(),
                format!("pitfall `{}` has no evidence concepts and no code patterns", pid.as_deref().unwrap_or("?")),
            ));
        }
        if let (Some(first), true) = (p.unless.first(), p.evidence.is_empty()) {
            report.push(at.error(
                first.span(),
                format!(
                    "pitfall `{}` has `unless` but no evidence concepts: `unless` only clears evidence found",
                    pid.as_deref().unwrap_or("?")
                ),
            ));
        }
        let evidence = concepts(&p.evidence, &at, report);
        let unless = concepts(&p.unless, &at, report);
        let code = code_patterns(&p.code, &at, report);
        if let (Some(id), Some(description), Some(severity)) = (pid, description, severity) {
            pitfalls.push(Pitfall { id: PitfallId(id), description, severity, evidence, unless, code });
        }
    }

    let mut followups = Vec::new();
    let mut probed = HashSet::new();
    for raw_followup in &raw.followups {
        let span = raw_followup.span();
        let f = raw_followup.get_ref();
        let ask = required(&f.ask, "ask", report, span.clone());
        if f.probes.is_empty() {
            report.push(at.error(span.clone(), "follow-up has no `probes`: name the point(s) it probes"));
        }
        let mut probes = Vec::new();
        for probe in &f.probes {
            if point_ids.contains(probe.get_ref()) {
                probed.insert(probe.get_ref().clone());
                probes.push(PointId(probe.get_ref().clone()));
            } else {
                report.push(at.error(probe.span(), format!("follow-up probes unknown point `{}`", probe.get_ref())));
            }
        }
        if let Some(ask) = ask {
            followups.push(Followup { ask, probes, expected: f.expected.clone() });
        }
    }

    if raw.points.is_empty() {
        let span = raw.id.as_ref().map(|id| id.span()).unwrap_or(whole.clone());
        report.push(at.warning(span, "no points of assessment: answers are scored against the standard answer only"));
    }
    for point in &raw.points {
        if let Some(id) = &point.get_ref().id {
            let important = point.get_ref().importance.as_ref().map_or(2, |i| *i.get_ref()) >= 3;
            if important && !probed.contains(id.get_ref()) && !raw.followups.is_empty() {
                report.push(
                    at.warning(id.span(), format!("essential point `{}` is probed by no follow-up", id.get_ref())),
                );
            }
        }
    }

    if report.errors().count() > errors_before {
        return None;
    }
    let id_span = raw.id.as_ref().map(|id| id.span()).unwrap_or_default();
    Some(Parsed {
        question: Question {
            id: QuestionId(id?),
            prompt: prompt?,
            aliases,
            topic: topic?,
            level: level?,
            sources: raw.sources,
            standard_answer: standard_answer?,
            points,
            point_style: PointStyle::Authored,
            pitfalls,
            followups,
            notes: raw.notes,
        },
        id_span,
    })
}

fn concepts(raw: &[S<String>], at: &Locator, report: &mut Report) -> Vec<Concept> {
    let mut out = Vec::new();
    for concept in raw {
        let text = concept.get_ref();
        if text.split('|').any(|alt| alt.trim().is_empty()) {
            report.push(at.error(concept.span(), format!("empty alternative in `{text}`")));
            continue;
        }
        for alt in text.split('|').map(str::trim) {
            if TOO_COMMON.contains(&alt.to_lowercase().as_str()) {
                report.push(at.warning(concept.span(), format!("`{alt}` alone matches almost any answer")));
            }
        }
        out.push(Concept(text.clone()));
    }
    out
}

/// The patterns that compile as regular expressions; each one that does not is reported at its string.
fn code_patterns(raw: &[S<String>], at: &Locator, report: &mut Report) -> Vec<String> {
    let mut out = Vec::new();
    for pattern in raw {
        match regex::Regex::new(pattern.get_ref()) {
            Ok(_) => out.push(pattern.get_ref().clone()),
            Err(err) => {
                let text = err.to_string();
                let last = text.lines().last().unwrap_or("invalid").trim();
                let reason = last.strip_prefix("error: ").unwrap_or(last).to_string();
                report.push(
                    at.error(pattern.span(), format!("code pattern is not a valid regular expression: {reason}")),
                );
            }
        }
    }
    out
}

fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
