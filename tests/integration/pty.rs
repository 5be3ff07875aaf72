//! The real REPL in a pseudo-terminal: answer, follow-up, a slash command, quit.
use crate::practice::one_question_env;
use expectrl::{Eof, Session};
use std::time::Duration;

#[test]
fn interactive_session_in_a_pseudo_terminal() {
    let (env, bank) = one_question_env();
    let mut command = env.command(&["practice", "--bank", &bank, "--topic", "e2e", "--seed", "1"]);
    command.env("TERM", "dumb");
    let mut p = Session::spawn(command).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("press Enter on an empty line to submit").unwrap();
    p.expect("What is a Python set").unwrap();
    // A two-line answer: the first Enter continues the answer, the empty line submits it.
    p.send("Sets keep unique items,\r").unwrap();
    p.send("no duplicates at all.\r").unwrap();
    p.send("\r").unwrap();
    p.expect("Follow-up").unwrap();
    p.expect("How fast is checking").unwrap();
    p.send("/hint\r").unwrap();
    p.expect("Hint: Knows membership tests are fast").unwrap();
    p.send("/quit\r").unwrap();
    p.expect("Session summary").unwrap();
    p.expect("Transcript saved to").unwrap();
    p.expect(Eof).unwrap();

    let transcript = &env.transcripts()[0];
    let record = &transcript["questions"][0];
    assert_eq!(record["exchanges"][0]["answer"], "Sets keep unique items,\nno duplicates at all.");
    assert_eq!(record["hints"], serde_json::json!(["membership"]));
    assert_eq!(transcript["status"], "finished");
}

#[test]
fn a_screen_in_a_pseudo_terminal_records_pasted_text_and_the_first_key() {
    let (env, bank) = one_question_env();
    let screen = env.write("screen.toml", "title = \"Pty screen\"\n[[questions]]\nid = \"sample-sets\"\n");
    let args = ["screen", "run", screen.to_str().unwrap(), "--candidate", "Ada", "--bank", &bank];
    let mut command = env.command(&args);
    command.env("TERM", "xterm");
    let mut p = Session::spawn(command).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("What is a Python set").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send("typed ").unwrap();
    p.send("\x1b[200~pasted text here\x1b[201~").unwrap();
    p.send("\r").unwrap();
    p.send("\r").unwrap();
    p.expect("Answer recorded.").unwrap();
    p.send("/quit\r").unwrap();
    p.expect("The screen is complete").unwrap();
    p.expect(Eof).unwrap();

    let exchange = &env.transcripts()[0]["questions"][0]["exchanges"][0];
    assert_eq!(exchange["answer"], "typed pasted text here");
    assert_eq!(exchange["integrity"]["pasted_chars"], 16, "{exchange}");
    assert_eq!(exchange["integrity"]["total_chars"], 22);
    assert!(exchange["integrity"]["first_key_ms"].as_u64().unwrap() >= 300, "{exchange}");
}
