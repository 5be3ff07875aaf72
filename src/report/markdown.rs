//! The session report as Markdown.
use super::document::{highlight, ExchangeReport, Report, ScoreReport};
use std::fmt::Write;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.session;
    let _ = writeln!(out, "# Interview report: {}\n", no_tags(s.candidate.as_deref().unwrap_or("practice session")));
    let _ = writeln!(out, "- Session: `{}` ({}, {})", s.id, s.mode, s.status);
    let _ = writeln!(out, "- Started: {}", s.started_at);
    let _ = writeln!(out, "- Scorer: {}", s.scorer);
    let o = &report.overall;
    let _ = writeln!(out, "- Questions answered: {}/{}", o.answered, o.questions);
    if let (Some(band), Some(score)) = (o.mean_band, o.mean_score) {
        let _ = writeln!(out, "- Overall: **{band:.1}/4** mean band, {score:.0}/100 mean score");
    }
    if let (Some(passed), Some(mark)) = (o.passed, s.pass_mark) {
        let verdict = if passed { "PASS" } else { "FAIL" };
        let _ = writeln!(out, "- Screen result: **{verdict}** (pass mark {mark:.1}/4)");
    }
    for (label, text) in o.warnings() {
        let _ = writeln!(out, "- **{label}:** {text}");
    }
    if !o.topics.is_empty() {
        let _ = writeln!(out, "\n| topic | questions | mean band |\n|---|---:|---:|");
        for topic in &o.topics {
            let _ = writeln!(out, "| {} | {} | {:.1}/4 |", cell(&topic.topic), topic.questions, topic.mean_band);
        }
    }
    for q in &report.questions {
        let _ = writeln!(out, "\n## {}. {} ({} · {})\n", q.number, q.id, q.topic, q.level);
        let _ = writeln!(out, "{}\n", quote(&q.prompt));
        let _ = writeln!(out, "**Result:** {}", q.result());
        if !q.points.is_empty() {
            let _ = writeln!(out, "\n| point | verdict | evidence |\n|---|---|---|");
            for p in &q.points {
                let mut verdict = p.verdict.to_string();
                if p.recovered {
                    verdict.push_str(" (recovered)");
                }
                if p.contradicted {
                    verdict.push_str(" (wrong claim)");
                }
                let evidence: Vec<String> = p.evidence.iter().map(|e| format!("“{}”", cell(e))).collect();
                let _ = writeln!(out, "| {} | {verdict} | {} |", cell(&p.assesses), evidence.join(" "));
            }
        }
        for pitfall in &q.pitfalls {
            let _ = writeln!(out, "\n**Pitfall:** {}", pitfall.description);
        }
        for hint in &q.hints {
            let _ = writeln!(out, "\n**Hint shown:** {hint}");
        }
        for e in &q.exchanges {
            exchange(&mut out, e);
        }
    }
    out
}

fn exchange(out: &mut String, e: &ExchangeReport) {
    if e.kind == "followup" {
        let _ = writeln!(out, "\n### Follow-up\n\n{}", quote(&e.prompt));
    }
    let _ = writeln!(out, "\n**Answer** ({} s; evidence in bold):\n", e.seconds);
    let marked: String = highlight(&e.answer, &e.evidence)
        .into_iter()
        .map(|(text, evidence)| if evidence { format!("**{text}**") } else { text.to_string() })
        .collect();
    let _ = writeln!(out, "{}", quote(&marked));
    if let Some(integrity) = e.integrity_text() {
        let _ = writeln!(out, "\nIntegrity: {integrity}");
    }
    if !e.recovered.is_empty() {
        let _ = writeln!(out, "\nRecovered: {}", e.recovered.join(", "));
    }
    if let Some(score) = &e.score {
        let _ = writeln!(out, "\n{}", scored_by(score));
        let _ = writeln!(out, "\n{}", score.feedback);
    }
}

/// `Scored band 3/4 · 70/100 by llm (model m)`, with any fallback, disagreement and downgrade.
pub fn scored_by(score: &ScoreReport) -> String {
    let mut line = format!("Scored band {}/4 · {}/100 by the {} scorer", score.band, score.score, score.scorer);
    if let Some(model) = &score.model {
        line.push_str(&format!(" (model {model}"));
        if let Some(version) = &score.prompt_version {
            line.push_str(&format!(", prompt {version}"));
        }
        line.push(')');
    }
    if let Some(reason) = &score.offline_fallback {
        line.push_str(&format!("; offline fallback: {reason}"));
    }
    if let Some(hybrid) = &score.hybrid {
        line.push_str(&format!(
            "; hybrid check: LLM band {}, offline band {}",
            hybrid.llm_band.0, hybrid.offline_band.0
        ));
        if hybrid.disagreement {
            line.push_str(" (DISAGREEMENT)");
        }
        if hybrid.manipulation_capped {
            line.push_str(" (capped: text addressed to the grader)");
        }
    }
    for downgrade in &score.downgrades {
        line.push_str(&format!("; not credited without a quote: {downgrade}"));
    }
    for warning in &score.warnings {
        line.push_str(&format!("; {warning}"));
    }
    line
}

/// A blockquote of `text`, with `<` escaped so that no candidate text becomes HTML where Markdown is rendered.
fn quote(text: &str) -> String {
    text.lines().map(|line| format!("> {}", no_tags(line))).collect::<Vec<_>>().join("\n")
}

fn no_tags(text: &str) -> String {
    text.replace('<', "&lt;")
}

fn cell(text: &str) -> String {
    no_tags(&crate::scoring::text::one_line(text, 200)).replace('|', "\\|")
}
