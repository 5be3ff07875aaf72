//! The scorer options shared by `practice` and `score`, and building the chosen scorer from the settings.
use anyhow::Result;
use interviewer::config::{self, Loaded, RawConfig, RawLlm, ScorerChoice, Settings};
use interviewer::scoring::hybrid::HybridScorer;
use interviewer::scoring::llm::LlmScorer;
use interviewer::scoring::offline::OfflineScorer;
use interviewer::scoring::Scorer;
use std::path::PathBuf;

#[derive(clap::Args, Clone, Default)]
pub struct ScorerArgs {
    /// Scorer: offline, llm or hybrid [default: hybrid when an LLM endpoint is configured, else offline]
    #[arg(long, value_enum)]
    pub scorer: Option<ScorerChoice>,
    /// Config file [default: interviewer/config.toml in the platform config directory]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// LLM model name (wins over INTERVIEWER_MODEL and the config file)
    #[arg(long)]
    pub model: Option<String>,
}

impl ScorerArgs {
    /// The flags layer on top of the config file and the environment.
    pub fn load(&self) -> Result<Loaded> {
        let flags = RawConfig {
            scorer: self.scorer.map(|s| s.as_str().to_string()),
            llm: RawLlm { model: self.model.clone(), ..RawLlm::default() },
            ..RawConfig::default()
        };
        config::load(self.config.as_deref(), flags)
    }
}

/// The scorer the settings choose. `interactive` turns on the spinner and Ctrl-C cancellation.
pub fn build(settings: &Settings, interactive: bool) -> Result<Box<dyn Scorer + Send + Sync>> {
    let llm = match (&settings.llm, settings.scorer) {
        (Some(llm), ScorerChoice::Llm | ScorerChoice::Hybrid) => LlmScorer::new(llm, settings.prompts_dir.as_deref())?
            .cancel_on_ctrl_c(interactive)
            .show_progress(interactive),
        _ => return Ok(Box::new(OfflineScorer)),
    };
    Ok(match settings.scorer {
        ScorerChoice::Hybrid => Box::new(HybridScorer::new(llm)),
        _ => Box::new(llm),
    })
}
