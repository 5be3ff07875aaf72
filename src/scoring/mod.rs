//! The scoring contract every scorer fulfils, and the scorers behind it.
//!
//! A scorer judges each point of assessment (missed, partial, covered, with quotes from the answer) and each
//! pitfall; the band and the 0-100 score are then derived from those verdicts in one place ([`grade`]), so every
//! scorer grades by the same rules.
pub mod grade;
pub mod hybrid;
pub mod llm;
pub mod offline;
pub mod text;

use crate::bank::{PitfallId, PointId, Question};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Overall band: 4 excellent (essentially all points, correct, with an example or nuance, no pitfall);
/// 3 good (most points, minor omissions, no serious pitfall); 2 partial (some key points, or one notable
/// inaccuracy); 1 weak (vague or mostly wrong, one relevant idea); 0 no credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Band(pub u8);

impl Band {
    pub const MAX: Band = Band(4);

    pub fn label(self) -> &'static str {
        match self.0 {
            4 => "excellent",
            3 => "good",
            2 => "partial",
            1 => "weak",
            _ => "no credit",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/4 {}", self.0, self.label())
    }
}

/// How much of a point an answer covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Level {
    Missed = 0,
    Partial = 1,
    Covered = 2,
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level as u8
    }
}

impl TryFrom<u8> for Level {
    type Error = String;

    fn try_from(value: u8) -> Result<Level, String> {
        match value {
            0 => Ok(Level::Missed),
            1 => Ok(Level::Partial),
            2 => Ok(Level::Covered),
            _ => Err(format!("point level {value} is not 0, 1 or 2")),
        }
    }
}

impl Level {
    pub fn symbol(self) -> &'static str {
        match self {
            Level::Covered => "✓",
            Level::Partial => "~",
            Level::Missed => "✗",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointVerdict {
    pub id: PointId,
    pub level: Level,
    /// Verbatim spans of the answer that evidence the level.
    pub evidence: Vec<String>,
    /// The answer states the opposite of this point (a wrong claim in the right words).
    pub contradicted: bool,
    /// Credit earned back by a follow-up answer.
    pub recovered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitfallHit {
    pub id: PitfallId,
    pub evidence: Vec<String>,
}

/// Which scorer produced a result. A turn the LLM could not score is scored offline and says so: `offline`,
/// with [`Provenance::fallback_reason`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScorerKind {
    Offline,
    Llm,
    Hybrid,
}

impl ScorerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScorerKind::Offline => "offline",
            ScorerKind::Llm => "llm",
            ScorerKind::Hybrid => "hybrid",
        }
    }
}

/// Prompt and completion tokens of a scoring, with where the figures come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// True when counted here with tiktoken because the server sent no `usage`.
    pub counted: bool,
}

/// What an LLM scoring recorded: which model and prompt, how the output was asked for, what it cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlmCall {
    pub model: String,
    pub prompt_version: String,
    /// `json_schema`, `json_object` or `prompt`: the structured-output mode the server accepted.
    pub output: String,
    pub usage: TokenUsage,
    /// Estimated from the configured prices per model; absent when no price is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    /// HTTP requests made, retries and re-asks included.
    pub requests: u32,
}

/// Credit the model gave without a quote that occurs in the answer, taken back in code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Downgrade {
    /// A point or pitfall id.
    pub id: String,
    /// What the model said (`covered`, `partial`, `hit`) and what stands (`missed`, `not hit`).
    pub from: String,
    pub to: String,
    /// The quotes that could not be found in the answer.
    pub unverified: Vec<String>,
}

/// The hybrid scorer's cross-check of the LLM against the offline scorer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HybridCheck {
    pub offline_band: Band,
    pub llm_band: Band,
    /// The two differ by two bands or more.
    pub disagreement: bool,
    /// The offline scorer saw text addressed to the grader, so the LLM could not raise the band.
    pub manipulation_capped: bool,
}

/// The follow-up a scorer proposes: aimed at the most important point still missing, in the candidate's own
/// words, or one of the bank's follow-ups used as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupSuggestion {
    pub ask: String,
    pub probes: Vec<PointId>,
    /// Index of the bank follow-up this is, when the model picked one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<usize>,
}

/// Where a scoring came from beyond its scorer kind. Empty for the offline scorer; every field is left out of
/// the JSON when empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    /// Why the offline scorer scored this turn although an LLM scorer was chosen (endpoint down, invalid output,
    /// cancelled...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub llm: Option<LlmCall>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub downgrades: Vec<Downgrade>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hybrid: Option<HybridCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followup: Option<FollowupSuggestion>,
    /// Shown with the score, e.g. that the answer was truncated before it was sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Whole-answer observations that change how the verdicts are graded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    /// Text addressed to the grader rather than the interviewer, quoted; it earns nothing.
    pub manipulation: Vec<String>,
    /// "No idea", "pass" and the like, or no content at all.
    pub empty: bool,
    /// Terms listed without explanation.
    pub keyword_list: bool,
    /// Only names listed, one after another, nothing said about any of them: no credit.
    #[serde(default)]
    pub names_only: bool,
    /// The answer shares almost nothing with the question's subject.
    pub off_topic: bool,
    /// A concrete example, code, or a qualifying nuance.
    pub has_example: bool,
    /// Mostly generic claims about oneself, the team or "best practices" rather than about the subject.
    #[serde(default)]
    pub generic: bool,
    /// A wrong claim the question does not list but the built-in bank knows, quoted: for questions that list no
    /// wrong claims of their own. It counts as an inaccuracy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub misconception: Option<String>,
}

/// The scoring contract: the same for every scorer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scoring {
    pub band: Band,
    pub score: u8,
    pub points: Vec<PointVerdict>,
    pub pitfalls: Vec<PitfallHit>,
    pub signals: Signals,
    pub feedback: String,
    pub scorer: ScorerKind,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// What to score: an answer to a question, or to a follow-up probing some of its points.
pub struct Request<'a> {
    pub question: &'a Question,
    pub answer: &'a str,
    /// For a follow-up answer: only these points are judged.
    pub focus: Option<&'a [PointId]>,
}

/// Only this many characters of an answer are scored (the whole answer is always kept).
pub const MAX_SCORED_CHARS: usize = 20_000;

/// The part of `answer` that is scored: its first [`MAX_SCORED_CHARS`] characters.
pub fn scored_part(answer: &str) -> &str {
    match answer.char_indices().nth(MAX_SCORED_CHARS) {
        Some((end, _)) => &answer[..end],
        None => answer,
    }
}

/// The warning to show when only part of an answer is scored.
pub fn truncation_warning(answer: &str) -> Option<String> {
    (scored_part(answer).len() < answer.len()).then(|| {
        format!(
            "warning: the answer has {} characters; only the first {MAX_SCORED_CHARS} are scored (all of it is saved)",
            answer.chars().count()
        )
    })
}

pub trait Scorer {
    fn kind(&self) -> ScorerKind;
    fn score(&self, request: &Request<'_>) -> Scoring;
}
