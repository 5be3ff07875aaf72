//! Eval cases: answers with a human grade, one JSON object per line (docs/eval-format.md).
use serde::Deserialize;
use std::collections::HashMap;

/// A question given in full by a case, for questions that are not in the bank.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
pub struct CaseQuestion {
    pub prompt: String,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    #[serde(default)]
    pub standard_answer: String,
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// 1-based line number in the cases file.
    pub line: usize,
    pub id: String,
    pub question_id: Option<String>,
    pub question: Option<CaseQuestion>,
    pub answer: String,
    pub grade: f64,
    pub grade_max: f64,
    /// Breakdown labels: scoring ignores them.
    pub group: Option<String>,
    pub kind: Option<String>,
    pub split: Option<String>,
}

impl Case {
    /// The human grade as a share of its maximum, 0.0-1.0.
    pub fn fraction(&self) -> f64 {
        self.grade / self.grade_max
    }
}

/// A line that was not used, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    pub line: usize,
    pub message: String,
}

/// The cases of a file, and the lines skipped.
#[derive(Debug, Default)]
pub struct Parsed {
    pub cases: Vec<Case>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CasesError {
    #[error("the cases file is empty: expected one JSON object per line (see docs/eval-format.md)")]
    Empty,
}

#[derive(Deserialize)]
struct RawCase {
    id: String,
    #[serde(default)]
    question_id: Option<String>,
    #[serde(default)]
    question: Option<CaseQuestion>,
    answer: String,
    grade: f64,
    grade_max: f64,
    #[serde(default)]
    group: Option<serde_json::Value>,
    #[serde(default)]
    kind: Option<serde_json::Value>,
    #[serde(default)]
    split: Option<serde_json::Value>,
}

/// Parses a cases file. Blank lines are ignored; a line that is not a valid case is skipped with its reason.
/// A file with no non-blank line is an error.
pub fn parse(text: &str) -> Result<Parsed, CasesError> {
    let mut parsed = Parsed::default();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    let mut any = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        match parse_line(line, number) {
            Ok(case) => {
                if let Some(first) = first_line_of.get(&case.id) {
                    let message = format!("duplicate case id `{}` (first on line {first})", case.id);
                    parsed.skipped.push(Skipped { line: number, message });
                    continue;
                }
                first_line_of.insert(case.id.clone(), number);
                parsed.cases.push(case);
            }
            Err(message) => parsed.skipped.push(Skipped { line: number, message }),
        }
    }
    if any {
        Ok(parsed)
    } else {
        Err(CasesError::Empty)
    }
}

fn parse_line(line: &str, number: usize) -> Result<Case, String> {
    let raw: RawCase = serde_json::from_str(line.trim_start_matches('\u{feff}')).map_err(|e| json_message(&e))?;
    if raw.id.trim().is_empty() {
        return Err("`id` is empty".to_string());
    }
    if !(raw.grade_max.is_finite() && raw.grade_max > 0.0) {
        return Err(format!("`grade_max` must be a positive number, not {}", raw.grade_max));
    }
    if !(raw.grade.is_finite() && (0.0..=raw.grade_max).contains(&raw.grade)) {
        return Err(format!("`grade` {} is outside 0-{} (`grade_max`)", raw.grade, raw.grade_max));
    }
    let question_id = raw.question_id.filter(|id| !id.trim().is_empty());
    match (&question_id, &raw.question) {
        (None, None) => return Err("a case needs `question_id` or `question`".to_string()),
        (_, Some(q)) if q.prompt.trim().is_empty() => return Err("`question.prompt` is empty".to_string()),
        _ => {}
    }
    Ok(Case {
        line: number,
        id: raw.id,
        question_id,
        question: raw.question,
        answer: raw.answer,
        grade: raw.grade,
        grade_max: raw.grade_max,
        group: label(raw.group, "group")?,
        kind: label(raw.kind, "kind")?,
        split: label(raw.split, "split")?,
    })
}

/// A breakdown label: a string, or a number or boolean taken as its text.
fn label(value: Option<serde_json::Value>, field: &str) -> Result<Option<String>, String> {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(_) => Err(format!("`{field}` must be a string")),
    }
}

/// serde_json's message, with the column but without the (always 1) line of the one-line document.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(message) => format!("{message} (column {})", error.column()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        r#"{"id": "a", "question_id": "gil", "answer": "x", "grade": 3, "grade_max": 4, "group": "g", "kind": 7}"#;

    #[test]
    fn a_good_line_becomes_a_case_with_its_labels() {
        let parsed = parse(GOOD).unwrap();
        assert!(parsed.skipped.is_empty());
        let case = &parsed.cases[0];
        assert_eq!((case.id.as_str(), case.line, case.fraction()), ("a", 1, 0.75));
        assert_eq!((case.group.as_deref(), case.kind.as_deref(), case.split.as_deref()), (Some("g"), Some("7"), None));
    }

    #[test]
    fn malformed_lines_are_skipped_with_their_line_numbers() {
        let text = format!(
            "{GOOD}\n\nnot json\n{}\n{}\n{}\n{}\n",
            r#"{"id": "b", "answer": "x", "grade": 1, "grade_max": 1}"#,
            r#"{"id": "c", "question_id": "gil", "answer": "x", "grade": 2, "grade_max": 1}"#,
            r#"{"id": "a", "question_id": "gil", "answer": "x", "grade": 1, "grade_max": 1}"#,
            r#"{"id": "d", "question": {"prompt": "Why?"}, "grade": 1, "grade_max": 1}"#,
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.cases.len(), 1);
        let lines: Vec<usize> = parsed.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(parsed.skipped[1].message.contains("`question_id` or `question`"), "{:?}", parsed.skipped[1]);
        assert!(parsed.skipped[2].message.contains("outside"), "{:?}", parsed.skipped[2]);
        assert!(parsed.skipped[3].message.contains("duplicate case id `a` (first on line 1)"));
        assert!(parsed.skipped[4].message.contains("missing field `answer`"), "{:?}", parsed.skipped[4]);
    }

    #[test]
    fn a_question_may_omit_points_pitfalls_and_the_standard_answer() {
        let line = r#"{"id": "a", "question": {"prompt": "Why?"}, "answer": "x", "grade": 0, "grade_max": 1}"#;
        let question = parse(line).unwrap().cases.remove(0).question.unwrap();
        assert!(question.points.is_empty() && question.pitfalls.is_empty() && question.standard_answer.is_empty());
    }

    #[test]
    fn an_empty_or_blank_file_is_an_error() {
        assert_eq!(parse("").unwrap_err(), CasesError::Empty);
        assert_eq!(parse("\n  \n").unwrap_err(), CasesError::Empty);
    }
}
