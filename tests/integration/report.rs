//! `interviewer report` and `interviewer verify` on a stored session.
use crate::practice::one_question_env;
use crate::util::{stderr, stdout, Env};
use std::process::Output;

const KEY: &str = "integration-test-report-key";

fn run_with_key(env: &Env, args: &[&str]) -> Output {
    env.command(args).env("INTERVIEWER_REPORT_HMAC_KEY", KEY).output().unwrap()
}

/// A finished session whose answer holds a script tag; returns its id.
fn session(env: &Env, bank: &str) -> String {
    let answers = env.write("answers.txt", "A set keeps unique items, no duplicates. <script>alert('x')</script>\n");
    let args = ["practice", "--bank", bank, "--topic", "e2e", "--seed", "1", "--answers", answers.to_str().unwrap()];
    let output = env.run(&args, b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let listed = env.run(&["sessions", "--json"], b"");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    rows[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn html_report_escapes_the_answer_and_shows_the_scorer() {
    let (env, bank) = one_question_env();
    let id = session(&env, &bank);
    let file = env.home.path().join("report.html");
    let output = env.run(&["report", &id, "-o", file.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(page.contains("by the offline scorer"), "{page}");
    assert!(stderr(&output).contains("not signed"));
}

#[test]
fn verify_detects_a_changed_character_in_an_exported_report() {
    let (env, bank) = one_question_env();
    let id = session(&env, &bank);
    for format in ["md", "html", "json"] {
        let file = env.home.path().join(format!("report.{format}"));
        let output = run_with_key(&env, &["report", &id, "--format", format, "-o", file.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let path = file.to_str().unwrap();
        let output = run_with_key(&env, &["verify", path]);
        assert!(output.status.success(), "{format}: {}", stdout(&output));
        assert!(stdout(&output).contains("intact"));

        let text = std::fs::read_to_string(&file).unwrap();
        let at = text.find("alert").expect("the answer is in the report");
        std::fs::write(&file, format!("{}A{}", &text[..at], &text[at + 1..])).unwrap();
        let output = run_with_key(&env, &["verify", path]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stdout(&output));
        assert!(stdout(&output).contains("ALTERED"), "{format}: {}", stdout(&output));
    }
    let output = env.run(&["verify", env.home.path().join("report.md").to_str().unwrap()], b"");
    assert!(stderr(&output).contains("no report key"), "{}", stderr(&output));
}

#[test]
fn report_of_an_unknown_session_says_how_to_list_them() {
    let env = Env::new();
    let output = env.run(&["report", "nope"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("interviewer sessions"), "{}", stderr(&output));
}
