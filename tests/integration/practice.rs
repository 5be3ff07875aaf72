use crate::util::{stderr, stdout, Env};

pub const ONE_QUESTION_BANK: &str = r#"
id = "sample-sets"
prompt = "What is a Python set and when would you use one?"
topic = "e2e"
level = "mid"
standard_answer = "A set is an unordered collection of unique hashable items with O(1) membership tests."

[[points]]
id = "unique"
assesses = "Knows sets hold unique items"
expected = "A set holds each item at most once."
importance = 3
evidence = ["unique | no duplicates | removes duplicates | each item once"]

[[points]]
id = "membership"
assesses = "Knows membership tests are fast"
expected = "Membership tests are O(1) on average because sets are hash tables."
importance = 2
evidence = ["membership | in operator | lookup | contains", "constant time | o(1) | hash table | hashing | fast"]

[[followups]]
ask = "How fast is checking whether an item is in a set, and why?"
probes = ["membership"]
"#;

/// An environment with a one-question bank under topic `e2e`; returns the bank directory.
pub fn one_question_env() -> (Env, String) {
    let env = Env::new();
    let dir = env.home.path().join("bank");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("sample-sets.toml"), ONE_QUESTION_BANK).unwrap();
    let dir = dir.to_str().unwrap().to_string();
    (env, dir)
}

#[test]
fn scripted_session_runs_end_to_end_and_saves_the_transcript() {
    let (env, bank) = one_question_env();
    let answers = env.write(
        "answers.txt",
        "A set keeps only unique items,\nno duplicates.\n---\n/hint\n---\nMembership lookup is constant time, O(1), since a set is a hash table.\n",
    );
    let args = ["practice", "--bank", &bank, "--topic", "e2e", "--seed", "1", "--answers", answers.to_str().unwrap()];
    let output = env.run(&args, b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for part in [
        "Question 1/1 · e2e · mid",
        "Follow-up",
        "Hint: Knows membership tests are fast",
        "(recovered)",
        "Session summary",
        "Transcript saved to",
    ] {
        assert!(text.contains(part), "{part:?} missing in:\n{text}");
    }

    let transcripts = env.transcripts();
    assert_eq!(transcripts.len(), 1);
    let t = &transcripts[0];
    assert_eq!(t["status"], "finished");
    assert_eq!(t["seed"], 1);
    let record = &t["questions"][0];
    assert_eq!(record["question"], "sample-sets");
    assert_eq!(record["hints"], serde_json::json!(["membership"]));
    let exchanges = record["exchanges"].as_array().unwrap();
    assert_eq!(exchanges.len(), 2);
    assert_eq!(exchanges[0]["answer"], "A set keeps only unique items,\nno duplicates.");
    assert_eq!(exchanges[1]["kind"], "followup");
    assert_eq!(exchanges[1]["recovered"], serde_json::json!(["membership"]));
    assert_eq!(record["result"]["band"], 4);
}

#[test]
fn running_out_of_answers_ends_like_quit_and_keeps_what_was_typed() {
    let env = Env::new();
    let answers = env.write("answers.txt", "Lists are mutable and tuples are not.\n");
    let output = env.run(&["practice", "--questions", "3", "--seed", "5", "--answers", answers.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let t = &env.transcripts()[0];
    assert_eq!(t["status"], "finished");
    assert_eq!(t["questions"][0]["exchanges"][0]["answer"], "Lists are mutable and tuples are not.");
    assert!(t["questions"][1]["exchanges"].as_array().unwrap().is_empty());
}

#[test]
fn huge_and_control_character_answers_warn_and_are_saved_whole() {
    let (env, bank) = one_question_env();
    let huge = format!("unique items\u{7}\u{1b}[31m {}", "word ".repeat(200_000));
    let answers = env.write("answers.txt", format!("{huge}\n---\n/quit\n"));
    let output = env.run(&["practice", "--bank", &bank, "--topic", "e2e", "--answers", answers.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("warning: removed 2 control character(s)"), "{}", &text[..300.min(text.len())]);
    assert!(text.contains("only the first 20000 are scored (all of it is saved)"));
    let saved = env.transcripts()[0]["questions"][0]["exchanges"][0]["answer"].as_str().unwrap().len();
    assert!(saved > 1_000_000, "saved {saved} bytes");
}

#[test]
fn slash_commands_in_scripts_work_and_unknown_ones_are_named() {
    let (env, bank) = one_question_env();
    let answers = env.write("answers.txt", "/help\n---\n/frob\n---\n/score\n---\n/skip\n");
    let output = env.run(&["practice", "--bank", &bank, "--topic", "e2e", "--answers", answers.to_str().unwrap()], b"");
    let text = stdout(&output);
    assert!(text.contains("/hint") && text.contains("Unknown command /frob") && text.contains("Skipped."), "{text}");
    assert_eq!(env.transcripts()[0]["questions"][0]["skipped"], true);
}

#[test]
fn practice_without_a_terminal_or_script_explains_itself() {
    let output = Env::new().run(&["practice"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("standard input is not a terminal"), "{}", stderr(&output));
}

#[test]
fn unknown_topics_and_bad_bank_dirs_are_clear_errors() {
    let env = Env::new();
    let output = env.run(&["practice", "--topic", "cooking"], b"");
    assert!(stderr(&output).contains("unknown topic `cooking`"), "{}", stderr(&output));
    let output = env.run(&["practice", "--bank", "/nonexistent/bank"], b"");
    assert!(stderr(&output).contains("cannot read bank directory /nonexistent/bank"), "{}", stderr(&output));
}
