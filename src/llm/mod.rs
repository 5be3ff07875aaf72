//! Talking to an OpenAI-compatible LLM: the client with retries and typed errors, token counting and the prompt
//! templates. Nothing here knows about rubrics; `scoring::llm` builds on it.
pub mod client;
pub mod error;
pub mod partial;
pub mod prompts;
pub mod retry;
pub mod tokens;

pub use client::{ChatRequest, Completion, Format, LlmClient, Message, Role, Usage};
pub use error::LlmError;
