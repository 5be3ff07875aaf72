//! The interview loop shared by the terminal REPL and scripted `--answers` runs: reads input, drives the engine,
//! saves the transcript after every answer, and prints feedback.
use super::commands::{self, Command, Input};
use crate::engine::Session;
use crate::report::{render, summary::Summary};
use crate::scoring::Scorer;
use crate::store::TranscriptWriter;
use anyhow::Result;
use std::io::Write;

/// What a line source returns.
pub enum Read {
    Text(String),
    /// Ctrl-C: the line was cleared.
    Interrupted,
    /// Ctrl-D or the end of a script.
    End,
}

pub trait LineSource {
    fn read(&mut self, prompt: &str) -> Result<Read>;

    /// How the text of the last read was entered, when the source can tell (a terminal).
    fn integrity(&self) -> Option<crate::engine::Integrity> {
        None
    }
}

/// How a screen runs for the candidate.
#[derive(Debug, Clone, Copy)]
pub struct CandidateMode {
    /// Show scores and feedback after each answer (off by default in a screen).
    pub show_feedback: bool,
    /// Time guidance shown with each question.
    pub seconds_per_question: Option<u64>,
}

pub struct Conversation<'a> {
    pub session: Session,
    /// Set for a screen: /hint, /answer and /score are off, and scores are shown only if the screen says so.
    pub candidate: Option<CandidateMode>,
    pub scorer: &'a dyn Scorer,
    pub writer: &'a TranscriptWriter,
    pub style: render::Style,
    pub out: &'a mut dyn Write,
}

impl Conversation<'_> {
    /// Runs until the session is finished, the candidate quits, or the input ends; the transcript is saved
    /// throughout and the summary printed at the end.
    pub fn run(&mut self, source: &mut dyn LineSource) -> Result<()> {
        if self.session.request().is_some() {
            // A resumed session stopped after an answer was saved and before it was scored.
            self.score_submitted()?;
        }
        let mut shown = None;
        while let Some(ask) = self.session.current() {
            let key = (ask.number, ask.followup.map(|f| f.ask.clone()));
            if shown.as_ref() != Some(&key) {
                self.show_prompt()?;
                shown = Some(key);
            }
            let text = match source.read("> ")? {
                Read::Text(text) => text,
                Read::Interrupted => continue,
                Read::End => break,
            };
            match commands::parse(&text) {
                Input::Empty => {}
                Input::Unknown(word) => writeln!(self.out, "Unknown command {word}; /help lists the commands.")?,
                Input::Command(Command::Quit) => break,
                Input::Command(command) => self.command(command)?,
                Input::Answer(answer) => {
                    let integrity = source.integrity();
                    self.answer(answer, integrity)?
                }
            }
        }
        self.session.finish();
        self.writer.save(&self.session)?;
        if self.candidate.is_some_and(|c| !c.show_feedback) {
            writeln!(self.out, "\n{}", self.style.bold("The screen is complete. Thank you: your answers are saved."))?;
            return Ok(());
        }
        writeln!(self.out, "\n{}", self.style.bold("Session summary"))?;
        write!(self.out, "{}", render::summary(self.style, &Summary::of(self.session.records())))?;
        writeln!(self.out, "\nTranscript saved to {}", self.writer.path().display())?;
        Ok(())
    }

    fn show_prompt(&mut self) -> Result<()> {
        let Some(ask) = self.session.current() else {
            return Ok(());
        };
        let heading = match ask.followup {
            None => {
                format!("\nQuestion {}/{} · {} · {}", ask.number, ask.total, ask.question.topic, ask.question.level)
            }
            Some(_) => "\nFollow-up".to_string(),
        };
        let heading = match self.candidate.and_then(|c| c.seconds_per_question).filter(|_| ask.followup.is_none()) {
            Some(seconds) => format!("{heading} · about {} min", seconds.div_ceil(60)),
            None => heading,
        };
        writeln!(self.out, "{}", self.style.bold(&heading))?;
        writeln!(self.out, "{}", ask.text())?;
        Ok(())
    }

    fn answer(&mut self, answer: String, integrity: Option<crate::engine::Integrity>) -> Result<()> {
        let (answer, removed) = strip_control_characters(answer);
        if removed > 0 {
            writeln!(self.out, "warning: removed {removed} control character(s) from the answer")?;
        }
        if let Some(warning) = crate::scoring::truncation_warning(&answer) {
            writeln!(self.out, "{warning}")?;
        }
        self.session.submit(answer)?;
        if let Some(integrity) = integrity {
            self.session.record_integrity(integrity);
        }
        self.writer.save(&self.session)?;
        self.score_submitted()
    }

    /// Scores the submitted answer, saves the result and shows the feedback.
    fn score_submitted(&mut self) -> Result<()> {
        let Some(request) = self.session.request() else {
            return Ok(());
        };
        let is_followup = request.focus.is_some();
        let scored_text = crate::scoring::scored_part(request.answer);
        let scoring = self.scorer.score(&crate::scoring::Request { answer: scored_text, ..request });
        let outcome = self.session.complete(scoring);
        self.writer.save(&self.session)?;
        let question = self.session.last_scored().expect("the answer was just scored").question.clone();
        if self.candidate.is_some_and(|c| !c.show_feedback) {
            writeln!(self.out, "Answer recorded.")?;
            return Ok(());
        }
        write!(self.out, "{}", render::feedback(self.style, &question, &outcome.scoring, &outcome.recovered))?;
        if let Some(result) = outcome.closed.filter(|_| is_followup) {
            writeln!(self.out, "  Question result: band {} · {}/100", result.band, result.score)?;
        }
        Ok(())
    }

    fn command(&mut self, command: Command) -> Result<()> {
        if self.candidate.is_some() && matches!(command, Command::Hint | Command::Answer | Command::Score) {
            writeln!(self.out, "That command is not available in a screen.")?;
            return Ok(());
        }
        match command {
            Command::Help => write!(self.out, "{}", commands::help())?,
            Command::Skip => {
                self.session.skip();
                self.writer.save(&self.session)?;
                writeln!(self.out, "Skipped.")?;
            }
            Command::Hint => match self.session.hint() {
                Some(point) => {
                    let hint = format!("Hint: {}", point.assesses);
                    self.writer.save(&self.session)?;
                    writeln!(self.out, "{hint}")?;
                }
                None => writeln!(self.out, "No more hints for this question.")?,
            },
            Command::Repeat => self.show_prompt()?,
            Command::Answer => match self.session.last_scored() {
                Some(record) => write!(self.out, "{}", render::model_answer(self.style, &record.question))?,
                None => writeln!(self.out, "The model answer is shown once a question has been scored.")?,
            },
            Command::Score => {
                write!(self.out, "{}", render::summary(self.style, &Summary::of(self.session.records())))?
            }
            Command::Quit => unreachable!("handled by the loop"),
        }
        Ok(())
    }
}

/// Removes control characters other than line breaks and tabs; returns the text and how many were removed.
fn strip_control_characters(text: String) -> (String, usize) {
    let removed = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t')).count();
    if removed == 0 {
        return (text, 0);
    }
    (text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect(), removed)
}
