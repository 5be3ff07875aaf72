//! One OpenAI-compatible chat endpoint behind async-openai: explicit base URL and key (never read from the
//! environment by the library), connect and total timeouts, bounded retries with backoff, typed errors.
use super::error::LlmError;
use super::retry::{self, Backoff};
use crate::config::LlmSettings;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use async_openai::types::chat::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageContent, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage, ChatCompletionStreamOptions, CompletionUsage,
    CreateChatCompletionRequest, FinishReason, ResponseFormat, ResponseFormatJsonSchema,
};
use futures::StreamExt;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn new(role: Role, content: impl Into<String>) -> Message {
        Message { role, content: content.into() }
    }
}

/// What shape of output to ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// `response_format: json_schema`, strict.
    Schema { name: String, schema: serde_json::Value },
    /// `response_format: json_object`.
    JsonObject,
    /// No response format: the prompt asks for JSON.
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub messages: Vec<Message>,
    pub format: Format,
    pub max_completion_tokens: u32,
}

/// Prompt and completion tokens of one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
    }
}

impl From<CompletionUsage> for Usage {
    fn from(usage: CompletionUsage) -> Usage {
        Usage { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub content: String,
    /// The server's `usage`, when it sent one.
    pub usage: Option<Usage>,
    /// The model stopped at `max_completion_tokens`.
    pub truncated: bool,
    /// Attempts made, 1 when the first succeeded.
    pub attempts: u32,
}

/// Status and Retry-After of the last HTTP response, which async-openai's error type does not keep.
#[derive(Debug, Clone, Copy, Default)]
struct ResponseMeta {
    status: u16,
    retry_after: Option<Duration>,
}

pub struct LlmClient {
    client: async_openai::Client<OpenAIConfig>,
    settings: LlmSettings,
    last: Arc<Mutex<ResponseMeta>>,
}

impl LlmClient {
    /// A client for `settings`. Must be called inside a tokio runtime only when requests are made.
    pub fn new(settings: &LlmSettings) -> Result<LlmClient, LlmError> {
        let http = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .build()
            .map_err(|e| LlmError::Unreachable { url: settings.base_url.clone(), message: chain(&e) })?;
        let last = Arc::new(Mutex::new(ResponseMeta::default()));
        let recorder = last.clone();
        // No retry layer here: retries happen in `complete`, where every kind of failure is seen.
        let service = tower::service_fn(move |factory: HttpRequestFactory| {
            let http = http.clone();
            let recorder = recorder.clone();
            async move {
                let request = factory.build().await?;
                let response = http.execute(request).await.map_err(OpenAIError::Reqwest)?;
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry::parse_retry_after);
                if let Ok(mut last) = recorder.lock() {
                    *last = ResponseMeta { status: response.status().as_u16(), retry_after };
                }
                Ok::<_, OpenAIError>(response)
            }
        });
        let config = OpenAIConfig::new()
            .with_api_base(settings.base_url.clone())
            .with_api_key(settings.api_key.clone().unwrap_or_default())
            .with_org_id("")
            .with_project_id("");
        let client = async_openai::Client::with_config(config).with_http_service(service);
        Ok(LlmClient { client, settings: settings.clone(), last })
    }

    pub fn settings(&self) -> &LlmSettings {
        &self.settings
    }

    /// Sends `request`, retrying timeouts, 429 and 5xx with backoff up to `max_retries` times. Streamed text
    /// goes to `on_text` as it arrives (a retried attempt starts over: `on_text` gets an empty string first).
    pub async fn complete(&self, request: &ChatRequest, on_text: &mut dyn FnMut(&str)) -> Result<Completion, LlmError> {
        let backoff = Backoff { base: self.settings.backoff, max_retries: self.settings.max_retries };
        let mut retry = 0;
        loop {
            if retry > 0 {
                on_text("");
            }
            let attempt = tokio::time::timeout(self.settings.timeout, self.attempt(request, on_text)).await;
            let result = attempt.unwrap_or(Err(LlmError::Timeout(self.settings.timeout)));
            match result {
                Ok(mut completion) => {
                    completion.attempts = retry + 1;
                    return Ok(completion);
                }
                Err(err) if err.is_retryable() && retry < backoff.max_retries => {
                    tokio::time::sleep(backoff.delay(retry, err.retry_after(), retry::jitter())).await;
                    retry += 1;
                }
                Err(err) => return Err(err),
            }
        }
    }

    async fn attempt(&self, request: &ChatRequest, on_text: &mut dyn FnMut(&str)) -> Result<Completion, LlmError> {
        let body = self.body(request);
        if !self.settings.stream {
            let response = self.client.chat().create(body).await.map_err(|e| self.classify(e))?;
            let choice = response.choices.into_iter().next().ok_or_else(|| LlmError::Malformed("no choices".into()))?;
            if let Some(refusal) = choice.message.refusal.filter(|r| !r.is_empty()) {
                return Err(LlmError::Malformed(format!("the model refused: {refusal}")));
            }
            let content = choice.message.content.ok_or_else(|| LlmError::Malformed("no message content".into()))?;
            on_text(&content);
            return Ok(Completion {
                content,
                usage: response.usage.map(Usage::from),
                truncated: choice.finish_reason == Some(FinishReason::Length),
                attempts: 1,
            });
        }
        let mut stream = self.client.chat().create_stream(body).await.map_err(|e| self.classify(e))?;
        let mut content = String::new();
        let mut usage = None;
        let mut finish = None;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.classify(e))?;
            if let Some(u) = chunk.usage {
                usage = Some(Usage::from(u));
            }
            for choice in chunk.choices.into_iter().filter(|c| c.index == 0) {
                if let Some(text) = choice.delta.content {
                    on_text(&text);
                    content.push_str(&text);
                }
                if choice.finish_reason.is_some() {
                    finish = choice.finish_reason;
                }
            }
        }
        // A complete stream says why it finished; one that just ends was cut.
        let Some(finish) = finish else {
            return Err(LlmError::StreamCut(format!(
                "the stream ended after {} characters with no finish_reason",
                content.len()
            )));
        };
        Ok(Completion { content, usage, truncated: finish == FinishReason::Length, attempts: 1 })
    }

    // `seed` is deprecated by OpenAI but still honoured by many compatible servers (vLLM, llama.cpp, Ollama).
    #[allow(deprecated)]
    fn body(&self, request: &ChatRequest) -> CreateChatCompletionRequest {
        let messages = request.messages.iter().map(to_openai).collect();
        let response_format = match &request.format {
            Format::Schema { name, schema } => Some(ResponseFormat::JsonSchema {
                json_schema: ResponseFormatJsonSchema {
                    description: None,
                    name: name.clone(),
                    schema: schema.clone(),
                    strict: Some(true),
                },
            }),
            Format::JsonObject => Some(ResponseFormat::JsonObject),
            Format::Text => None,
        };
        CreateChatCompletionRequest {
            model: self.settings.model.clone(),
            messages,
            response_format,
            temperature: self.settings.temperature,
            seed: self.settings.seed,
            max_completion_tokens: Some(request.max_completion_tokens),
            stream: self.settings.stream.then_some(true),
            stream_options: self
                .settings
                .stream
                .then_some(ChatCompletionStreamOptions { include_usage: Some(true), include_obfuscation: None }),
            ..Default::default()
        }
    }

    fn classify(&self, err: OpenAIError) -> LlmError {
        let last = self.last.lock().map(|m| *m).unwrap_or_default();
        let model = &self.settings.model;
        match err {
            OpenAIError::ApiError(response) => LlmError::from_status(
                response.status_code.as_u16(),
                response.api_error.message,
                response.api_error.code.as_deref(),
                model,
                last.retry_after,
            ),
            // A non-JSON error body: the status recorded on the way in still tells what happened.
            OpenAIError::JSONDeserialize(_, content) if last.status >= 400 => {
                LlmError::from_status(last.status, snippet(&content), None, model, last.retry_after)
            }
            OpenAIError::JSONDeserialize(e, content) => LlmError::Malformed(format!("{e} in `{}`", snippet(&content))),
            OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout(self.settings.timeout),
            OpenAIError::Reqwest(e) if e.is_connect() => {
                LlmError::Unreachable { url: self.settings.base_url.clone(), message: chain(&e) }
            }
            OpenAIError::Reqwest(e) if e.is_body() || e.is_decode() => LlmError::StreamCut(chain(&e)),
            OpenAIError::Reqwest(e) => {
                LlmError::Unreachable { url: self.settings.base_url.clone(), message: chain(&e) }
            }
            OpenAIError::StreamError(e) => LlmError::StreamCut(e.to_string()),
            other => LlmError::Malformed(other.to_string()),
        }
    }
}

fn to_openai(message: &Message) -> ChatCompletionRequestMessage {
    match message.role {
        Role::System => ChatCompletionRequestSystemMessage::from(message.content.as_str()).into(),
        Role::User => ChatCompletionRequestUserMessage::from(message.content.as_str()).into(),
        Role::Assistant => ChatCompletionRequestAssistantMessage {
            content: Some(ChatCompletionRequestAssistantMessageContent::Text(message.content.clone())),
            ..Default::default()
        }
        .into(),
    }
}

/// An error with its causes, `a: b: c`.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn snippet(text: &str) -> String {
    crate::scoring::text::one_line(text, 200)
}
