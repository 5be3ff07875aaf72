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
