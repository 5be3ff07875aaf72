//! `interviewer screen check` and `screen run`: validation with positions, candidate mode, store and report.
use crate::practice::one_question_env;
use crate::util::{stderr, stdout};

const SCREEN: &str =
    "title = \"E2E screen\"\npass_mark = 3.5\nseconds_per_question = 120\n[[questions]]\nid = \"sample-sets\"\n";

#[test]
fn screen_check_reports_problems_with_their_line() {
    let (env, bank) = one_question_env();
    let good = env.write("good.toml", SCREEN);
    let output = env.run(&["screen", "check", good.to_str().unwrap(), "--bank", &bank], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let bad = env
        .write("bad.toml", "title = \"x\"\n[[questions]]\nid = \"nope\"\n[[questions]]\ntopic = \"e2e\"\ncount = 3\n");
    let output = env.run(&["screen", "check", bad.to_str().unwrap(), "--bank", &bank], b"");
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(errors.contains("bad.toml:3:6: error: unknown question id `nope`"), "{errors}");
    assert!(errors.contains("impossible draw: 3 question(s) of topic `e2e`, only 1 left"), "{errors}");
}

#[test]
fn a_screen_run_hides_scores_and_hints_and_is_reported_against_the_pass_mark() {
    let (env, bank) = one_question_env();
    let screen = env.write("screen.toml", SCREEN);
    let answers = env.write("answers.txt", "/hint\n---\nA set keeps unique items, no duplicates.\n---\n/skip\n");
    let args = ["screen", "run", screen.to_str().unwrap(), "--candidate", "Ada", "--bank", &bank, "--answers"];
    let output = env.run(&[&args[..], &[answers.to_str().unwrap()]].concat(), b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for part in
        ["E2E screen · Ada", "about 2 min", "not available in a screen", "Answer recorded.", "The screen is complete"]
    {
        assert!(text.contains(part), "{part:?} missing in:\n{text}");
    }
    for hidden in ["Band", "/100", "Hint:", "Session summary"] {
        assert!(!text.contains(hidden), "{hidden:?} shown to the candidate:\n{text}");
    }
    let listed = env.run(&["sessions", "--screen", "E2E screen", "--json"], b"");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert_eq!(rows[0]["mode"], "screen");
    assert_eq!(rows[0]["candidate"], "Ada");
    let id = rows[0]["id"].as_str().unwrap();
    let report = env.run(&["report", id], b"");
    assert!(stdout(&report).contains("Screen result: **FAIL** (pass mark 3.5/4)"), "{}", stdout(&report));
}

#[test]
fn an_interrupted_screen_resumes_in_candidate_mode() {
    let (env, bank) = one_question_env();
    let screen = env.write("screen.toml", SCREEN);
    let answers = env.write("answers.txt", "A set keeps unique items, no duplicates.\n---\nMembership is O(1).\n");
    let args = ["screen", "run", screen.to_str().unwrap(), "--candidate", "Ada", "--bank", &bank, "--answers"];
    crate::store::run_and_kill_after(&env, &[&args[..], &[answers.to_str().unwrap()]].concat(), 1);
    let rest = env.write("rest.txt", "Membership is O(1).\n");
    let output = env.run(&["resume", "--answers", rest.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Answer recorded.") && text.contains("The screen is complete"), "{text}");
    assert!(!text.contains("Band"), "{text}");
    let transcript = &env.transcripts()[0];
    assert_eq!(transcript["mode"], "screen");
    assert_eq!(transcript["status"], "finished");
}

#[test]
fn candidates_are_compared_side_by_side_and_practice_history_is_per_topic() {
    let (env, bank) = one_question_env();
    let screen = env.write("screen.toml", SCREEN);
    let strong =
        env.write("strong.txt", "A set keeps unique items, no duplicates.\n---\nMembership is O(1), a hash table.\n");
    let weak = env.write("weak.txt", "no idea\n");
    for (name, answers) in [("Ada", &strong), ("Bob", &weak)] {
        let args = ["screen", "run", screen.to_str().unwrap(), "--candidate", name, "--bank", &bank, "--answers"];
        let output = env.run(&[&args[..], &[answers.to_str().unwrap()]].concat(), b"");
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let listed: serde_json::Value = serde_json::from_str(&stdout(&env.run(&["sessions", "--json"], b""))).unwrap();
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|row| row["id"].as_str().unwrap()).collect();
    let html = env.home.path().join("compare.html");
    let output = env.run(&["compare", ids[0], ids[1], "--html", html.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let row = text.lines().find(|line| line.starts_with("sample-sets")).expect("a row per question");
    assert!(row.contains("0/4"), "Bob's band in {text}");
    assert!(text.lines().next().unwrap().contains("Ada") && text.contains("topic e2e"), "{text}");
    assert!(std::fs::read_to_string(&html).unwrap().contains("<th>Bob</th>"));

    let output = env.run(&["history"], b"");
    assert!(stdout(&output).contains("No practice answered yet"), "screens are not practice history");
    let practice = ["practice", "--bank", &bank, "--topic", "e2e", "--seed", "1", "--answers"];
    assert!(env.run(&[&practice[..], &[weak.to_str().unwrap()]].concat(), b"").status.success());
    let text = stdout(&env.run(&["history"], b""));
    assert!(text.contains("e2e") && text.contains("Due for review: e2e"), "{text}");

    let review = ["practice", "--review", "--bank", &bank, "--seed", "2", "--answers"];
    let output = env.run(&[&review[..], &[weak.to_str().unwrap()]].concat(), b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Question 1/1 · e2e"), "review draws from the due topic: {}", stdout(&output));
}

#[test]
fn review_with_nothing_due_says_so() {
    let (env, bank) = one_question_env();
    let output = env.run(&["practice", "--review", "--bank", &bank], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no topic is due for review"), "{}", stderr(&output));
}
