use crate::util::{stderr, stdout, Env};

#[test]
fn score_json_fulfils_the_contract() {
    let env = Env::new();
    let answer = "Lists are mutable, tuples are immutable and hashable, so a tuple can be a dict key.";
    let output = env.run(&["score", "--question", "list-vs-tuple", "--json"], answer.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let scoring: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    insta::assert_json_snapshot!("score_contract", scoring);
}

#[test]
fn score_reads_an_answer_file() {
    let env = Env::new();
    let path = env.write("answer.txt", "no idea");
    let output = env.run(&["score", "--question", "gil", "--answer-file", path.to_str().unwrap(), "--json"], b"");
    let scoring: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(scoring["band"], 0);
    assert_eq!(scoring["scorer"], "offline");
}

#[test]
fn non_utf8_input_is_a_clear_error() {
    let output = Env::new().run(&["score", "--question", "gil"], b"abc\xff\xfe");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).trim(), "error: standard input is not UTF-8 text (invalid byte at offset 3)");
}

#[test]
fn unknown_question_ids_are_named() {
    let output = Env::new().run(&["score", "--question", "nope"], b"text");
    assert!(stderr(&output).contains("unknown question id `nope`"), "{}", stderr(&output));
}

#[test]
fn a_huge_answer_is_scored_in_part_with_a_warning() {
    let answer = format!("The GIL is a mutex. {}", "filler ".repeat(200_000));
    let output = Env::new().run(&["score", "--question", "gil", "--json"], answer.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("only the first 20000 are scored"), "{}", stderr(&output));
    let scoring: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(scoring["band"].as_u64().unwrap() <= 1);
}
