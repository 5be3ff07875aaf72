use crate::util::{stderr, stdout, Env};

#[test]
fn bank_list_json_has_every_question_with_its_fields() {
    let env = Env::new();
    let output = env.run(&["bank", "list", "--json"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(list.len() >= 35);
    for question in &list {
        for field in ["id", "prompt", "aliases", "topic", "level"] {
            assert!(question.get(field).is_some(), "{field} missing in {question}");
        }
    }
}

#[test]
fn bank_list_filters_by_topic_and_rejects_unknown_topics() {
    let env = Env::new();
    let output = env.run(&["bank", "list", "--topic", "web"], b"");
    assert!(output.status.success());
    assert!(stdout(&output).lines().all(|line| line.contains(" web ")), "{}", stdout(&output));
    let output = env.run(&["bank", "list", "--topic", "cooking"], b"");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("unknown topic `cooking`"), "{}", stderr(&output));
}

#[test]
fn bank_show_prints_points_pitfalls_and_followups() {
    let env = Env::new();
    let text = stdout(&env.run(&["bank", "show", "gil"], b""));
    for part in ["Points:", "Pitfalls:", "Follow-ups:", "Standard answer:", "002_85adb21de30e00df.txt"] {
        assert!(text.contains(part), "{part} missing");
    }
}

#[test]
fn bank_lint_reports_positions_and_fails_on_errors() {
    let env = Env::new();
    let dir = env.home.path().join("mybank");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("q.toml"), "id = \"q\"\nprompt = \"Why?\"\ntopic = \"x\"\nlevel = \"mid\"\nstandard_answer = \"Because.\"\n\n[[followups]]\nask = \"And?\"\nprobes = [\"nope\"]\n").unwrap();
    let output = env.run(&["bank", "lint", dir.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("q.toml:9:11: error: follow-up probes unknown point `nope`"), "{text}");
}

#[test]
fn builtin_bank_lints_clean_through_the_binary() {
    let output = Env::new().run(&["bank", "lint"], b"");
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stderr(&output).contains("0 error(s), 0 warning(s)"), "{}", stderr(&output));
}
