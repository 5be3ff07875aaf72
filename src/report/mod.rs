//! What the candidate reads: per-answer feedback and the end-of-session summary, as terminal text.
pub mod render;
pub mod summary;
