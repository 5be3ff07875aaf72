use super::*;
use std::path::PathBuf;

fn bank() -> Bank {
    Bank::load(&[] as &[PathBuf]).unwrap()
}

/// A topic of the built-in bank, and how many questions it holds.
fn some_topic(bank: &Bank) -> (String, usize) {
    let topic = bank.questions()[0].topic.clone();
    let count = bank.questions().iter().filter(|q| q.topic == topic).count();
    (topic, count)
}

#[test]
fn a_valid_screen_draws_fixed_and_random_questions_without_repeats() {
    let bank = bank();
    let (topic, _) = some_topic(&bank);
    let id = bank.questions()[0].id.to_string();
    let text = format!(
        "title = \"Backend\"\npass_mark = 2.5\n[[questions]]\nid = \"{id}\"\n[[questions]]\ntopic = \"{topic}\"\ncount = 1\n"
    );
    let screen = check("s.toml", &text, &bank).unwrap();
    assert_eq!(screen.rules.pass_mark, 2.5);
    assert!(!screen.rules.show_feedback, "candidates see no feedback by default");
    let questions = screen.draw(&bank, 7).unwrap();
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0].id.as_str(), id);
    assert_ne!(questions[1].id, questions[0].id);
    assert_eq!(questions[1].topic, topic);
}

#[test]
fn unknown_ids_and_impossible_draws_are_reported_at_their_line() {
    let bank = bank();
    let (topic, count) = some_topic(&bank);
    let text = format!(
        "title = \"Backend\"\n[[questions]]\nid = \"no-such-question\"\n[[questions]]\ntopic = \"{topic}\"\ncount = {}\n",
        count + 1
    );
    let errors = check("s.toml", &text, &bank).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown.iter().any(|e| e.starts_with("s.toml:3:") && e.contains("unknown question id `no-such-question`")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|e| e.contains("impossible draw") && e.starts_with("s.toml:")), "{shown:?}");
}

#[test]
fn unknown_fields_and_bad_values_are_errors() {
    let bank = bank();
    let cases = [
        ("title = \"x\"\ncolour = 1\n[[questions]]\nid = \"a\"\n", "colour"),
        ("title = \"x\"\npass_mark = 5.0\n", "pass_mark"),
        ("title = \"x\"\n[[questions]]\ntopic = \"nope\"\n", "unknown topic"),
        ("title = \"x\"\nscorer = \"magic\"\n", "unknown scorer"),
    ];
    for (text, expected) in cases {
        let errors = check("s.toml", text, &bank).unwrap_err();
        assert!(errors.iter().any(|e| e.to_string().contains(expected)), "{expected}: {errors:?}");
    }
}
