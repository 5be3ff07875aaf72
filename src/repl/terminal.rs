//! The interactive line editor: multi-line answers submitted by an empty line, pasted blocks kept whole,
//! persistent history, and tab completion of slash commands.
use super::commands;
use super::conversation::{LineSource, Read};
use anyhow::{Context as _, Result};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Context, Editor, Helper};
use std::path::PathBuf;

/// How to submit, shown once at the start.
pub const USAGE: &str =
    "Type your answer over as many lines as you like; press Enter on an empty line to submit. /help lists commands.";

struct AnswerHelper;

impl Completer for AnswerHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let prefix = &line[..pos];
        if prefix.contains(char::is_whitespace) {
            return Ok((pos, Vec::new()));
        }
        let pairs = commands::completions(prefix)
            .into_iter()
            .map(|name| Pair { display: name.to_string(), replacement: name.to_string() })
            .collect();
        Ok((0, pairs))
    }
}

impl Hinter for AnswerHelper {
    type Hint = String;
}

impl Highlighter for AnswerHelper {}

impl Validator for AnswerHelper {
    /// A slash command submits at once; an answer submits when Enter is pressed on an empty line.
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        let command = input.trim_start().starts_with('/') && !input.trim().contains(char::is_whitespace);
        if input.trim().is_empty() || command || input.ends_with('\n') {
            Ok(ValidationResult::Valid(None))
        } else {
            Ok(ValidationResult::Incomplete)
        }
    }
}

impl Helper for AnswerHelper {}

pub struct Terminal {
    editor: Editor<AnswerHelper, FileHistory>,
    history: Option<PathBuf>,
}

impl Terminal {
    pub fn new(history: Option<PathBuf>) -> Result<Terminal> {
        let config = Config::builder().bracketed_paste(true).auto_add_history(false).build();
        let mut editor = Editor::with_config(config).context("cannot start the line editor")?;
        editor.set_helper(Some(AnswerHelper));
        if let Some(path) = &history {
            // A missing history file is normal on the first run.
            let _ = editor.load_history(path);
        }
        Ok(Terminal { editor, history })
    }
}

impl LineSource for Terminal {
    fn read(&mut self, prompt: &str) -> Result<Read> {
        match self.editor.readline(prompt) {
            Ok(line) => {
                let text = line.trim_end_matches('\n').to_string();
                if !text.trim().is_empty() {
                    let _ = self.editor.add_history_entry(text.as_str());
                    if let Some(path) = &self.history {
                        if let Err(err) = self.editor.append_history(path) {
                            eprintln!("warning: cannot save input history to {}: {err}", path.display());
                        }
                    }
                }
                Ok(Read::Text(text))
            }
            Err(ReadlineError::Interrupted) => Ok(Read::Interrupted),
            Err(ReadlineError::Eof) => Ok(Read::End),
            Err(err) => Err(err).context("cannot read input"),
        }
    }
}
