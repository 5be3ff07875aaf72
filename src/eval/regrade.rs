//! Another grader's grades for the same cases (`eval --grades FILE`): the report then measures the scorer
//! against that grader instead of the one in the cases file.
use super::case::Case;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GradesError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("case `{0}` has no grade in the grades file")]
    Missing(String),
}

#[derive(serde::Deserialize)]
struct Grade {
    id: String,
    grade: f64,
}

/// Replaces each case's grade with the one `text` (JSON lines of `{"id", "grade"}`, on the cases' own
/// `grade_max` scale) gives it. Every case needs a grade; an id that names no case is an error too, since it
/// means the two files are not about the same answers.
pub fn apply(cases: &mut [Case], text: &str) -> Result<(), GradesError> {
    let index: HashMap<&str, usize> = cases.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut grades: HashMap<usize, f64> = HashMap::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if line.trim().is_empty() {
            continue;
        }
        let fail = |message: String| GradesError::Line { line: number, message };
        let Grade { id, grade } = serde_json::from_str(line).map_err(|e| fail(format!("not a grade: {e}")))?;
        let &at = index.get(id.as_str()).ok_or_else(|| fail(format!("`{id}` is not a case")))?;
        if !(grade.is_finite() && (0.0..=cases[at].grade_max).contains(&grade)) {
            return Err(fail(format!("`grade` {grade} of `{id}` is outside 0-{}", cases[at].grade_max)));
        }
        if grades.insert(at, grade).is_some() {
            return Err(fail(format!("`{id}` is graded twice")));
        }
    }
    for (at, case) in cases.iter_mut().enumerate() {
        case.grade = *grades.get(&at).ok_or_else(|| GradesError::Missing(case.id.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases() -> Vec<Case> {
        let text = concat!(
            r#"{"id": "a", "question_id": "gil", "answer": "x", "grade": 4, "grade_max": 4}"#,
            "\n",
            r#"{"id": "b", "question_id": "gil", "answer": "y", "grade": 1, "grade_max": 4}"#,
        );
        super::super::case::parse(text).unwrap().cases
    }

    #[test]
    fn grades_replace_the_cases_grades() {
        let mut cases = cases();
        apply(&mut cases, "{\"id\": \"b\", \"grade\": 3}\n\n{\"id\": \"a\", \"grade\": 2}\n").unwrap();
        assert_eq!((cases[0].grade, cases[1].grade), (2.0, 3.0));
    }

    #[test]
    fn every_mismatch_is_an_error_with_its_line() {
        let error = |text: &str| apply(&mut cases(), text).unwrap_err().to_string();
        assert_eq!(error("{\"id\": \"a\", \"grade\": 2}"), "case `b` has no grade in the grades file");
        assert!(error("{\"id\": \"a\", \"grade\": 2}\n{\"id\": \"z\", \"grade\": 1}").starts_with("line 2: `z` is not"));
        assert!(error("{\"id\": \"a\", \"grade\": 9}").contains("outside 0-4"));
        assert!(error("{\"id\": \"a\", \"grade\": 2}\n{\"id\": \"a\", \"grade\": 2}").contains("graded twice"));
        assert!(error("{\"id\": \"a\"").starts_with("line 1: not a grade"));
    }
}
