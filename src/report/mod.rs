//! What the candidate and the recruiter read: per-answer feedback and the end-of-session summary as terminal
//! text, and the exported session report (Markdown, HTML, JSON), signed for tamper evidence.
pub mod document;
pub mod html;
pub mod markdown;
pub mod progress;
pub mod render;
pub mod sign;
pub mod summary;

#[cfg(test)]
mod tests;
