//! The session store: sessions listed from SQLite, and a session killed at any step resumed with nothing lost.
use crate::practice::one_question_env;
use crate::util::{stderr, stdout, Env};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

const FIRST: &str = "A set keeps only unique items,\nno duplicates.";
const FOLLOWUP: &str = "Membership lookup is constant time, O(1), since a set is a hash table.";

fn practice_args<'a>(bank: &'a str, answers: &'a str) -> Vec<&'a str> {
    vec!["practice", "--bank", bank, "--topic", "e2e", "--seed", "1", "--candidate", "ada", "--answers", answers]
}

/// Runs `args` until the binary has committed `commits` saves to the store, then kills it (SIGKILL).
pub fn run_and_kill_after(env: &Env, args: &[&str], commits: usize) {
    let mut child = env
        .command(args)
        .env("INTERVIEWER_TEST_PAUSE_AFTER_COMMITS", commits.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let marker = format!("paused after commit {commits}");
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains(&marker) => break,
            Some(Ok(_)) => {}
            _ => panic!("the binary ended before commit {commits}: {:?}", child.wait()),
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn sessions(env: &Env) -> Vec<serde_json::Value> {
    let output = env.run(&["sessions", "--json"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap().as_array().unwrap().clone()
}

/// The answers and final result of the only transcript.
fn outcome(env: &Env) -> (Vec<String>, serde_json::Value) {
    let transcripts = env.transcripts();
    assert_eq!(transcripts.len(), 1, "one session, one transcript");
    let question = &transcripts[0]["questions"][0];
    let answers = question["exchanges"].as_array().unwrap().iter().map(|e| e["answer"].as_str().unwrap().to_string());
    (answers.collect(), question["result"]["band"].clone())
}

#[test]
fn a_session_killed_at_any_step_resumes_with_nothing_lost() {
    let (reference, bank) = one_question_env();
    let script = reference.write("answers.txt", format!("{FIRST}\n---\n{FOLLOWUP}\n"));
    let output = reference.run(&practice_args(&bank, script.to_str().unwrap()), b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = outcome(&reference);
    assert_eq!(expected.0, [FIRST, FOLLOWUP]);

    // Commit 1: the first answer saved, not scored; 2: scored, follow-up pending; 3: follow-up answer saved.
    for (commits, rest) in [(1, FOLLOWUP), (2, FOLLOWUP), (3, "")] {
        let (env, bank) = one_question_env();
        let script = env.write("answers.txt", format!("{FIRST}\n---\n{FOLLOWUP}\n"));
        run_and_kill_after(&env, &practice_args(&bank, script.to_str().unwrap()), commits);

        let listed = sessions(&env);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["status"], "interrupted", "after commit {commits}");
        assert_eq!(listed[0]["candidate"], "ada");

        let rest = env.write("rest.txt", rest);
        let output = env.run(&["resume", "--answers", rest.to_str().unwrap()], b"");
        assert!(output.status.success(), "after commit {commits}: {}", stderr(&output));
        assert!(stdout(&output).contains("Session summary"), "{}", stdout(&output));

        assert_eq!(outcome(&env), expected, "after commit {commits}");
        let listed = sessions(&env);
        assert_eq!(listed[0]["status"], "finished", "after commit {commits}");
        assert_eq!(listed[0]["answered"], 1);
    }
}

#[test]
fn a_finished_session_is_not_resumed() {
    let (env, bank) = one_question_env();
    let script = env.write("answers.txt", format!("{FIRST}\n---\n{FOLLOWUP}\n"));
    assert!(env.run(&practice_args(&bank, script.to_str().unwrap()), b"").status.success());
    let id = sessions(&env)[0]["id"].as_str().unwrap().to_string();
    let output = env.run(&["resume", &id], b"");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("is finished"), "{}", stderr(&output));
    let output = env.run(&["resume"], b"");
    assert!(stderr(&output).contains("no interrupted session"), "{}", stderr(&output));
}

#[test]
fn sessions_are_listed_and_filtered_by_candidate() {
    let (env, bank) = one_question_env();
    let script = env.write("answers.txt", format!("{FIRST}\n---\n{FOLLOWUP}\n"));
    assert!(env.run(&practice_args(&bank, script.to_str().unwrap()), b"").status.success());
    let output = env.run(&["sessions"], b"");
    let table = stdout(&output);
    for part in ["practice", "ada", "1/1", "finished"] {
        assert!(table.contains(part), "{part:?} missing in:\n{table}");
    }
    let output = env.run(&["sessions", "--candidate", "bob", "--json"], b"");
    assert_eq!(stdout(&output).trim(), "[]");
}
