//! The end-of-session summary: results by question and by topic, strongest and weakest topics, what to study.
use crate::engine::QuestionRecord;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    pub id: String,
    pub topic: String,
    /// None when the question was skipped or never answered.
    pub band: Option<u8>,
    pub score: Option<u8>,
    pub followups: usize,
    pub recovered: usize,
    pub hints: usize,
    pub skipped: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicRow {
    pub topic: String,
    pub questions: usize,
    /// Mean band over the topic's questions, unanswered ones counting 0.
    pub mean_band: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub questions: Vec<QuestionRow>,
    pub topics: Vec<TopicRow>,
    pub mean_band: Option<f64>,
    pub mean_score: Option<f64>,
    pub strongest: Option<String>,
    pub weakest: Option<String>,
    /// The concrete content of the most important points missed, weakest topics first.
    pub study_next: Vec<String>,
    /// Tokens and cost of LLM scoring over the session; absent when no LLM scorer was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub llm_usage: Option<LlmUsage>,
}

/// LLM tokens, requests and estimated cost over a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LlmUsage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub requests: u64,
    /// Absent unless every turn's cost could be estimated.
    pub cost_usd: Option<f64>,
    /// Some figures were counted here because the server sent no usage.
    pub counted: bool,
    /// Turns the offline scorer scored because the LLM could not.
    pub fallbacks: usize,
}

impl LlmUsage {
    fn of(records: &[QuestionRecord]) -> Option<LlmUsage> {
        let scorings = records.iter().flat_map(|r| &r.exchanges).filter_map(|e| e.scoring.as_ref());
        let mut usage = LlmUsage { cost_usd: Some(0.0), ..LlmUsage::default() };
        let mut any = false;
        for scoring in scorings {
            let provenance = &scoring.provenance;
            if provenance.fallback_reason.is_some() {
                usage.fallbacks += 1;
                any = true;
            }
            if let Some(call) = &provenance.llm {
                any = true;
                usage.prompt_tokens += u64::from(call.usage.prompt_tokens);
                usage.completion_tokens += u64::from(call.usage.completion_tokens);
                usage.requests += u64::from(call.requests);
                usage.counted |= call.usage.counted;
                usage.cost_usd = usage.cost_usd.zip(call.cost_usd).map(|(a, b)| a + b);
            }
        }
        any.then_some(usage)
    }
}

impl Summary {
    pub fn of(records: &[QuestionRecord]) -> Summary {
        let asked: Vec<&QuestionRecord> = records.iter().filter(|r| r.skipped || !r.exchanges.is_empty()).collect();
        let questions: Vec<QuestionRow> = asked
            .iter()
            .map(|r| QuestionRow {
                id: r.question.id.to_string(),
                topic: r.topic.clone(),
                band: r.result.as_ref().map(|s| s.band.0),
                score: r.result.as_ref().map(|s| s.score),
                followups: r.exchanges.len().saturating_sub(1),
                recovered: r.exchanges.iter().map(|e| e.recovered.len()).sum(),
                hints: r.hints.len(),
                skipped: r.skipped,
            })
            .collect();
        let mut by_topic: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for row in &questions {
            by_topic.entry(&row.topic).or_default().push(f64::from(row.band.unwrap_or(0)));
        }
        let topics: Vec<TopicRow> = by_topic
            .into_iter()
            .map(|(topic, bands)| TopicRow {
                topic: topic.to_string(),
                questions: bands.len(),
                mean_band: bands.iter().sum::<f64>() / bands.len() as f64,
            })
            .collect();
        let mean = |values: Vec<f64>| (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        let mean_band = mean(questions.iter().map(|q| f64::from(q.band.unwrap_or(0))).collect());
        let mean_score = mean(questions.iter().map(|q| f64::from(q.score.unwrap_or(0))).collect());
        let mut ranked: Vec<&TopicRow> = topics.iter().collect();
        ranked.sort_by(|a, b| b.mean_band.total_cmp(&a.mean_band).then(a.topic.cmp(&b.topic)));
        let strongest = (ranked.len() > 1).then(|| ranked[0].topic.clone());
        let weakest = ranked.last().filter(|w| ranked.len() > 1 || w.mean_band < 3.0).map(|w| w.topic.clone());
        Summary {
            study_next: study_next(&asked, &ranked),
            llm_usage: LlmUsage::of(records),
            questions,
            topics,
            mean_band,
            mean_score,
            strongest,
            weakest,
        }
    }
}

/// Up to five missed points, from the weakest topic up, most important first.
fn study_next(records: &[&QuestionRecord], ranked: &[&TopicRow]) -> Vec<String> {
    let mut items = Vec::new();
    for topic in ranked.iter().rev() {
        for record in records.iter().filter(|r| r.topic == topic.topic) {
            let mut missed: Vec<&crate::bank::Point> = match &record.result {
                Some(result) => result
                    .points
                    .iter()
                    .filter(|v| v.level != crate::scoring::Level::Covered)
                    .filter_map(|v| record.question.point(&v.id))
                    .collect(),
                None => record.question.points.iter().filter(|p| p.importance == 3).collect(),
            };
            missed.sort_by_key(|p| std::cmp::Reverse(p.importance));
            for point in missed.into_iter().take(2) {
                items.push(format!("{} ({}): {}", record.question.id, topic.topic, point.expected));
            }
        }
    }
    items.truncate(5);
    items
}
