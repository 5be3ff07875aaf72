use super::*;

fn lint_one(name: &str, text: &str) -> Vec<String> {
    Bank::lint(vec![SourceFile { name: name.to_string(), text: text.to_string() }])
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

const VALID: &str = r#"
id = "sample"
prompt = "What is a sample?"
topic = "language"
level = "mid"
standard_answer = "A sample is a small part."

[[points]]
id = "definition"
assesses = "Knows what a sample is"
expected = "A sample is a small part of a whole."
evidence = ["small part | subset"]

[[followups]]
ask = "Why sample?"
probes = ["definition"]
"#;

#[test]
fn builtin_bank_lints_clean() {
    let report = Bank::lint(builtin_files());
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn builtin_bank_covers_every_seed_question() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    assert!(bank.questions().len() >= 35, "{}", bank.questions().len());
    for question in bank.questions() {
        assert!(!question.sources.is_empty(), "{} names no source", question.id);
        assert!(!question.points.is_empty() && !question.followups.is_empty(), "{}", question.id);
    }
    let wordings: usize = bank.questions().iter().map(|q| 1 + q.aliases.len()).sum();
    assert!(wordings >= 49, "seed wordings kept: {wordings}");
}

#[test]
fn a_valid_file_has_no_diagnostics() {
    assert_eq!(lint_one("sample.toml", VALID), Vec::<String>::new());
}

#[test]
fn toml_syntax_errors_are_located() {
    let problems = lint_one("bad.toml", "id = \"x\"\nprompt = \n");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("bad.toml:2:"), "{}", problems[0]);
}

#[test]
fn unknown_keys_are_errors_at_their_position() {
    let text = VALID.replace("level = \"mid\"", "level = \"mid\"\ncolour = \"red\"");
    let problems = lint_one("sample.toml", &text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("sample.toml:6:1: error:") && problems[0].contains("colour"), "{}", problems[0]);
}

#[test]
fn missing_fields_are_named() {
    let text = VALID.replace("topic = \"language\"\n", "");
    let problems = lint_one("sample.toml", &text);
    assert!(problems.iter().any(|p| p.contains("missing required field `topic`")), "{problems:?}");
}

#[test]
fn followup_probing_an_unknown_point_is_an_error() {
    let text = VALID.replace("probes = [\"definition\"]", "probes = [\"definitoin\"]");
    let problems = lint_one("sample.toml", &text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("error: follow-up probes unknown point `definitoin`"), "{}", problems[0]);
    assert!(problems[0].starts_with("sample.toml:16:11:"), "{}", problems[0]);
}

#[test]
fn point_without_evidence_is_an_error() {
    let text = VALID.replace("evidence = [\"small part | subset\"]", "");
    let problems = lint_one("sample.toml", &text);
    assert!(problems.iter().any(|p| p.contains("point `definition` has no evidence concepts")), "{problems:?}");
}

#[test]
fn empty_alternatives_and_bad_levels_are_errors() {
    let text = VALID.replace("small part | subset", "small part || subset").replace("\"mid\"", "\"expert\"");
    let problems = lint_one("sample.toml", &text);
    assert!(problems.iter().any(|p| p.contains("empty alternative")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("unknown level `expert`")), "{problems:?}");
}

#[test]
fn duplicate_ids_across_files_are_errors() {
    let report = Bank::lint(vec![
        SourceFile { name: "a/sample.toml".into(), text: VALID.into() },
        SourceFile { name: "b/sample.toml".into(), text: VALID.into() },
    ]);
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("b/sample.toml:2:6: error: duplicate question id `sample` (also in a/sample.toml)"));
}

#[test]
fn overlay_adds_and_replaces_questions_by_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sample.toml"), VALID).unwrap();
    let replaced =
        VALID.replace("id = \"sample\"", "id = \"gil\"").replace("What is a sample?", "My own GIL question?");
    std::fs::write(dir.path().join("gil.toml"), replaced).unwrap();
    let builtin = Bank::load(&[] as &[&str]).unwrap().questions().len();
    let bank = Bank::load(&[dir.path()]).unwrap();
    assert_eq!(bank.questions().len(), builtin + 1);
    assert_eq!(bank.require("gil").unwrap().prompt, "My own GIL question?");
}

#[test]
fn an_overlay_with_errors_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.toml"), "id = ").unwrap();
    let err = Bank::load(&[dir.path()]).unwrap_err().to_string();
    assert!(err.contains("broken.toml:1:"), "{err}");
}

#[test]
fn an_empty_overlay_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Bank::load(&[dir.path()]).unwrap_err().to_string();
    assert!(err.contains("holds no .toml question files"), "{err}");
}

#[test]
fn unknown_ids_suggest_near_ones() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let err = bank.require("tuple").unwrap_err().to_string();
    assert!(err.contains("list-vs-tuple"), "{err}");
}

#[test]
fn finds_questions_by_any_wording() {
    let bank = Bank::load(&[] as &[&str]).unwrap();
    let found = bank.find_by_wording("what is gil and why is it IMPORTANT").unwrap();
    assert_eq!(found.id.as_str(), "gil");
}

#[test]
fn code_patterns_are_checked_where_they_stand() {
    let pitfall = "\n[[pitfalls]]\nid = \"bare\"\ndescription = \"Bare except\"\ncode = ['except\\s*:', 'except(:']\n";
    let problems = lint_one("sample.toml", &format!("{VALID}{pitfall}"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0]
            .starts_with("sample.toml:21:23: error: code pattern is not a valid regular expression: unclosed group"),
        "{}",
        problems[0]
    );
    let bare = "\n[[pitfalls]]\nid = \"bare\"\ndescription = \"Bare except\"\n";
    let problems = lint_one("sample.toml", &format!("{VALID}{bare}"));
    assert!(problems[0].contains("has no evidence concepts and no code patterns"), "{problems:#?}");
}

#[test]
fn unless_without_evidence_is_an_error_where_it_stands() {
    let pitfall =
        "\n[[pitfalls]]\nid = \"blind\"\ndescription = \"Scales blind\"\ncode = ['shard']\nunless = [\"profile\"]\n";
    let problems = lint_one("sample.toml", &format!("{VALID}{pitfall}"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("sample.toml:22:11: error: pitfall `blind` has `unless` but no evidence concepts"),
        "{}",
        problems[0]
    );
}
