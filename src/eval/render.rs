//! The human-readable eval report.
use super::metrics::{Summary, BANDS};
use super::{Report, Source};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report as plain text. `source` names the cases file.
pub fn text(report: &Report, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} cases from {source}, scored by the {} scorer", report.cases, scorer_name(report));
    let questions: Vec<String> =
        report.questions.iter().map(|(source, count)| format!("{count} {}", source_label(*source))).collect();
    let _ = writeln!(out, "Cases: {}", questions.join(", "));

    let _ = writeln!(out, "\n{}", header());
    let _ = writeln!(out, "{}", row("overall", &report.overall));
    for (title, table) in [("split", &report.by_split), ("group", &report.by_group), ("kind", &report.by_kind)] {
        table_rows(&mut out, title, table);
    }
    let _ = writeln!(
        out,
        "\nQWK: quadratic weighted kappa on the 0-4 band; Pearson and Spearman: our 0-100 score against \
         grade/grade_max;\nexact and adjacent (within one band) agreement; error: mean of our band minus the human \
         band\n(positive: more lenient than the humans, negative: harsher). n/a: undefined (e.g. a constant series)."
    );

    let _ = writeln!(out, "\nConfusion (rows: human band, columns: our band)");
    let _ = writeln!(out, "{:>8}{}", "", (0..BANDS).map(|b| format!("{b:>7}")).collect::<String>());
    for (band, row) in report.overall.confusion.iter().enumerate() {
        let _ = writeln!(out, "{:>8}{}", band, row.iter().map(|n| format!("{n:>7}")).collect::<String>());
    }

    if !report.worst.is_empty() {
        let _ = writeln!(out, "\nWorst disagreements");
        for d in &report.worst {
            let _ = writeln!(
                out,
                "  human {} ({}/{}), ours {} (score {}): {} [{}]\n      \"{}\"",
                d.human_band, d.grade, d.grade_max, d.our_band, d.our_score, d.question_id, d.id, d.answer
            );
        }
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "\n{} line(s) skipped (see the messages on standard error)", report.skipped.len());
    }
    out
}

fn scorer_name(report: &Report) -> String {
    serde_json::to_value(report.scorer).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn source_label(source: Source) -> &'static str {
    match source {
        Source::BankId => "on bank questions named by id",
        Source::BankWording => "on bank questions found by wording",
        Source::CaseRubric => "on questions with their own points",
        Source::Reference => "on questions known by a reference answer only",
    }
}

fn table_rows(out: &mut String, title: &str, table: &BTreeMap<String, Summary>) {
    if table.is_empty() {
        return;
    }
    let _ = writeln!(out, "by {title}:");
    for (name, summary) in table {
        let _ = writeln!(out, "{}", row(&format!("  {name}"), summary));
    }
}

const NAME_WIDTH: usize = 26;

fn header() -> String {
    format!(
        "{:<NAME_WIDTH$} {:>6} {:>6} {:>8} {:>8} {:>6} {:>8} {:>6}",
        "", "cases", "QWK", "Pearson", "Spearman", "exact", "adjacent", "error"
    )
}

fn row(name: &str, s: &Summary) -> String {
    let name: String = if name.chars().count() > NAME_WIDTH {
        name.chars().take(NAME_WIDTH - 1).chain(std::iter::once('…')).collect()
    } else {
        name.to_string()
    };
    format!(
        "{name:<NAME_WIDTH$} {:>6} {:>6} {:>8} {:>8} {:>6} {:>8} {:>6}",
        s.cases,
        fixed(s.qwk),
        fixed(s.pearson),
        fixed(s.spearman),
        percent(s.exact),
        percent(s.adjacent),
        s.mean_signed_error.map_or("n/a".to_string(), |e| format!("{e:+.2}")),
    )
}

fn fixed(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{v:.3}"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{:.1}%", v * 100.0))
}
