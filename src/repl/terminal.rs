//! The interactive line editor: multi-line answers submitted by an empty line, pasted blocks kept whole,
//! persistent history, and tab completion of slash commands.
use super::commands;
use super::conversation::{LineSource, Read};
use crate::engine::Integrity;
use anyhow::{Context as _, Result};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, ConditionalEventHandler, Config, Context, Editor, Event, EventContext, EventHandler, Helper, KeyCode,
    RepeatCount,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

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

/// What the key handler saw during one `readline`.
#[derive(Debug, Default)]
struct Keys {
    started: Option<Instant>,
    first_key_ms: Option<u64>,
    /// The length of the line when a paste started, until the next event measures what it added.
    paste_from: Option<usize>,
    pasted_chars: usize,
}

/// Sees every key event (and bracketed paste) before rustyline handles it, and changes nothing.
struct KeyWatcher(Arc<Mutex<Keys>>);

impl ConditionalEventHandler for KeyWatcher {
    fn handle(&self, event: &Event, _: RepeatCount, _: bool, ctx: &EventContext<'_>) -> Option<Cmd> {
        let Ok(mut keys) = self.0.lock() else { return None };
        let length = ctx.line().chars().count();
        if keys.first_key_ms.is_none() {
            keys.first_key_ms = keys.started.map(|at| at.elapsed().as_millis() as u64);
        }
        if let Some(from) = keys.paste_from.take() {
            keys.pasted_chars += length.saturating_sub(from);
        }
        if let Event::KeySeq(seq) = event {
            if seq.first().is_some_and(|key| key.0 == KeyCode::BracketedPasteStart) {
                keys.paste_from = Some(length);
            }
        }
        None
    }
}

pub struct Terminal {
    editor: Editor<AnswerHelper, FileHistory>,
    history: Option<PathBuf>,
    keys: Arc<Mutex<Keys>>,
    last: Option<Integrity>,
}

impl Terminal {
    pub fn new(history: Option<PathBuf>) -> Result<Terminal> {
        let config = Config::builder().bracketed_paste(true).auto_add_history(false).build();
        let mut editor = Editor::with_config(config).context("cannot start the line editor")?;
        editor.set_helper(Some(AnswerHelper));
        let keys = Arc::new(Mutex::new(Keys::default()));
        editor.bind_sequence(Event::Any, EventHandler::Conditional(Box::new(KeyWatcher(keys.clone()))));
        if let Some(path) = &history {
            // A missing history file is normal on the first run.
            let _ = editor.load_history(path);
        }
        Ok(Terminal { editor, history, keys, last: None })
    }
}

impl LineSource for Terminal {
    fn read(&mut self, prompt: &str) -> Result<Read> {
        if let Ok(mut keys) = self.keys.lock() {
            *keys = Keys { started: Some(Instant::now()), ..Keys::default() };
        }
        self.last = None;
        match self.editor.readline(prompt) {
            Ok(line) => {
                let text = line.trim_end_matches('\n').to_string();
                if let Ok(keys) = self.keys.lock() {
                    let total_chars = text.chars().count();
                    let pasted_chars = (keys.pasted_chars
                        + keys.paste_from.map_or(0, |from| total_chars.saturating_sub(from)))
                    .min(total_chars);
                    self.last = Some(Integrity { pasted_chars, total_chars, first_key_ms: keys.first_key_ms });
                }
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

    fn integrity(&self) -> Option<Integrity> {
        self.last
    }
}
