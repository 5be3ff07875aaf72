//! What can go wrong talking to an LLM endpoint, as a typed enum: callers branch on the kind (retry, fall back,
//! explain), and each message says in plain words what happened and what to do.
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    #[error("the endpoint rejected the API key ({status}): check OPENAI_API_KEY or `llm.api_key` ({message})")]
    Unauthorized { status: u16, message: String },
    #[error("the endpoint does not know the model `{model}`: check INTERVIEWER_MODEL or `llm.model` ({message})")]
    UnknownModel { model: String, message: String },
    #[error("the request does not fit the model's context window: lower `llm.max_answer_tokens` ({message})")]
    ContextLength { message: String },
    #[error("the endpoint does not accept this response format ({message})")]
    UnsupportedFormat { message: String },
    #[error("rate limited by the endpoint (429){}", retry_after.map(|d| format!(", asked to wait {}s", d.as_secs_f32())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration>, message: String },
    #[error("the endpoint failed with {status}: {message}")]
    Server { status: u16, message: String },
    #[error("the endpoint refused the request ({status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("no answer within {}s", .0.as_secs_f32())]
    Timeout(Duration),
    #[error("cannot reach {url}: {message}; is the server running and `llm.base_url` right?")]
    Unreachable { url: String, message: String },
    #[error("the response broke off before it was complete: {0}")]
    StreamCut(String),
    #[error("the endpoint's response is not a chat completion: {0}")]
    Malformed(String),
    #[error("cancelled (Ctrl-C)")]
    Cancelled,
}

impl LlmError {
    /// Timeouts, 429, 5xx and broken-off responses are worth another attempt; the rest will fail the same way.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited { .. } | LlmError::Server { .. } | LlmError::Timeout(_) | LlmError::StreamCut(_)
        )
    }

    /// The delay the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            LlmError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short label for transcripts: `timeout`, `unauthorized`...
    pub fn kind(&self) -> &'static str {
        match self {
            LlmError::Unauthorized { .. } => "unauthorized",
            LlmError::UnknownModel { .. } => "unknown_model",
            LlmError::ContextLength { .. } => "context_length",
            LlmError::UnsupportedFormat { .. } => "unsupported_format",
            LlmError::RateLimited { .. } => "rate_limited",
            LlmError::Server { .. } => "server_error",
            LlmError::Rejected { .. } => "rejected",
            LlmError::Timeout(_) => "timeout",
            LlmError::Unreachable { .. } => "unreachable",
            LlmError::StreamCut(_) => "stream_cut",
            LlmError::Malformed(_) => "malformed_response",
            LlmError::Cancelled => "cancelled",
        }
    }

    /// Classifies an HTTP error status with the error body's message and code (OpenAI's `error.code`).
    pub fn from_status(
        status: u16,
        message: String,
        code: Option<&str>,
        model: &str,
        retry_after: Option<Duration>,
    ) -> LlmError {
        let lower = message.to_lowercase();
        let code = code.unwrap_or_default();
        if code == "context_length_exceeded" || lower.contains("context length") || lower.contains("context window") {
            return LlmError::ContextLength { message };
        }
        match status {
            401 | 403 => LlmError::Unauthorized { status, message },
            404 => LlmError::UnknownModel { model: model.to_string(), message },
            429 => LlmError::RateLimited { retry_after, message },
            500..=599 => LlmError::Server { status, message },
            400 | 422 if code == "model_not_found" || (lower.contains("model") && lower.contains("not found")) => {
                LlmError::UnknownModel { model: model.to_string(), message }
            }
            400 | 422
                if ["response_format", "json_schema", "json_object", "structured output"]
                    .iter()
                    .any(|w| lower.contains(w)) =>
            {
                LlmError::UnsupportedFormat { message }
            }
            _ => LlmError::Rejected { status, message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (401, "bad key", None, "unauthorized"),
            (404, "The model `x` does not exist", Some("model_not_found"), "unknown_model"),
            (400, "This model's maximum context length is 8192 tokens", None, "context_length"),
            (400, "response_format json_schema is not supported", None, "unsupported_format"),
            (429, "slow down", None, "rate_limited"),
            (503, "overloaded", None, "server_error"),
            (400, "bad request", None, "rejected"),
        ];
        for (status, message, code, kind) in cases {
            assert_eq!(
                LlmError::from_status(status, message.into(), code, "m", None).kind(),
                kind,
                "{status} {message}"
            );
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(LlmError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(LlmError::Server { status: 500, message: String::new() }.is_retryable());
        assert!(!LlmError::Unauthorized { status: 401, message: String::new() }.is_retryable());
        assert!(!LlmError::ContextLength { message: String::new() }.is_retryable());
    }
}
