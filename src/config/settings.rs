//! Validated settings: the merged raw layers checked once, with defaults filled in.
use super::raw::{Price, RawConfig};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
const DEFAULT_MODEL: &str = "gpt-4o-mini";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("`{key}` is not valid: {message}")]
    Invalid { key: String, message: String },
    #[error(
        "the {0} scorer needs an LLM endpoint: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (a local server), \
         or `[llm]` in the config file; `interviewer doctor` shows what is configured"
    )]
    NoEndpoint(ScorerChoice),
}

/// Which scorer to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScorerChoice {
    /// The embedded rubric matcher: no network.
    Offline,
    /// The LLM, falling back to the offline scorer when the endpoint fails.
    Llm,
    /// The LLM checked against the offline scorer.
    Hybrid,
}

impl ScorerChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ScorerChoice::Offline => "offline",
            ScorerChoice::Llm => "llm",
            ScorerChoice::Hybrid => "hybrid",
        }
    }

    fn parse(text: &str) -> Option<ScorerChoice> {
        [ScorerChoice::Offline, ScorerChoice::Llm, ScorerChoice::Hybrid].into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for ScorerChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the model is asked for JSON. `Auto` starts with a strict JSON Schema and steps down the chain when the
/// server rejects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    Auto,
    JsonSchema,
    JsonObject,
    Prompt,
}

impl OutputMode {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputMode::Auto => "auto",
            OutputMode::JsonSchema => "json_schema",
            OutputMode::JsonObject => "json_object",
            OutputMode::Prompt => "prompt",
        }
    }

    fn parse(text: &str) -> Option<OutputMode> {
        [OutputMode::Auto, OutputMode::JsonSchema, OutputMode::JsonObject, OutputMode::Prompt]
            .into_iter()
            .find(|m| m.as_str() == text)
    }
}

/// Everything needed to talk to one OpenAI-compatible endpoint.
#[derive(Clone, PartialEq)]
pub struct LlmSettings {
    /// Up to and including the version segment, e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`.
    pub base_url: String,
    pub api_key: Option<String>,
    pub model: String,
    pub connect_timeout: Duration,
    /// The whole request, including reading a streamed response.
    pub timeout: Duration,
    /// Retries after the first attempt, on timeouts, 429 and 5xx.
    pub max_retries: u32,
    /// The first backoff delay; each retry doubles it, with jitter.
    pub backoff: Duration,
    /// Sent when set (some servers reject it); 0 by default.
    pub temperature: Option<f32>,
    pub seed: Option<i64>,
    /// An answer longer than this is truncated before it is sent, with a warning.
    pub max_answer_tokens: usize,
    pub max_completion_tokens: u32,
    /// The model's context window; the prompt and completion must fit in it.
    pub context_window: usize,
    pub output: OutputMode,
    pub stream: bool,
    pub price: Option<Price>,
}

impl fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmSettings")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_deref().map(mask))
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl LlmSettings {
    /// Settings for `base_url` and `model` with every other field at its default.
    pub fn new(base_url: &str, model: &str) -> LlmSettings {
        LlmSettings {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: None,
            model: model.to_string(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_retries: 3,
            backoff: Duration::from_millis(500),
            temperature: Some(0.0),
            seed: Some(7),
            max_answer_tokens: 900,
            max_completion_tokens: 290,
            context_window: 8_192,
            output: OutputMode::Auto,
            stream: true,
            price: None,
        }
    }
}

/// A key shown only by its first and last characters.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "****".to_string();
    }
    format!("{}…{}", chars[..3].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect::<String>())
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub scorer: ScorerChoice,
    /// Set when an endpoint is configured (a base URL or an API key).
    pub llm: Option<LlmSettings>,
    pub prompts_dir: Option<PathBuf>,
    /// The key that signs exported reports; `None` when not configured.
    pub report_key: Option<ReportKey>,
}

/// The `report.hmac_key` secret, never shown in debug output.
#[derive(Clone, PartialEq)]
pub struct ReportKey(pub String);

impl fmt::Debug for ReportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReportKey(****)")
    }
}

impl Settings {
    /// Validates merged layers. The scorer defaults to hybrid when an endpoint is configured, else offline.
    pub fn resolve(raw: RawConfig) -> Result<Settings, ConfigError> {
        let llm = resolve_llm(&raw)?;
        let scorer = match raw.scorer.as_deref() {
            None => {
                if llm.is_some() {
                    ScorerChoice::Hybrid
                } else {
                    ScorerChoice::Offline
                }
            }
            Some(text) => {
                ScorerChoice::parse(text.trim()).ok_or_else(|| invalid("scorer", text, "offline, llm or hybrid"))?
            }
        };
        if scorer != ScorerChoice::Offline && llm.is_none() {
            return Err(ConfigError::NoEndpoint(scorer));
        }
        let report_key = match raw.report.hmac_key {
            Some(key) if key.trim().len() < 16 => {
                return Err(invalid("report.hmac_key", "****", "a secret of at least 16 characters"))
            }
            key => key.map(ReportKey),
        };
        Ok(Settings { scorer, llm, prompts_dir: raw.prompts_dir, report_key })
    }

    /// A short description for banners: `hybrid scorer · gpt-4o-mini`.
    pub fn describe(&self) -> String {
        match (&self.llm, self.scorer) {
            (Some(llm), ScorerChoice::Llm | ScorerChoice::Hybrid) => format!("{} scorer · {}", self.scorer, llm.model),
            _ => "offline scorer".to_string(),
        }
    }
}

fn invalid(key: &str, value: &str, expected: &str) -> ConfigError {
    ConfigError::Invalid { key: key.to_string(), message: format!("`{value}`: expected {expected}") }
}

fn resolve_llm(raw: &RawConfig) -> Result<Option<LlmSettings>, ConfigError> {
    let r = &raw.llm;
    if r.base_url.is_none() && r.api_key.is_none() {
        return Ok(None);
    }
    let base_url = r.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim();
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) || base_url.len() < "http://x".len() {
        return Err(invalid("llm.base_url", base_url, "an http:// or https:// URL such as http://localhost:11434/v1"));
    }
    let model = r.model.as_deref().map(str::trim).unwrap_or(DEFAULT_MODEL);
    if model.is_empty() {
        return Err(invalid("llm.model", model, "a model name"));
    }
    let mut llm = LlmSettings::new(base_url, model);
    llm.api_key = r.api_key.clone();
    if let Some(secs) = r.connect_timeout_secs {
        llm.connect_timeout = seconds("llm.connect_timeout_secs", secs)?;
    }
    if let Some(secs) = r.timeout_secs {
        llm.timeout = seconds("llm.timeout_secs", secs)?;
    }
    if let Some(retries) = r.max_retries {
        if retries > 10 {
            return Err(invalid("llm.max_retries", &retries.to_string(), "at most 10"));
        }
        llm.max_retries = retries;
    }
    if let Some(ms) = r.backoff_ms {
        llm.backoff = Duration::from_millis(ms);
    }
    if let Some(t) = r.temperature {
        if !(0.0..=2.0).contains(&t) {
            return Err(invalid("llm.temperature", &t.to_string(), "a number from 0 to 2"));
        }
        llm.temperature = Some(t);
    }
    if r.seed.is_some() {
        llm.seed = r.seed;
    }
    if let Some(n) = r.max_answer_tokens {
        llm.max_answer_tokens = positive("llm.max_answer_tokens", n)?;
    }
    if let Some(n) = r.max_completion_tokens {
        llm.max_completion_tokens = positive("llm.max_completion_tokens", n as usize)? as u32;
    }
    llm.context_window = match r.context_window {
        Some(n) => positive("llm.context_window", n)?,
        None => tiktoken_rs::model::get_context_size(model).unwrap_or(llm.context_window),
    };
    if let Some(output) = &r.output {
        llm.output = OutputMode::parse(output.trim())
            .ok_or_else(|| invalid("llm.output", output, "auto, json_schema, json_object or prompt"))?;
    }
    if let Some(stream) = r.stream {
        llm.stream = stream;
    }
    llm.price = raw.prices.get(model).copied();
    Ok(Some(llm))
}

fn seconds(key: &str, secs: f64) -> Result<Duration, ConfigError> {
    if secs.is_finite() && secs > 0.0 && secs <= 3600.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(invalid(key, &secs.to_string(), "seconds, more than 0 and at most 3600"))
    }
}

fn positive(key: &str, n: usize) -> Result<usize, ConfigError> {
    if n == 0 {
        Err(invalid(key, "0", "a positive number"))
    } else {
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawLlm;

    fn with_llm(llm: RawLlm) -> RawConfig {
        RawConfig { llm, ..RawConfig::default() }
    }

    #[test]
    fn default_scorer_is_hybrid_with_an_endpoint_and_offline_without() {
        assert_eq!(Settings::resolve(RawConfig::default()).unwrap().scorer, ScorerChoice::Offline);
        let raw = with_llm(RawLlm { api_key: Some("sk-test".into()), ..RawLlm::default() });
        let settings = Settings::resolve(raw).unwrap();
        assert_eq!(settings.scorer, ScorerChoice::Hybrid);
        assert_eq!(settings.llm.unwrap().base_url, DEFAULT_BASE_URL);
    }

    #[test]
    fn llm_scorer_without_endpoint_is_an_error() {
        let raw = RawConfig { scorer: Some("llm".into()), ..RawConfig::default() };
        assert!(matches!(Settings::resolve(raw), Err(ConfigError::NoEndpoint(ScorerChoice::Llm))));
    }

    #[test]
    fn invalid_values_name_their_key() {
        let cases = [
            RawLlm { base_url: Some("localhost:11434".into()), ..RawLlm::default() },
            RawLlm { base_url: Some("http://h/v1".into()), temperature: Some(3.0), ..RawLlm::default() },
            RawLlm { base_url: Some("http://h/v1".into()), timeout_secs: Some(0.0), ..RawLlm::default() },
            RawLlm { base_url: Some("http://h/v1".into()), output: Some("xml".into()), ..RawLlm::default() },
        ];
        for (case, key) in cases.into_iter().zip(["llm.base_url", "llm.temperature", "llm.timeout_secs", "llm.output"])
        {
            let err = Settings::resolve(with_llm(case)).unwrap_err().to_string();
            assert!(err.contains(key), "{err}");
        }
    }

    #[test]
    fn price_is_taken_for_the_configured_model() {
        let mut raw =
            with_llm(RawLlm { base_url: Some("http://h/v1/".into()), model: Some("m".into()), ..RawLlm::default() });
        raw.prices.insert("m".into(), Price { input_per_mtok: 1.0, output_per_mtok: 2.0 });
        let llm = Settings::resolve(raw).unwrap().llm.unwrap();
        assert_eq!(llm.price.unwrap().output_per_mtok, 2.0);
        assert_eq!(llm.base_url, "http://h/v1", "a trailing slash is dropped");
    }

    #[test]
    fn key_is_masked() {
        assert_eq!(mask("sk-abcdefghijkl"), "sk-…ijkl");
        assert_eq!(mask("short"), "****");
    }
}
