//! `interviewer eval` end to end: the binary on small cases files written by each test.
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REFERENCE: &str = "TCP adds reliable and ordered delivery to IP: it acknowledges the segments that it receives \
    and it retransmits the ones that are lost.";

/// A case on the reference-only question above.
fn case(id: &str, answer: &str, grade: f64, split: &str) -> String {
    json!({
        "id": id,
        "question": {"prompt": "What does TCP add to IP?", "points": [], "pitfalls": [], "standard_answer": REFERENCE},
        "answer": answer, "grade": grade, "grade_max": 1, "split": split, "kind": "reference",
    })
    .to_string()
}

/// Two perfect answers (human band 4), two empty ones (band 0) and an empty one a human gave half credit (band 2).
fn good_lines() -> Vec<String> {
    vec![
        case("full-1", REFERENCE, 1.0, "train"),
        case("full-2", REFERENCE, 1.0, "test"),
        case("none-1", "I don't know.", 0.0, "train"),
        case("none-2", "No idea, sorry.", 0.0, "test"),
        case("lenient", "I don't know.", 0.5, "test"),
    ]
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn write(&self, name: &str, lines: &[String]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
        path
    }

    /// Runs the binary with a clean environment, so that a developer's settings never leak into a test.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_interviewer"))
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("INTERVIEWER_HOME", self.dir.path().join("home"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> (Value, String) {
        let output = self.run(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "{stderr}");
        (serde_json::from_slice(&output.stdout).unwrap(), stderr)
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn close(value: &Value, expected: f64) {
    let actual = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

#[test]
fn json_report_has_the_hand_computed_figures() {
    let env = Env::new();
    let cases = env.write("cases.jsonl", &good_lines());
    let (report, _) = env.json(&["eval", path(&cases), "--json"]);
    let overall = &report["overall"];
    assert_eq!(report["cases"], 5);
    assert_eq!(report["scorer"], "offline");
    assert_eq!(report["questions"], json!({"reference": 5}));
    // Humans 4,4,0,0,2; ours 4,4,0,0,0: weighted disagreement 4, expected 36 (see src/eval/metrics.rs).
    close(&overall["qwk"], 8.0 / 9.0);
    // Scores 100,100,0,0,0 against 1,1,0,0,0.5: cov 100, variances 12000 and 1.
    close(&overall["pearson"], 100.0 / 12000f64.sqrt());
    close(&overall["exact"], 0.8);
    close(&overall["adjacent"], 0.8);
    close(&overall["mean_signed_error"], -0.4);
    assert_eq!(overall["confusion"][2], json!([1, 0, 0, 0, 0]));
    assert_eq!(overall["confusion"][4], json!([0, 0, 0, 0, 2]));
    assert_eq!(report["by_split"]["test"]["cases"], 3);
    assert_eq!(report["by_kind"]["reference"]["cases"], 5);
    assert_eq!(report["worst"][0]["id"], "lenient");
    assert_eq!(report["worst"][0]["human_band"], 2);
    assert_eq!(report["skipped"], json!([]));
}

#[test]
fn a_malformed_line_is_reported_with_its_number_skipped_and_counted() {
    let env = Env::new();
    let mut lines = good_lines();
    lines.insert(2, r#"{"id": "broken", "answer": "#.to_string());
    let cases = env.write("cases.jsonl", &lines);
    let (report, stderr) = env.json(&["eval", path(&cases), "--json"]);
    assert_eq!(report["cases"], 5);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(report["skipped"][0]["line"], 3);
    assert!(stderr.contains("cases.jsonl:3: skipped: "), "{stderr}");

    let output = env.run(&["eval", path(&cases)]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(stdout.contains("1 line(s) skipped"), "{stdout}");
}

#[test]
fn an_empty_file_is_an_error() {
    let env = Env::new();
    let cases = env.write("empty.jsonl", &[]);
    let output = env.run(&["eval", path(&cases)]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the cases file is empty"), "{stderr}");
}

#[test]
fn predictions_file_has_one_line_per_case() {
    let env = Env::new();
    let cases = env.write("cases.jsonl", &good_lines());
    let out = env.dir.path().join("predictions.jsonl");
    let output = env.run(&["eval", path(&cases), "--predictions", path(&out), "--concurrency", "2"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0], json!({"id": "full-1", "band": 4, "score": 100, "grade": 1.0, "grade_max": 1.0}));
    assert_eq!(lines[4], json!({"id": "lenient", "band": 0, "score": 0, "grade": 0.5, "grade_max": 1.0}));
}

#[test]
fn text_report_shows_the_table_confusion_and_worst_disagreements() {
    let env = Env::new();
    let cases = env.write("cases.jsonl", &good_lines());
    let output = env.run(&["eval", path(&cases)]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "no progress when stderr is not a terminal");
    for expected in ["5 cases from", "overall", "0.889", "by split:", "Confusion", "Worst disagreements", "lenient"] {
        assert!(stdout.contains(expected), "{expected:?} missing from:\n{stdout}");
    }
}

#[test]
fn split_option_keeps_only_the_named_splits() {
    let env = Env::new();
    let cases = env.write("cases.jsonl", &good_lines());
    let (report, _) = env.json(&["eval", path(&cases), "--json", "--split", "train"]);
    assert_eq!(report["cases"], 2);
    close(&report["overall"]["exact"], 1.0);

    let output = env.run(&["eval", path(&cases), "--split", "dev"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success());
    assert!(stderr.contains("no case has split `dev`; the splits are: test, train"), "{stderr}");
}

#[test]
fn cases_resolve_to_bank_questions_by_id_and_by_wording() {
    let env = Env::new();
    let lines = vec![
        json!({"id": "by-id", "question_id": "gil", "answer": "No idea.", "grade": 0, "grade_max": 4}).to_string(),
        json!({"id": "by-wording", "question": {"prompt": "What is GIL and why is it important"},
               "answer": "No idea.", "grade": 0, "grade_max": 4})
        .to_string(),
        json!({"id": "unknown", "question_id": "no-such-question", "answer": "x", "grade": 0, "grade_max": 4})
            .to_string(),
    ];
    let cases = env.write("cases.jsonl", &lines);
    let (report, stderr) = env.json(&["eval", path(&cases), "--json"]);
    assert_eq!(report["questions"], json!({"bank_id": 1, "bank_wording": 1}));
    assert!(stderr.contains("cases.jsonl:3: skipped: unknown question id `no-such-question`"), "{stderr}");
    // Every band is 0 on both sides: agreement is perfect but kappa and correlations are undefined.
    assert_eq!(report["overall"]["qwk"], Value::Null);
    assert_eq!(report["overall"]["pearson"], Value::Null);
    close(&report["overall"]["exact"], 1.0);
}

#[test]
fn rendered_report_and_json_contract_are_stable() {
    let env = Env::new();
    env.write("cases.jsonl", &good_lines());
    let output = env.run(&["eval", "cases.jsonl"]);
    assert!(output.status.success());
    insta::assert_snapshot!("text_report", String::from_utf8(output.stdout).unwrap());
    let (report, _) = env.json(&["eval", "cases.jsonl", "--json"]);
    insta::assert_json_snapshot!("json_report", report);
}

#[test]
fn grades_option_measures_against_another_grader() {
    let env = Env::new();
    let cases = env.write("cases.jsonl", &good_lines());
    // The second grader gives the "lenient" case nothing, as we do: every band then agrees.
    let ids = ["full-1", "full-2", "none-1", "none-2", "lenient"];
    let grades: Vec<String> =
        ids.iter().zip([1.0, 1.0, 0.0, 0.0, 0.0]).map(|(id, g)| json!({"id": id, "grade": g}).to_string()).collect();
    let second = env.write("second.jsonl", &grades);
    let (report, _) = env.json(&["eval", path(&cases), "--json", "--grades", path(&second)]);
    close(&report["overall"]["exact"], 1.0);
    close(&report["overall"]["qwk"], 1.0);

    let missing = env.write("missing.jsonl", &grades[..4]);
    let output = env.run(&["eval", path(&cases), "--grades", path(&missing)]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success());
    assert!(stderr.contains("missing.jsonl") && stderr.contains("case `lenient` has no grade"), "{stderr}");
}
