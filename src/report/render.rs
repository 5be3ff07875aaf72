//! Terminal text for feedback and summaries. Colour only when asked for (a terminal, and NO_COLOR unset).
use super::summary::{LlmUsage, Summary};
use crate::bank::{PointId, Question};
use crate::scoring::{Level, Scoring};
use std::fmt::Write;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when `is_terminal` and the NO_COLOR convention does not forbid it.
    pub fn detect(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: is_terminal && !no_color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    fn level(&self, level: Level, text: &str) -> String {
        match level {
            Level::Covered => self.paint("32", text),
            Level::Partial => self.paint("33", text),
            Level::Missed => self.paint("31", text),
        }
    }
}

/// Band, score, each point with its evidence, pitfalls, recovered credit and the scorer's feedback.
pub fn feedback(style: Style, question: &Question, scoring: &Scoring, recovered: &[PointId]) -> String {
    let mut out = String::new();
    let label = match &scoring.provenance.fallback_reason {
        Some(reason) => format!("({} scorer: {})", scoring.scorer.as_str(), one_line(reason)),
        None => format!("({} scorer)", scoring.scorer.as_str()),
    };
    let _ = writeln!(
        out,
        "{} · {}/100 {}",
        style.bold(&format!("Band {}", scoring.band)),
        scoring.score,
        style.dim(&label)
    );
    for verdict in &scoring.points {
        let name = match question.point(&verdict.id) {
            Some(point) => point.assesses.clone(),
            None => verdict.id.to_string(),
        };
        let mut line = format!("  {} {name}", style.level(verdict.level, verdict.level.symbol()));
        if recovered.contains(&verdict.id) {
            line.push_str(&style.paint("32", "  (recovered)"));
        }
        if verdict.contradicted {
            line.push_str(&style.paint("31", "  (wrong claim)"));
        }
        let _ = writeln!(out, "{line}");
        for quote in &verdict.evidence {
            let _ = writeln!(out, "      {}", style.dim(&format!("“{}”", one_line(quote))));
        }
    }
    for hit in &scoring.pitfalls {
        let description = question.pitfalls.iter().find(|p| p.id == hit.id).map_or(hit.id.as_str(), |p| &p.description);
        let _ = writeln!(out, "  {} Pitfall: {description}", style.paint("31", "!"));
        for quote in &hit.evidence {
            let _ = writeln!(out, "      {}", style.dim(&format!("“{}”", one_line(quote))));
        }
    }
    for text in &scoring.signals.manipulation {
        let _ = writeln!(
            out,
            "  {} Ignored (addressed to the grader): {}",
            style.paint("31", "!"),
            style.dim(&one_line(text))
        );
    }
    for downgrade in &scoring.provenance.downgrades {
        let _ = writeln!(
            out,
            "  {} Not credited, no quote found in your answer: {} ({} → {})",
            style.paint("33", "!"),
            downgrade.id,
            downgrade.from,
            downgrade.to
        );
    }
    for warning in &scoring.provenance.warnings {
        let _ = writeln!(out, "  {} {warning}", style.paint("33", "!"));
    }
    let _ = writeln!(out, "  {}", scoring.feedback);
    out
}

fn one_line(text: &str) -> String {
    crate::scoring::text::one_line(text, 140)
}

/// The model answer and what each point expects.
pub fn model_answer(style: Style, question: &Question) -> String {
    let mut out = format!("{}\n{}\n", style.bold("Model answer"), question.standard_answer.trim());
    for point in &question.points {
        let _ = writeln!(out, "  • {}", point.expected);
    }
    out
}

/// The running or final summary as a table by question and topic, with what to study next.
pub fn summary(style: Style, summary: &Summary) -> String {
    let mut out = String::new();
    if summary.questions.is_empty() {
        return "No questions answered yet.\n".to_string();
    }
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<32} {:<14} {:>5} {:>6} {:>9} {:>5}",
            "question", "topic", "band", "score", "followups", "hints"
        ))
    );
    for row in &summary.questions {
        let band =
            if row.skipped { "skip".to_string() } else { row.band.map_or("-".to_string(), |b| format!("{b}/4")) };
        let score = row.score.map_or("-".to_string(), |s| s.to_string());
        let followups = if row.recovered > 0 {
            format!("{} (+{})", row.followups, row.recovered)
        } else {
            row.followups.to_string()
        };
        let _ = writeln!(out, "{:<32} {:<14} {band:>5} {score:>6} {followups:>9} {:>5}", row.id, row.topic, row.hints);
    }
    let _ = writeln!(out);
    for topic in &summary.topics {
        let _ = writeln!(
            out,
            "{:<20} {} {:.1}/4 over {} question(s)",
            topic.topic,
            bar(topic.mean_band),
            topic.mean_band,
            topic.questions
        );
    }
    if let (Some(band), Some(score)) = (summary.mean_band, summary.mean_score) {
        let _ = writeln!(out, "\nOverall: {band:.1}/4 mean band, {score:.0}/100 mean score");
    }
    if let Some(usage) = &summary.llm_usage {
        let _ = writeln!(out, "{}", llm_usage(usage));
    }
    if let Some(strongest) = &summary.strongest {
        let _ = writeln!(out, "Strongest topic: {strongest}");
    }
    if let Some(weakest) = &summary.weakest {
        let _ = writeln!(out, "Weakest topic: {weakest}");
    }
    if !summary.study_next.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Study next:"));
        for item in &summary.study_next {
            let _ = writeln!(out, "  • {item}");
        }
    }
    out
}

fn llm_usage(usage: &LlmUsage) -> String {
    let mut line = format!(
        "LLM usage: {} prompt + {} completion tokens over {} request(s)",
        usage.prompt_tokens, usage.completion_tokens, usage.requests
    );
    if usage.counted {
        line.push_str(" (partly counted here: the server sent no usage)");
    }
    if let Some(cost) = usage.cost_usd {
        line.push_str(&format!(", about ${cost:.4}"));
    }
    if usage.fallbacks > 0 {
        line.push_str(&format!("; {} turn(s) scored offline instead", usage.fallbacks));
    }
    line
}

fn bar(mean_band: f64) -> String {
    let filled = (mean_band * 2.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(8 - filled.min(8)))
}
