//! The session report as one self-contained, print-friendly HTML file: inline CSS, no script, no external asset.
//! Every piece of text from the session goes through [`escape`].
use super::document::{highlight, ExchangeReport, Report};
use super::markdown::scored_by;
use std::fmt::Write;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
.bar{display:inline-block;height:.7rem;background:#4a7;vertical-align:middle}
blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:3px solid #999;background:#f6f6f6;white-space:pre-wrap}
mark{background:#ffe58a}.covered{color:#176b32}.partial{color:#8a6100}.missed{color:#a11}
.warn{color:#a11;font-weight:bold}.meta{color:#555;font-size:.9rem}
@media print{body{margin:0;max-width:none}h2{break-before:auto;break-inside:avoid}blockquote{break-inside:avoid}}";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.session;
    let title = format!("Interview report: {}", s.candidate.as_deref().unwrap_or("practice session"));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Session {} · {} · {} · started {} · scorer {}</p>",
        escape(&s.id),
        escape(&s.mode),
        escape(&s.status),
        escape(&s.started_at),
        escape(&s.scorer)
    );
    let o = &report.overall;
    let _ = writeln!(out, "<h2>Summary</h2>\n<p>Questions answered: {}/{}</p>", o.answered, o.questions);
    if let (Some(band), Some(score)) = (o.mean_band, o.mean_score) {
        let _ = writeln!(out, "<p><strong>Overall: {band:.1}/4</strong> mean band, {score:.0}/100 mean score</p>");
    }
    if let (Some(passed), Some(mark)) = (o.passed, s.pass_mark) {
        let verdict = if passed { "PASS" } else { "<span class=\"warn\">FAIL</span>" };
        let _ = writeln!(out, "<p>Screen result: <strong>{verdict}</strong> (pass mark {mark:.1}/4)</p>");
    }
    for (label, text) in o.warnings() {
        let _ = writeln!(out, "<p class=\"warn\">{label}: {}</p>", escape(&text));
    }
    if !o.topics.is_empty() {
        out.push_str("<table>\n<tr><th>topic</th><th>questions</th><th>mean band</th></tr>\n");
        for topic in &o.topics {
            let width = (topic.mean_band.clamp(0.0, 4.0) * 2.5 * 10.0).round() / 10.0;
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td><span class=\"bar\" style=\"width:{width}rem\"></span> {:.1}/4</td></tr>",
                escape(&topic.topic),
                topic.questions,
                topic.mean_band
            );
        }
        out.push_str("</table>\n");
    }
    for q in &report.questions {
        let _ = writeln!(
            out,
            "<h2>{}. {} <span class=\"meta\">({} · {})</span></h2>\n<blockquote>{}</blockquote>",
            q.number,
            escape(&q.id),
            escape(&q.topic),
            escape(&q.level),
            escape(&q.prompt)
        );
        let _ = writeln!(out, "<p><strong>Result:</strong> {}</p>", q.result());
        if !q.points.is_empty() {
            out.push_str("<table>\n<tr><th>point</th><th>verdict</th><th>evidence</th></tr>\n");
            for p in &q.points {
                let mut verdict = escape(p.verdict);
                if p.recovered {
                    verdict.push_str(" (recovered)");
                }
                if p.contradicted {
                    verdict.push_str(" (wrong claim)");
                }
                let evidence: Vec<String> = p.evidence.iter().map(|e| format!("“{}”", escape(e))).collect();
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"{}\">{verdict}</td><td>{}</td></tr>",
                    escape(&p.assesses),
                    p.verdict,
                    evidence.join(" ")
                );
            }
            out.push_str("</table>\n");
        }
        for pitfall in &q.pitfalls {
            let _ = writeln!(out, "<p class=\"warn\">Pitfall: {}</p>", escape(&pitfall.description));
        }
        for hint in &q.hints {
            let _ = writeln!(out, "<p class=\"meta\">Hint shown: {}</p>", escape(hint));
        }
        for e in &q.exchanges {
            exchange(&mut out, e);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn exchange(out: &mut String, e: &ExchangeReport) {
    if e.kind == "followup" {
        let _ = writeln!(out, "<h3>Follow-up</h3>\n<blockquote>{}</blockquote>", escape(&e.prompt));
    }
    let _ = writeln!(out, "<p class=\"meta\">Answer, {} s (evidence highlighted):</p>", e.seconds);
    let marked: String = highlight(&e.answer, &e.evidence)
        .into_iter()
        .map(|(text, evidence)| if evidence { format!("<mark>{}</mark>", escape(text)) } else { escape(text) })
        .collect();
    let _ = writeln!(out, "<blockquote>{marked}</blockquote>");
    if let Some(integrity) = e.integrity_text() {
        let _ = writeln!(out, "<p class=\"meta\">Integrity: {}</p>", escape(&integrity));
    }
    if !e.recovered.is_empty() {
        let _ = writeln!(out, "<p>Recovered: {}</p>", escape(&e.recovered.join(", ")));
    }
    if let Some(score) = &e.score {
        let class = if score.offline_fallback.is_some() || score.hybrid.is_some_and(|h| h.disagreement) {
            "warn"
        } else {
            "meta"
        };
        let _ =
            writeln!(out, "<p class=\"{class}\">{}</p>\n<p>{}</p>", escape(&scored_by(score)), escape(&score.feedback));
    }
}
