//! Recruiter pre-screens: a screen is a TOML file (docs/screens.md) naming its questions (by id, or drawn by
//! topic and level), the follow-up policy, time guidance, the pass mark and whether the candidate sees feedback.
//! [`check`] validates one against the bank with `file:line:column` diagnostics; [`Screen::draw`] picks a
//! candidate's questions.
use crate::bank::diagnostic::{Diagnostic, Locator};
use crate::bank::{Bank, Level, Question};
use crate::config::ScorerChoice;
use crate::engine::select::{self, Selection};
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use toml::Spanned;

/// What a screen run keeps with the session, for resuming and reporting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenRules {
    pub title: String,
    /// The mean band (0-4) a candidate needs to pass.
    pub pass_mark: f64,
    /// Whether the candidate sees scores and feedback (off by default).
    pub show_feedback: bool,
    /// Time guidance per question, shown with each question.
    pub seconds_per_question: Option<u64>,
}

/// One entry of `[[questions]]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Id(String),
    Draw { topic: String, level: Option<Level>, count: usize },
}

/// A validated screen.
#[derive(Debug, Clone)]
pub struct Screen {
    pub rules: ScreenRules,
    pub role: Option<String>,
    pub max_followups: usize,
    pub scorer: Option<ScorerChoice>,
    pub items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreen {
    title: Option<Spanned<String>>,
    role: Option<String>,
    pass_mark: Option<Spanned<f64>>,
    show_feedback: Option<bool>,
    max_followups: Option<usize>,
    seconds_per_question: Option<u64>,
    scorer: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Option<Spanned<String>>,
    topic: Option<Spanned<String>>,
    level: Option<Spanned<String>>,
    count: Option<Spanned<usize>>,
}

/// Parses and validates the screen in `text` (from `file`) against `bank`: the screen, or every problem found.
pub fn check(file: &str, text: &str, bank: &Bank) -> Result<Screen, Vec<Diagnostic>> {
    let at = Locator::new(file, text);
    let raw: RawScreen = toml::from_str(text).map_err(|e| vec![at.error(e.span().unwrap_or(0..0), e.message())])?;
    let mut errors = Vec::new();
    let title = match &raw.title {
        Some(title) if !title.get_ref().trim().is_empty() => title.get_ref().trim().to_string(),
        Some(title) => {
            errors.push(at.error(title.span(), "`title` is empty"));
            String::new()
        }
        None => {
            errors.push(at.error(0..0, "missing required field `title`"));
            String::new()
        }
    };
    let pass_mark = raw.pass_mark.as_ref().map_or(2.0, |p| *p.get_ref());
    if let Some(p) = &raw.pass_mark {
        if !(0.0..=4.0).contains(p.get_ref()) {
            errors.push(at.error(p.span(), "`pass_mark` is a mean band from 0 to 4"));
        }
    }
    let scorer = raw.scorer.as_ref().and_then(|s| {
        let choice = [ScorerChoice::Offline, ScorerChoice::Llm, ScorerChoice::Hybrid]
            .into_iter()
            .find(|c| c.as_str() == s.get_ref().trim());
        if choice.is_none() {
            errors.push(at.error(s.span(), format!("unknown scorer `{}`: use offline, llm or hybrid", s.get_ref())));
        }
        choice
    });
    if raw.questions.is_empty() {
        errors.push(at.error(0..0, "no `[[questions]]`: name question ids or draw rules"));
    }
    let mut items = Vec::new();
    for entry in &raw.questions {
        match item(entry, bank, &at) {
            Ok(item) => items.push((item, entry.span())),
            Err(error) => errors.push(error),
        }
    }
    errors.extend(impossible_draws(&items, bank, &at));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Screen {
        rules: ScreenRules {
            title,
            pass_mark,
            show_feedback: raw.show_feedback.unwrap_or(false),
            seconds_per_question: raw.seconds_per_question,
        },
        role: raw.role,
        max_followups: raw.max_followups.unwrap_or(1),
        scorer,
        items: items.into_iter().map(|(item, _)| item).collect(),
    })
}

fn item(entry: &Spanned<RawItem>, bank: &Bank, at: &Locator<'_>) -> Result<Item, Diagnostic> {
    let raw = entry.get_ref();
    match (&raw.id, &raw.topic) {
        (Some(id), None) if raw.level.is_none() && raw.count.is_none() => match bank.get(id.get_ref()) {
            Some(question) => Ok(Item::Id(question.id.to_string())),
            None => Err(at.error(id.span(), format!("unknown question id `{}`", id.get_ref()))),
        },
        (None, Some(topic)) => {
            if !bank.topics().contains(&topic.get_ref().as_str()) {
                let known = bank.topics().join(", ");
                return Err(at.error(topic.span(), format!("unknown topic `{}`; topics are: {known}", topic.get_ref())));
            }
            let level = match &raw.level {
                None => None,
                Some(level) => Some(Level::parse(level.get_ref()).ok_or_else(|| {
                    at.error(level.span(), format!("unknown level `{}`: use junior, mid or senior", level.get_ref()))
                })?),
            };
            let count = raw.count.as_ref().map_or(1, |c| *c.get_ref());
            if count == 0 {
                return Err(
                    at.error(raw.count.as_ref().map_or(entry.span(), |c| c.span()), "`count` must be at least 1")
                );
            }
            Ok(Item::Draw { topic: topic.get_ref().clone(), level, count })
        }
        _ => Err(
            at.error(entry.span(), "a question is either `id = \"...\"` or a draw: `topic`, optional `level`, `count`")
        ),
    }
}

fn matches(question: &Question, topic: &str, level: Option<Level>) -> bool {
    question.topic == topic && level.is_none_or(|l| l == question.level)
}

/// Draws asking for more questions than their topic and level hold once the fixed ids and the earlier draws
/// have taken theirs (draws with a level are served first, being the narrower).
fn impossible_draws(items: &[(Item, std::ops::Range<usize>)], bank: &Bank, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut taken: HashSet<String> = items
        .iter()
        .filter_map(|(item, _)| match item {
            Item::Id(id) => Some(id.clone()),
            Item::Draw { .. } => None,
        })
        .collect();
    let mut draws: Vec<(&str, Option<Level>, usize, &std::ops::Range<usize>)> = items
        .iter()
        .filter_map(|(item, span)| match item {
            Item::Draw { topic, level, count } => Some((topic.as_str(), *level, *count, span)),
            Item::Id(_) => None,
        })
        .collect();
    draws.sort_by_key(|(_, level, _, _)| level.is_none());
    let mut errors = Vec::new();
    for (topic, level, count, span) in draws {
        let pool: Vec<String> = bank
            .questions()
            .iter()
            .filter(|q| matches(q, topic, level) && !taken.contains(q.id.as_str()))
            .map(|q| q.id.to_string())
            .collect();
        if pool.len() < count {
            let level = level.map_or(String::new(), |l| format!(" at level {l}"));
            errors.push(at.error(
                span.clone(),
                format!("impossible draw: {count} question(s) of topic `{topic}`{level}, only {} left", pool.len()),
            ));
        }
        taken.extend(pool.into_iter().take(count));
    }
    errors
}

impl Screen {
    /// The candidate's questions: the fixed ones and the draws in the screen's order, draws shuffled by `seed`.
    pub fn draw(&self, bank: &Bank, seed: u64) -> Result<Vec<Arc<Question>>> {
        let fixed: HashSet<&str> = self
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Id(id) => Some(id.as_str()),
                Item::Draw { .. } => None,
            })
            .collect();
        let mut chosen: Vec<Arc<Question>> = Vec::new();
        for item in &self.items {
            match item {
                Item::Id(id) => {
                    let question = bank.require(id)?;
                    if !chosen.iter().any(|q| q.id == question.id) {
                        chosen.push(question.clone());
                    }
                }
                Item::Draw { topic, level, count } => {
                    let selection = Selection {
                        topics: vec![topic.clone()],
                        level: *level,
                        count: bank.questions().len(),
                        seed: seed.wrapping_add(chosen.len() as u64),
                        ids: Vec::new(),
                    };
                    let pool = select::select(bank, &selection)?;
                    let fresh: Vec<Arc<Question>> = pool
                        .into_iter()
                        .filter(|q| !fixed.contains(q.id.as_str()) && !chosen.iter().any(|c| c.id == q.id))
                        .take(*count)
                        .collect();
                    chosen.extend(fresh);
                }
            }
        }
        Ok(chosen)
    }
}

#[cfg(test)]
mod tests;
