//! The question bank: the built-in questions compiled from `rubrics/`, plus any user bank directories on top.
pub mod diagnostic;
mod load;
pub mod model;

pub use diagnostic::{Diagnostic, Report};
pub use model::*;

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_bank.rs"));
}

/// A bank file's name (as shown in diagnostics) and its text.
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Bank {
    questions: Vec<Arc<Question>>,
    by_id: HashMap<QuestionId, usize>,
}

impl Bank {
    /// The built-in bank, with the questions of `overlay` directories added or replacing built-in ones by id.
    pub fn load(overlays: &[impl AsRef<Path>]) -> Result<Bank> {
        let mut bank = Bank::default();
        let mut report = Report::default();
        bank.add_layer(builtin_files(), &mut report);
        for dir in overlays {
            let files = read_dir(dir.as_ref())?;
            if files.is_empty() {
                bail!("bank directory {} holds no .toml question files", dir.as_ref().display());
            }
            bank.add_layer(files, &mut report);
        }
        if report.has_errors() {
            report.sort();
            let lines: Vec<String> = report.errors().map(|d| d.to_string()).collect();
            bail!("the question bank has errors (run `interviewer bank lint` for details):\n{}", lines.join("\n"));
        }
        Ok(bank)
    }

    /// Checks the files of one bank layer: every error and warning, with positions.
    pub fn lint(files: Vec<SourceFile>) -> Report {
        let mut report = Report::default();
        Bank::default().add_layer(files, &mut report);
        report.sort();
        report
    }

    fn add_layer(&mut self, files: Vec<SourceFile>, report: &mut Report) {
        let mut seen: HashMap<QuestionId, String> = HashMap::new();
        for file in files {
            let Some(parsed) = load::parse_file(&file.name, &file.text, report) else {
                continue;
            };
            let id = parsed.question.id.clone();
            if let Some(first) = seen.get(&id) {
                let at = diagnostic::Locator::new(&file.name, &file.text);
                report.push(at.error(parsed.id_span, format!("duplicate question id `{id}` (also in {first})")));
                continue;
            }
            seen.insert(id.clone(), file.name.clone());
            self.insert(parsed.question);
        }
    }

    fn insert(&mut self, question: Question) {
        match self.by_id.get(&question.id) {
            Some(&index) => self.questions[index] = Arc::new(question),
            None => {
                self.by_id.insert(question.id.clone(), self.questions.len());
                self.questions.push(Arc::new(question));
            }
        }
    }

    pub fn questions(&self) -> &[Arc<Question>] {
        &self.questions
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Question>> {
        self.by_id.get(&QuestionId(id.to_string())).map(|&i| &self.questions[i])
    }

    /// Looks up a question by id, with an error that suggests the nearest ids.
    pub fn require(&self, id: &str) -> Result<&Arc<Question>> {
        self.get(id).with_context(|| {
            let mut near: Vec<&str> =
                self.questions.iter().map(|q| q.id.as_str()).filter(|q| q.contains(id) || id.contains(*q)).collect();
            near.truncate(5);
            if near.is_empty() {
                format!("unknown question id `{id}` (see `interviewer bank list`)")
            } else {
                format!("unknown question id `{id}`; did you mean {}?", near.join(", "))
            }
        })
    }

    /// The question whose prompt or an alias equals `text`, ignoring case, punctuation and white space.
    pub fn find_by_wording(&self, text: &str) -> Option<&Arc<Question>> {
        let key = wording_key(text);
        self.questions.iter().find(|q| std::iter::once(&q.prompt).chain(&q.aliases).any(|w| wording_key(w) == key))
    }

    /// Every topic, sorted.
    pub fn topics(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = self.questions.iter().map(|q| q.topic.as_str()).collect();
        topics.sort_unstable();
        topics.dedup();
        topics
    }
}

fn wording_key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

pub fn builtin_files() -> Vec<SourceFile> {
    builtin::FILES.iter().map(|(name, text)| SourceFile { name: name.to_string(), text: text.to_string() }).collect()
}

/// Reads every `.toml` file of a bank directory, sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read bank directory {}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("cannot list {}", dir.display()))?.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let text = String::from_utf8(bytes)
                .map_err(|e| anyhow::anyhow!("{}:1:1: error: not UTF-8 text ({e})", path.display()))?;
            Ok(SourceFile { name: path.display().to_string(), text })
        })
        .collect()
}

#[cfg(test)]
mod tests;
