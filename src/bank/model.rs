//! The question bank's data model: what a question, its points, pitfalls and follow-ups hold.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable slug naming a question across banks, transcripts and reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionId(pub String);

/// Slug naming a point of assessment, unique within its question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PointId(pub String);

/// Slug naming a pitfall, unique within its question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PitfallId(pub String);

macro_rules! display_as_str {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl $ty {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    )*};
}
display_as_str!(QuestionId, PointId, PitfallId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Junior, Level::Mid, Level::Senior];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.as_str() == text)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One concept of evidence: alternative phrasings separated by `|` (see docs/bank-format.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Concept(pub String);

impl Concept {
    pub fn alternatives(&self) -> impl Iterator<Item = &str> {
        self.0.split('|').map(str::trim).filter(|alt| !alt.is_empty())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub id: PointId,
    pub assesses: String,
    pub expected: String,
    /// 1 (nice to have) to 3 (essential); follow-ups probe the most important missed point first.
    pub importance: u8,
    pub evidence: Vec<Concept>,
    pub contradicts: Vec<Concept>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Costs one band at most.
    Minor,
    /// A factual error: caps the band at 2.
    Major,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pitfall {
    pub id: PitfallId,
    pub description: String,
    pub severity: Severity,
    pub evidence: Vec<Concept>,
    /// Concepts whose mention clears the pitfall: an omission ("shards without profiling", "hashes without a word
    /// on collisions") is hit when the evidence is there and none of these is.
    pub unless: Vec<Concept>,
    /// Regular expressions over the code an answer contains (comments left out): one match shows the mistake
    /// made in code, whatever the prose says.
    pub code: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Followup {
    pub ask: String,
    pub probes: Vec<PointId>,
    pub expected: Option<String>,
}

/// How a question's points were written, which decides how the offline scorer reads coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointStyle {
    /// By a rubric author, with evidence phrases an answer would use (bank files): coverage is the points'.
    #[default]
    Authored,
    /// Plain sentences of expected content (an eval case's points), their words taken as evidence: they say what
    /// an answer should contain, not how answers word it, so coverage is read off the standard answer and the
    /// points together, as off a reference answer; the points still give verdicts, contradictions and pitfalls.
    Plain,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: QuestionId,
    pub prompt: String,
    pub aliases: Vec<String>,
    pub topic: String,
    pub level: Level,
    pub sources: Vec<String>,
    pub standard_answer: String,
    pub points: Vec<Point>,
    pub point_style: PointStyle,
    pub pitfalls: Vec<Pitfall>,
    pub followups: Vec<Followup>,
    pub notes: Option<String>,
}

impl Question {
    pub fn point(&self, id: &PointId) -> Option<&Point> {
        self.points.iter().find(|point| &point.id == id)
    }

    /// A question known only by its prompt and standard answer, as in user-written questions and eval cases.
    pub fn from_reference(id: &str, prompt: &str, standard_answer: &str) -> Question {
        Question {
            id: QuestionId(id.to_string()),
            prompt: prompt.to_string(),
            aliases: Vec::new(),
            topic: "general".to_string(),
            level: Level::Mid,
            sources: Vec::new(),
            standard_answer: standard_answer.to_string(),
            points: Vec::new(),
            point_style: PointStyle::Authored,
            pitfalls: Vec::new(),
            followups: Vec::new(),
            notes: None,
        }
    }
}
