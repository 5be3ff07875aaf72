//! The raw configuration layer: what one source (file, environment, flags) said, every field optional.
use super::settings::ConfigError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One layer of configuration. Layers merge field by field; a later layer wins where it says something.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// `offline`, `llm` or `hybrid`.
    pub scorer: Option<String>,
    /// A directory whose `*.j2` files replace the built-in prompt templates of the same name.
    pub prompts_dir: Option<PathBuf>,
    #[serde(default)]
    pub llm: RawLlm,
    /// Prices per model name, for the cost estimate.
    #[serde(default)]
    pub prices: BTreeMap<String, Price>,
    #[serde(default)]
    pub report: RawReport,
}

/// The `[report]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    /// The secret that signs exported reports (HMAC-SHA256) for `interviewer verify`.
    pub hmac_key: Option<String>,
}

/// The `[llm]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLlm {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    pub model: Option<String>,
    pub connect_timeout_secs: Option<f64>,
    pub timeout_secs: Option<f64>,
    pub max_retries: Option<u32>,
    pub backoff_ms: Option<u64>,
    pub temperature: Option<f32>,
    pub seed: Option<i64>,
    pub max_answer_tokens: Option<usize>,
    pub max_completion_tokens: Option<u32>,
    pub context_window: Option<usize>,
    /// `auto`, `json_schema`, `json_object` or `prompt`.
    pub output: Option<String>,
    pub stream: Option<bool>,
}

/// US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// The environment variables read, with what each sets: the one table `from_env` and `doctor` use.
pub const ENV_KEYS: &[(&str, &str)] = &[
    ("INTERVIEWER_SCORER", "scorer"),
    ("INTERVIEWER_PROMPTS_DIR", "prompts_dir"),
    ("INTERVIEWER_BASE_URL", "llm.base_url (wins over OPENAI_BASE_URL)"),
    ("OPENAI_BASE_URL", "llm.base_url"),
    ("INTERVIEWER_API_KEY", "llm.api_key (wins over OPENAI_API_KEY)"),
    ("OPENAI_API_KEY", "llm.api_key"),
    ("INTERVIEWER_MODEL", "llm.model"),
    ("INTERVIEWER_CONNECT_TIMEOUT_SECS", "llm.connect_timeout_secs"),
    ("INTERVIEWER_TIMEOUT_SECS", "llm.timeout_secs"),
    ("INTERVIEWER_MAX_RETRIES", "llm.max_retries"),
    ("INTERVIEWER_BACKOFF_MS", "llm.backoff_ms"),
    ("INTERVIEWER_TEMPERATURE", "llm.temperature"),
    ("INTERVIEWER_SEED", "llm.seed"),
    ("INTERVIEWER_MAX_ANSWER_TOKENS", "llm.max_answer_tokens"),
    ("INTERVIEWER_MAX_COMPLETION_TOKENS", "llm.max_completion_tokens"),
    ("INTERVIEWER_CONTEXT_WINDOW", "llm.context_window"),
    ("INTERVIEWER_OUTPUT", "llm.output"),
    ("INTERVIEWER_STREAM", "llm.stream"),
    ("INTERVIEWER_REPORT_HMAC_KEY", "report.hmac_key"),
];

impl RawConfig {
    pub fn from_file(path: &Path) -> Result<RawConfig, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse { path: path.to_path_buf(), message: e.to_string() })
    }

    /// The environment layer, read through `get` (the process environment, or a map in tests). Empty values
    /// count as unset.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<RawConfig, ConfigError> {
        let var = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        let llm = RawLlm {
            base_url: var("INTERVIEWER_BASE_URL").or_else(|| var("OPENAI_BASE_URL")),
            api_key: var("INTERVIEWER_API_KEY").or_else(|| var("OPENAI_API_KEY")),
            model: var("INTERVIEWER_MODEL"),
            connect_timeout_secs: parse(&var, "INTERVIEWER_CONNECT_TIMEOUT_SECS")?,
            timeout_secs: parse(&var, "INTERVIEWER_TIMEOUT_SECS")?,
            max_retries: parse(&var, "INTERVIEWER_MAX_RETRIES")?,
            backoff_ms: parse(&var, "INTERVIEWER_BACKOFF_MS")?,
            temperature: parse(&var, "INTERVIEWER_TEMPERATURE")?,
            seed: parse(&var, "INTERVIEWER_SEED")?,
            max_answer_tokens: parse(&var, "INTERVIEWER_MAX_ANSWER_TOKENS")?,
            max_completion_tokens: parse(&var, "INTERVIEWER_MAX_COMPLETION_TOKENS")?,
            context_window: parse(&var, "INTERVIEWER_CONTEXT_WINDOW")?,
            output: var("INTERVIEWER_OUTPUT"),
            stream: parse(&var, "INTERVIEWER_STREAM")?,
        };
        Ok(RawConfig {
            scorer: var("INTERVIEWER_SCORER"),
            prompts_dir: var("INTERVIEWER_PROMPTS_DIR").map(PathBuf::from),
            llm,
            prices: BTreeMap::new(),
            report: RawReport { hmac_key: var("INTERVIEWER_REPORT_HMAC_KEY") },
        })
    }

    /// This layer with `over` laid on top: every field `over` sets wins.
    pub fn merge(self, over: RawConfig) -> RawConfig {
        let (a, b) = (self.llm, over.llm);
        let mut prices = self.prices;
        prices.extend(over.prices);
        RawConfig {
            scorer: over.scorer.or(self.scorer),
            prompts_dir: over.prompts_dir.or(self.prompts_dir),
            llm: RawLlm {
                base_url: b.base_url.or(a.base_url),
                api_key: b.api_key.or(a.api_key),
                model: b.model.or(a.model),
                connect_timeout_secs: b.connect_timeout_secs.or(a.connect_timeout_secs),
                timeout_secs: b.timeout_secs.or(a.timeout_secs),
                max_retries: b.max_retries.or(a.max_retries),
                backoff_ms: b.backoff_ms.or(a.backoff_ms),
                temperature: b.temperature.or(a.temperature),
                seed: b.seed.or(a.seed),
                max_answer_tokens: b.max_answer_tokens.or(a.max_answer_tokens),
                max_completion_tokens: b.max_completion_tokens.or(a.max_completion_tokens),
                context_window: b.context_window.or(a.context_window),
                output: b.output.or(a.output),
                stream: b.stream.or(a.stream),
            },
            prices,
            report: RawReport { hmac_key: over.report.hmac_key.or(self.report.hmac_key) },
        }
    }
}

fn parse<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    key: &'static str,
) -> Result<Option<T>, ConfigError> {
    match var(key) {
        None => Ok(None),
        Some(value) => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ConfigError::Invalid { key: key.to_string(), message: format!("cannot parse `{value}`") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> RawConfig {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        RawConfig::from_env(|key| map.get(key).cloned()).unwrap()
    }

    #[test]
    fn later_layers_win_field_by_field() {
        let file: RawConfig =
            toml::from_str("scorer = \"llm\"\n[llm]\nmodel = \"file-model\"\nbase_url = \"http://file/v1\"\n").unwrap();
        let environment = env(&[("INTERVIEWER_MODEL", "env-model")]);
        let flags = RawConfig { scorer: Some("offline".into()), ..RawConfig::default() };
        let merged = file.merge(environment).merge(flags);
        assert_eq!(merged.scorer.as_deref(), Some("offline"));
        assert_eq!(merged.llm.model.as_deref(), Some("env-model"));
        assert_eq!(merged.llm.base_url.as_deref(), Some("http://file/v1"));
    }

    #[test]
    fn report_key_comes_from_the_file_or_the_environment() {
        let file: RawConfig = toml::from_str("[report]\nhmac_key = \"file-key\"\n").unwrap();
        assert_eq!(file.clone().merge(env(&[])).report.hmac_key.as_deref(), Some("file-key"));
        let merged = file.merge(env(&[("INTERVIEWER_REPORT_HMAC_KEY", "env-key")]));
        assert_eq!(merged.report.hmac_key.as_deref(), Some("env-key"));
    }

    #[test]
    fn interviewer_variables_win_over_openai_ones() {
        let raw = env(&[("OPENAI_API_KEY", "sk-openai"), ("INTERVIEWER_API_KEY", "sk-own"), ("OPENAI_BASE_URL", "")]);
        assert_eq!(raw.llm.api_key.as_deref(), Some("sk-own"));
        assert_eq!(raw.llm.base_url, None, "an empty variable counts as unset");
    }

    #[test]
    fn unparsable_environment_value_names_the_variable() {
        let err = RawConfig::from_env(|k| (k == "INTERVIEWER_MAX_RETRIES").then(|| "many".to_string())).unwrap_err();
        assert!(err.to_string().contains("INTERVIEWER_MAX_RETRIES"), "{err}");
    }

    #[test]
    fn unknown_keys_in_the_file_are_rejected() {
        assert!(toml::from_str::<RawConfig>("[llm]\nmodle = \"x\"\n").is_err());
    }
}
