//! Whole runs of the binary against the local server: a scripted practice session and `doctor`.
use crate::server::{error, Reply, Server};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn interviewer(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_interviewer"));
    // A developer's own configuration must not leak in.
    command.env_clear().env("PATH", std::env::var_os("PATH").unwrap()).env("INTERVIEWER_HOME", home);
    command
}

fn transcript(home: &Path) -> serde_json::Value {
    let dir = home.join("sessions");
    let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn practice_session_scores_with_the_llm_and_labels_the_fallback() {
    let server = Server::start(vec![Reply::Auto, error(401, "Incorrect API key provided")]);
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("answers.txt");
    std::fs::write(
        &answers,
        "Threads share one interpreter lock so only one runs bytecode at a time.\n---\nI would profile first and then cache results.\n",
    )
    .unwrap();
    let output = interviewer(home.path())
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("OPENAI_API_KEY", "sk-test-key-1234")
        .env("INTERVIEWER_MODEL", "test-model")
        .env("INTERVIEWER_STREAM", "false")
        .args(["practice", "--scorer", "llm", "--questions", "2", "--seed", "3", "--max-followups", "0"])
        .arg("--answers")
        .arg(&answers)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("llm scorer · test-model"), "banner: {stdout}");
    assert!(stdout.contains("(llm scorer)"), "{stdout}");
    assert!(stdout.contains("(offline scorer: LLM unavailable"), "{stdout}");
    assert!(stdout.contains("LLM usage: 812 prompt + 121 completion tokens"), "{stdout}");
    assert_eq!(server.requests().len(), 2);

    let transcript = transcript(home.path());
    assert_eq!(transcript["scorer"], "llm");
    let first = &transcript["questions"][0]["exchanges"][0]["scoring"];
    assert_eq!(first["scorer"], "llm");
    assert_eq!(first["llm"]["model"], "test-model");
    assert_eq!(first["llm"]["prompt_version"], "score-v2");
    assert_eq!(first["llm"]["usage"]["prompt_tokens"], 812);
    let second = &transcript["questions"][1]["exchanges"][0]["scoring"];
    assert_eq!(second["scorer"], "offline");
    assert!(second["fallback_reason"].as_str().unwrap().contains("API key"));
    assert_eq!(transcript["summary"]["llm_usage"]["prompt_tokens"], 812);
    assert_eq!(transcript["summary"]["llm_usage"]["fallbacks"], 1);
}

#[test]
fn doctor_explains_a_rejected_key() {
    let server = Server::start(vec![error(401, "Incorrect API key provided")]);
    let home = tempfile::tempdir().unwrap();
    let output = interviewer(home.path())
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("OPENAI_API_KEY", "sk-secret-key-5678")
        .arg("doctor")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("sk-…5678") && !stdout.contains("sk-secret-key-5678"), "key masked: {stdout}");
    assert!(stdout.contains("rejected the API key"), "{stdout}");
    assert!(stdout.contains("prompt tokens for a typical question"), "{stdout}");
}

#[test]
fn doctor_reports_json_schema_support() {
    let server = Server::start(vec![crate::server::completion("{\"ok\": true}")]);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        format!("[llm]\nbase_url = \"{}\"\nmodel = \"file-model\"\n", server.base_url),
    )
    .unwrap();
    let output = interviewer(home.path()).args(["doctor", "--model", "flag-model"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("accepts JSON-schema output"), "{stdout}");
    assert!(stdout.contains("model:        flag-model"), "flags win over the file: {stdout}");
    assert_eq!(server.requests()[0].body["model"], "flag-model");
}

/// Runs `eval --scorer llm` over `cases` answers to `gil` against `server`; returns the JSON report.
fn eval_llm(server: &Server, cases: usize, concurrency: &str) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("cases.jsonl");
    let lines: Vec<String> = (0..cases)
        .map(|n| {
            serde_json::json!({"id": format!("case-{n}"), "question_id": "gil",
                "answer": "Only one thread runs bytecode at a time.", "grade": 4, "grade_max": 4})
            .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = interviewer(home.path())
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("INTERVIEWER_STREAM", "false")
        .args(["eval", "--scorer", "llm", "--json", "--model", "test-model", "--concurrency", concurrency])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn eval_measures_the_llm_scorer_when_asked() {
    let server = Server::start(vec![Reply::Auto, Reply::Auto]);
    let report = eval_llm(&server, 2, "1");
    assert_eq!(report["scorer"], "llm");
    assert_eq!(server.requests().len(), 2, "one request per case");
    assert_eq!(server.most_at_once(), 1, "--concurrency 1 sends one request at a time");
}

#[test]
fn eval_keeps_concurrency_requests_in_flight() {
    // Long enough that requests overlap even when the test machine is busy with other test binaries.
    let slow = || Reply::Delayed(Duration::from_millis(2500), Box::new(Reply::Auto));
    let server = Server::start((0..6).map(|_| slow()).collect());
    let report = eval_llm(&server, 6, "3");
    assert_eq!(server.requests().len(), 6, "one request per case");
    // Exactly three is the expectation; a loaded machine may start a thread late, but never more than three.
    let most = server.most_at_once();
    assert!((2..=3).contains(&most), "{most} requests at once with --concurrency 3");
    assert_eq!(report["overall"]["cases"], 6, "{report}");
}
