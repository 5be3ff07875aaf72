//! Choosing a session's questions: filters by topic and level, a reproducible seeded order, and by default a
//! balanced spread over topics.
use crate::bank::{Bank, Level, Question};
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Selection {
    /// Empty means every topic.
    pub topics: Vec<String>,
    pub level: Option<Level>,
    pub count: usize,
    pub seed: u64,
    /// Questions to ask first, in this order (e.g. a screen's fixed list).
    pub ids: Vec<String>,
}

/// Picks up to `count` distinct questions: each topic's questions shuffled by the seed, then dealt out one topic
/// at a time so a session spreads over topics.
pub fn select(bank: &Bank, selection: &Selection) -> Result<Vec<Arc<Question>>> {
    let known = bank.topics();
    for topic in &selection.topics {
        if !known.contains(&topic.as_str()) {
            bail!("unknown topic `{topic}`; topics are: {}", known.join(", "));
        }
    }
    let mut chosen: Vec<Arc<Question>> = Vec::new();
    for id in &selection.ids {
        let question = bank.require(id)?;
        if !chosen.iter().any(|q| q.id == question.id) {
            chosen.push(question.clone());
        }
    }
    let mut by_topic: BTreeMap<&str, Vec<Arc<Question>>> = BTreeMap::new();
    for question in bank.questions() {
        let topic_ok = selection.topics.is_empty() || selection.topics.iter().any(|t| t == &question.topic);
        let level_ok = selection.level.is_none_or(|level| level == question.level);
        if topic_ok && level_ok && !chosen.iter().any(|q| q.id == question.id) {
            by_topic.entry(question.topic.as_str()).or_default().push(question.clone());
        }
    }
    if chosen.is_empty() && by_topic.is_empty() {
        let level = selection.level.map_or(String::new(), |l| format!(" at level {l}"));
        bail!("no question matches topics [{}]{level}", selection.topics.join(", "));
    }
    let mut rng = SplitMix64(selection.seed);
    let mut groups: Vec<Vec<Arc<Question>>> = by_topic.into_values().collect();
    for group in &mut groups {
        rng.shuffle(group);
    }
    rng.shuffle(&mut groups);
    while chosen.len() < selection.count && groups.iter().any(|g| !g.is_empty()) {
        for group in &mut groups {
            if chosen.len() < selection.count {
                if let Some(question) = group.pop() {
                    chosen.push(question);
                }
            }
        }
    }
    Ok(chosen)
}

/// A small deterministic generator (SplitMix64): the same seed gives the same order on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
