//! Prompt templates: compiled into the binary from prompts/, each replaceable by a file of the same name in an
//! override directory. The version string is recorded with every score.
use minijinja::Environment;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Bumped whenever a built-in template changes what the model is asked.
pub const PROMPT_VERSION: &str = "score-v2";

const BUILTIN: &[(&str, &str)] = &[
    ("score_system.j2", include_str!("../../prompts/score_system.j2")),
    ("score_user.j2", include_str!("../../prompts/score_user.j2")),
];

#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("cannot read prompt template {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("prompt template {name} is not valid: {message}")]
    Template { name: String, message: String },
}

pub struct Prompts {
    env: Environment<'static>,
    version: String,
}

impl Prompts {
    /// The built-in templates, with those found in `override_dir` in their place.
    pub fn load(override_dir: Option<&Path>) -> Result<Prompts, PromptError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        let mut overridden = Vec::new();
        for (name, builtin) in BUILTIN {
            let source = match override_dir.map(|dir| dir.join(name)).filter(|path| path.is_file()) {
                Some(path) => {
                    overridden.push(*name);
                    std::fs::read_to_string(&path).map_err(|source| PromptError::Read { path, source })?
                }
                None => builtin.to_string(),
            };
            env.add_template_owned(*name, source)
                .map_err(|e| PromptError::Template { name: name.to_string(), message: e.to_string() })?;
        }
        let version = if overridden.is_empty() {
            PROMPT_VERSION.to_string()
        } else {
            format!("{PROMPT_VERSION}+custom({})", overridden.join(","))
        };
        Ok(Prompts { env, version })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, PromptError> {
        let template = |e: minijinja::Error| PromptError::Template { name: name.to_string(), message: e.to_string() };
        self.env.get_template(name).map_err(template)?.render(context).map_err(template)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_directory_replaces_a_template_and_marks_the_version() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("score_system.j2"), "Custom {{ x }}").unwrap();
        let prompts = Prompts::load(Some(dir.path())).unwrap();
        assert_eq!(prompts.render("score_system.j2", serde_json::json!({"x": 1})).unwrap(), "Custom 1");
        assert!(prompts.version().contains("custom(score_system.j2)"), "{}", prompts.version());
        assert_eq!(Prompts::load(None).unwrap().version(), PROMPT_VERSION);
    }

    #[test]
    fn broken_override_is_reported_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("score_user.j2"), "{% for %}").unwrap();
        let err = Prompts::load(Some(dir.path())).err().expect("invalid template");
        assert!(err.to_string().contains("score_user.j2"), "{err}");
    }
}
