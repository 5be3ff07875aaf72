//! Scripted input for `practice --answers FILE`: one answer (or slash command) per prompt, separated by lines
//! that hold only `---`.
use super::conversation::{LineSource, Read};
use anyhow::{Context, Result};
use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;

pub struct Script<'a> {
    answers: VecDeque<String>,
    echo: &'a mut dyn Write,
}

impl<'a> Script<'a> {
    pub fn load(path: &Path, echo: &'a mut dyn Write) -> Result<Script<'a>> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read answers file {}", path.display()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "answers file {} is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        Ok(Script { answers: split_answers(&text).into(), echo })
    }
}

/// Splits a script into its answers.
pub fn split_answers(text: &str) -> Vec<String> {
    let mut answers = vec![String::new()];
    for line in text.lines() {
        if line.trim_end() == "---" {
            answers.push(String::new());
        } else {
            let current = answers.last_mut().expect("never empty");
            current.push_str(line);
            current.push('\n');
        }
    }
    if answers.last().is_some_and(|a| a.trim().is_empty()) {
        answers.pop();
    }
    answers.into_iter().map(|a| a.trim().to_string()).collect()
}

impl LineSource for Script<'_> {
    fn read(&mut self, prompt: &str) -> Result<Read> {
        match self.answers.pop_front() {
            Some(answer) => {
                writeln!(self.echo, "{prompt}{answer}")?;
                Ok(Read::Text(answer))
            }
            None => Ok(Read::End),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_dash_lines_and_keeps_multiline_answers() {
        let text = "first line\nsecond line\n---\n/hint\n---\nlast\n";
        assert_eq!(split_answers(text), ["first line\nsecond line", "/hint", "last"]);
    }

    #[test]
    fn trailing_separator_adds_no_empty_answer() {
        assert_eq!(split_answers("a\n---\n"), ["a"]);
    }
}
