//! `interviewer doctor`: the resolved configuration (key masked), a check of the endpoint with one cheap
//! request, and what is wrong in plain words. Exits 1 when something needs fixing.
use super::scorer::ScorerArgs;
use anyhow::Result;
use interviewer::config::{self, ScorerChoice, DEFAULT_BASE_URL, ENV_KEYS};
use interviewer::llm::LlmError;
use interviewer::scoring::llm::LlmScorer;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scorer: ScorerArgs,
    /// Show the configuration without sending a request
    #[arg(long)]
    offline: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let loaded = match args.scorer.load() {
        Ok(loaded) => loaded,
        Err(err) => {
            println!("configuration: problem: {err:#}");
            return Ok(ExitCode::from(1));
        }
    };
    let settings = &loaded.settings;
    match &loaded.file {
        Some(path) => println!("config file:  {}", path.display()),
        None => println!(
            "config file:  none ({} does not exist)",
            config::default_config_file().map_or("no config directory".into(), |p| p.display().to_string())
        ),
    }
    let set: Vec<&str> = ENV_KEYS
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| std::env::var_os(key).is_some_and(|v| !v.is_empty()))
        .collect();
    println!(
        "environment:  {}",
        if set.is_empty() { "none of the variables is set".to_string() } else { set.join(", ") }
    );
    println!("scorer:       {}", settings.scorer);
    let Some(llm) = &settings.llm else {
        println!("llm:          no endpoint configured, so the offline scorer is used");
        println!(
            "              to use an LLM set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (e.g. http://localhost:11434/v1 \
             for Ollama), or [llm] in the config file; see config.example.toml"
        );
        return Ok(ExitCode::SUCCESS);
    };
    println!("base url:     {}", llm.base_url);
    println!("api key:      {}", llm.api_key.as_deref().map_or("none".to_string(), config::mask_key));
    println!("model:        {} (context window {} tokens)", llm.model, llm.context_window);
    println!(
        "requests:     connect timeout {:?}, total {:?}, up to {} retries from {:?} backoff, output {}, stream {}",
        llm.connect_timeout,
        llm.timeout,
        llm.max_retries,
        llm.backoff,
        llm.output.as_str(),
        llm.stream
    );
    match llm.price {
        Some(p) => {
            println!("prices:       ${}/M prompt tokens, ${}/M completion tokens", p.input_per_mtok, p.output_per_mtok)
        }
        None => println!("prices:       none for this model (no cost estimate); add [prices.\"{}\"]", llm.model),
    }
    let scorer = LlmScorer::new(llm, settings.prompts_dir.as_deref())?;
    if let Some((question, answer)) = typical_request() {
        let bank = interviewer::bank::Bank::load(&[] as &[std::path::PathBuf])?;
        if let Some(q) = bank.questions().iter().find(|q| q.id.as_str() == question) {
            let (_, tokens) = scorer.preview(q, answer)?;
            println!(
                "prompt:       {} prompt tokens for a typical question ({question}), at most {} completion tokens",
                tokens, llm.max_completion_tokens
            );
        }
    }
    if llm.api_key.is_none() && llm.base_url == DEFAULT_BASE_URL {
        println!("problem:      no API key: set OPENAI_API_KEY or llm.api_key");
        return Ok(ExitCode::from(1));
    }
    if args.offline {
        return Ok(ExitCode::SUCCESS);
    }
    println!("check:        one request to {}/chat/completions …", llm.base_url);
    match scorer.probe(true) {
        Ok(()) => {
            println!("ok:           the endpoint answered and accepts JSON-schema output");
            Ok(ExitCode::SUCCESS)
        }
        Err(LlmError::UnsupportedFormat { message }) => match scorer.probe(false) {
            Ok(()) => {
                println!("ok:           the endpoint answered, but has no JSON-schema support ({message});");
                println!("              scoring will ask for json_object output, then parse the reply");
                Ok(ExitCode::SUCCESS)
            }
            Err(err) => problem(&err, settings.scorer),
        },
        Err(err) => problem(&err, settings.scorer),
    }
}

fn problem(err: &LlmError, scorer: ScorerChoice) -> Result<ExitCode> {
    println!("problem:      {err}");
    if scorer != ScorerChoice::Offline {
        println!("              until this is fixed, every turn is scored by the offline scorer and labelled so");
    }
    Ok(ExitCode::from(1))
}

/// A typical bank question and answer, for the prompt-size figure.
fn typical_request() -> Option<(&'static str, &'static str)> {
    Some((
        "gil",
        "The GIL is a mutex in CPython that lets only one thread execute Python bytecode at a time, so CPU-bound \
         threads do not run in parallel. It is released during blocking I/O, so threads still help for I/O-bound \
         work; for CPU-bound work use multiprocessing or C extensions that release the GIL.",
    ))
}
