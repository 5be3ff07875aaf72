//! The LLM scorer: the rubric goes to an OpenAI-compatible model, which judges each point and pitfall with
//! verbatim quotes; quotes are checked against the answer, and the band and score are computed by
//! [`grade`](super::grade) as for every scorer. When the endpoint fails, the output stays invalid, or the
//! request is cancelled, the offline scorer scores the turn and the scoring says so.
//!
//! The [`Scorer`] trait is synchronous: the scorer owns a tokio runtime and blocks on it, racing each request
//! against Ctrl-C.
use super::offline::{signals, OfflineScorer};
use super::{
    grade, text, Downgrade, FollowupSuggestion, Level, LlmCall, PitfallHit, PointVerdict, Request, Scorer, ScorerKind,
    Scoring, TokenUsage,
};
use crate::bank::{PointId, Question};
use crate::config::{LlmSettings, OutputMode};
use crate::llm::partial::FieldStream;
use crate::llm::prompts::{PromptError, Prompts};
use crate::llm::tokens::{TokenCounter, PER_MESSAGE_OVERHEAD};
use crate::llm::{ChatRequest, Format, LlmClient, LlmError, Message, Role, Usage};
use serde::{Deserialize, Serialize};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Why the LLM could not score a turn.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("the model's output is not a valid scoring, twice: {0}")]
    InvalidOutput(String),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error("{0}")]
    NotSent(String),
}

/// A failed LLM scoring, with what the attempt cost.
#[derive(Debug)]
pub struct Failure {
    pub error: ScoreError,
    pub call: Option<Box<LlmCall>>,
}

/// Verdicts as the model states them, before validation.
#[derive(Debug, Deserialize)]
struct ModelVerdicts {
    points: Vec<ModelPoint>,
    #[serde(default)]
    pitfalls: Vec<ModelPitfall>,
    feedback: String,
    #[serde(default)]
    followup: Option<ModelFollowup>,
}

#[derive(Debug, Deserialize)]
struct ModelFollowup {
    #[serde(default = "no_option")]
    option: i64,
    #[serde(default)]
    ask: String,
    #[serde(default)]
    probes: Vec<String>,
}

fn no_option() -> i64 {
    -1
}

#[derive(Debug, Deserialize)]
struct ModelPoint {
    id: String,
    #[serde(default)]
    quotes: Vec<String>,
    level: String,
}

#[derive(Debug, Deserialize)]
struct ModelPitfall {
    id: String,
    #[serde(default)]
    quotes: Vec<String>,
    hit: bool,
}

#[derive(Serialize)]
struct PointContext<'a> {
    id: &'a str,
    importance: u8,
    expected: &'a str,
}

#[derive(Serialize)]
struct PitfallContext<'a> {
    id: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct OptionContext<'a> {
    ask: &'a str,
    probes: String,
}

#[derive(Serialize)]
struct QuestionContext<'a> {
    topic: &'a str,
    level: &'a str,
    prompt: &'a str,
    standard_answer: &'a str,
}

#[derive(Serialize)]
struct UserContext<'a> {
    question: QuestionContext<'a>,
    points: Vec<PointContext<'a>>,
    pitfalls: Vec<PitfallContext<'a>>,
    options: Vec<OptionContext<'a>>,
    followup: bool,
    delimiter: &'a str,
    answer: &'a str,
}

/// At most this many of the bank's follow-ups are offered to the model, to keep the prompt small.
const MAX_OPTIONS: usize = 4;

const MODES: [OutputMode; 3] = [OutputMode::JsonSchema, OutputMode::JsonObject, OutputMode::Prompt];

pub struct LlmScorer {
    runtime: tokio::runtime::Runtime,
    client: LlmClient,
    prompts: Prompts,
    tokens: TokenCounter,
    /// Index into [`MODES`] of the first output mode to try: lowered for the session once a server rejects one.
    mode: AtomicU8,
    cancel_on_ctrl_c: bool,
    progress: bool,
}

impl LlmScorer {
    pub fn new(settings: &LlmSettings, prompts_dir: Option<&Path>) -> anyhow::Result<LlmScorer> {
        use anyhow::Context;
        // One worker drives the connections; every thread that scores blocks on its own request, so `eval
        // --concurrency N` has N requests in flight.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        let client = LlmClient::new(settings).context("cannot set up the HTTP client")?;
        let start = match settings.output {
            OutputMode::Auto | OutputMode::JsonSchema => 0,
            OutputMode::JsonObject => 1,
            OutputMode::Prompt => 2,
        };
        Ok(LlmScorer {
            runtime,
            client,
            prompts: Prompts::load(prompts_dir)?,
            tokens: TokenCounter::for_model(&settings.model),
            mode: AtomicU8::new(start),
            cancel_on_ctrl_c: false,
            progress: false,
        })
    }

    /// Ctrl-C during a request cancels it (the turn is then scored offline) instead of ending the program.
    pub fn cancel_on_ctrl_c(mut self, yes: bool) -> LlmScorer {
        self.cancel_on_ctrl_c = yes;
        self
    }

    /// A spinner on standard error until the first token, when standard error is a terminal.
    pub fn show_progress(mut self, yes: bool) -> LlmScorer {
        self.progress = yes && std::io::stderr().is_terminal();
        self
    }

    pub fn settings(&self) -> &LlmSettings {
        self.client.settings()
    }

    /// Scores with the LLM, given the offline scorer's result for the same request (its signals are used, and
    /// text it found addressed to the grader cannot serve as evidence).
    pub fn score_checked(&self, request: &Request<'_>, offline: &Scoring) -> Result<Scoring, Failure> {
        if request.question.points.is_empty() {
            return Err(not_sent("the question has no points of assessment for the LLM to judge"));
        }
        if offline.signals.empty {
            return Err(not_sent("the answer is empty: nothing for the LLM to judge"));
        }
        let spinner = self.progress.then(|| Spinner::start(&self.settings().model));
        let preview = spinner.as_ref().map(|s| s.preview.clone());
        let work = self.score_async(request, offline, preview);
        let result = self.runtime.block_on(async {
            if !self.cancel_on_ctrl_c {
                return work.await;
            }
            tokio::select! {
                result = work => result,
                _ = ctrl_c() => Err(Failure { error: LlmError::Cancelled.into(), call: None }),
            }
        });
        drop(spinner);
        result
    }

    async fn score_async(
        &self,
        request: &Request<'_>,
        offline: &Scoring,
        preview: Option<Arc<Mutex<String>>>,
    ) -> Result<Scoring, Failure> {
        let settings = self.settings();
        let question = request.question;
        let mut warnings = Vec::new();
        let mut answer = request.answer.to_string();
        if let Some(cut) = self.tokens.truncate(&answer, settings.max_answer_tokens) {
            warnings.push(format!(
                "the answer is longer than {} tokens: only its beginning was sent to the LLM",
                settings.max_answer_tokens
            ));
            answer = cut;
        }
        let (messages, prompt_tokens) =
            self.messages(question, request.focus, &answer).map_err(|e| Failure { error: e, call: None })?;
        let budget = settings.context_window.saturating_sub(settings.max_completion_tokens as usize);
        if prompt_tokens > budget {
            let error = LlmError::ContextLength {
                message: format!("{prompt_tokens} prompt tokens, {budget} fit in llm.context_window"),
            };
            return Err(Failure { error: error.into(), call: None });
        }

        let mut tracker = CallTracker::new(self, prompt_tokens);
        // The feedback is shown as it arrives; a retried attempt (an empty text) starts it over.
        let mut feedback = FieldStream::new("feedback");
        let mut on_text = |text: &str| {
            let Some(preview) = &preview else { return };
            let Ok(mut preview) = preview.lock() else { return };
            if text.is_empty() {
                feedback = FieldStream::new("feedback");
                preview.clear();
            } else {
                preview.push_str(&feedback.push(text));
            }
        };
        let (content, mode) = loop {
            let index = self.mode.load(Ordering::Relaxed) as usize;
            let mode = MODES[index.min(MODES.len() - 1)];
            let chat = ChatRequest {
                messages: messages.clone(),
                format: self.format(question, request.focus, mode),
                max_completion_tokens: settings.max_completion_tokens,
            };
            match self.client.complete(&chat, &mut on_text).await {
                Ok(completion) => {
                    tracker.record(&completion);
                    break (completion.content, mode);
                }
                Err(LlmError::UnsupportedFormat { .. })
                    if settings.output == OutputMode::Auto && index + 1 < MODES.len() =>
                {
                    tracker.requests += 1;
                    self.mode.store(index as u8 + 1, Ordering::Relaxed);
                }
                Err(error) => {
                    tracker.requests += 1;
                    return Err(Failure { error: error.into(), call: tracker.call(mode).map(Box::new) });
                }
            }
        };

        let verdicts = match parse_verdicts(&content, question, request.focus) {
            Ok(verdicts) => verdicts,
            Err(problem) => {
                // One more chance, told what was wrong.
                let mut retry = messages.clone();
                retry.push(Message::new(Role::Assistant, content.clone()));
                retry.push(Message::new(
                    Role::User,
                    format!("That reply is not valid: {problem}. Reply again with the corrected JSON object only."),
                ));
                let chat = ChatRequest {
                    messages: retry,
                    format: self.format(question, request.focus, mode),
                    max_completion_tokens: settings.max_completion_tokens,
                };
                tracker.prompt_tokens_each += self.tokens.count(&content) + self.tokens.count(&problem) + 30;
                let completion = match self.client.complete(&chat, &mut on_text).await {
                    Ok(completion) => completion,
                    Err(error) => return Err(Failure { error: error.into(), call: tracker.call(mode).map(Box::new) }),
                };
                tracker.record(&completion);
                parse_verdicts(&completion.content, question, request.focus).map_err(|problem| Failure {
                    error: ScoreError::InvalidOutput(problem),
                    call: tracker.call(mode).map(Box::new),
                })?
            }
        };

        let mut scoring = judge(question, request.answer, verdicts, offline);
        scoring.provenance.warnings = warnings;
        scoring.provenance.llm = tracker.call(mode);
        Ok(scoring)
    }

    /// The system and user messages, and their token count.
    fn messages(
        &self,
        question: &Question,
        focus: Option<&[PointId]>,
        answer: &str,
    ) -> Result<(Vec<Message>, usize), ScoreError> {
        let delimiter = delimiter_for(answer);
        let in_focus = |id: &PointId| focus.is_none_or(|f| f.contains(id));
        let context = UserContext {
            question: QuestionContext {
                topic: &question.topic,
                level: question.level.as_str(),
                prompt: &question.prompt,
                standard_answer: question.standard_answer.trim(),
            },
            points: question
                .points
                .iter()
                .filter(|p| in_focus(&p.id))
                .map(|p| PointContext { id: p.id.as_str(), importance: p.importance, expected: &p.expected })
                .collect(),
            pitfalls: question
                .pitfalls
                .iter()
                .map(|p| PitfallContext { id: p.id.as_str(), description: &p.description })
                .collect(),
            options: question
                .followups
                .iter()
                .take(MAX_OPTIONS)
                .map(|f| OptionContext {
                    ask: &f.ask,
                    probes: f.probes.iter().map(PointId::as_str).collect::<Vec<_>>().join(", "),
                })
                .collect(),
            followup: focus.is_some(),
            delimiter: &delimiter,
            answer: answer.trim(),
        };
        let system = self.prompts.render("score_system.j2", serde_json::json!({}))?;
        let user = self.prompts.render("score_user.j2", &context)?;
        let tokens = self.tokens.count(&system) + self.tokens.count(&user) + 2 * PER_MESSAGE_OVERHEAD + 3;
        Ok((vec![Message::new(Role::System, system), Message::new(Role::User, user)], tokens))
    }

    fn format(&self, question: &Question, focus: Option<&[PointId]>, mode: OutputMode) -> Format {
        match mode {
            OutputMode::JsonSchema | OutputMode::Auto => {
                Format::Schema { name: "rubric_verdicts".to_string(), schema: verdict_schema(question, focus) }
            }
            OutputMode::JsonObject => Format::JsonObject,
            OutputMode::Prompt => Format::Text,
        }
    }

    /// The scoring request that would be sent for `question` and `answer`: its messages, response format and
    /// prompt token count (for `doctor`, benchmarks and tests).
    pub fn preview(&self, question: &Question, answer: &str) -> Result<(ChatRequest, usize), ScoreError> {
        let (messages, tokens) = self.messages(question, None, answer)?;
        let request = ChatRequest {
            messages,
            format: self.format(question, None, OutputMode::JsonSchema),
            max_completion_tokens: self.settings().max_completion_tokens,
        };
        Ok((request, tokens))
    }

    /// Sends one tiny request, to check the endpoint, key, model and JSON-schema support.
    pub fn probe(&self, schema: bool) -> Result<(), LlmError> {
        let format = if schema {
            Format::Schema {
                name: "probe".to_string(),
                schema: serde_json::json!({
                    "type": "object",
                    "properties": {"ok": {"type": "boolean"}},
                    "required": ["ok"],
                    "additionalProperties": false
                }),
            }
        } else {
            Format::Text
        };
        let request = ChatRequest {
            messages: vec![Message::new(Role::User, "Reply with the JSON object {\"ok\": true}.")],
            format,
            max_completion_tokens: 16,
        };
        // Not streamed: the probe checks the plain request/response path every server has.
        let mut settings = self.settings().clone();
        settings.stream = false;
        let client = LlmClient::new(&settings)?;
        self.runtime.block_on(client.complete(&request, &mut |_| {})).map(|_| ())
    }
}

impl Scorer for LlmScorer {
    fn kind(&self) -> ScorerKind {
        ScorerKind::Llm
    }

    fn score(&self, request: &Request<'_>) -> Scoring {
        let offline = OfflineScorer.score(request);
        match self.score_checked(request, &offline) {
            Ok(scoring) => scoring,
            Err(failure) => fallback(offline, failure),
        }
    }
}

/// The offline scoring, labelled as standing in for the LLM, with the reason and what the attempt cost.
pub fn fallback(mut offline: Scoring, failure: Failure) -> Scoring {
    offline.scorer = ScorerKind::Offline;
    let reason = match &failure.error {
        ScoreError::NotSent(reason) => reason.clone(),
        ScoreError::Llm(LlmError::Cancelled) => "LLM request cancelled".to_string(),
        other => format!("LLM unavailable: {other}"),
    };
    offline.provenance.fallback_reason = Some(reason);
    offline.provenance.llm = failure.call.map(|call| *call);
    offline
}

fn not_sent(reason: &str) -> Failure {
    Failure { error: ScoreError::NotSent(reason.to_string()), call: None }
}

async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling here: never cancel.
        std::future::pending::<()>().await;
    }
}

/// Counts requests and tokens across the attempts of one scoring.
struct CallTracker<'a> {
    scorer: &'a LlmScorer,
    requests: u32,
    usage: Usage,
    counted: bool,
    prompt_tokens_each: usize,
}

impl<'a> CallTracker<'a> {
    fn new(scorer: &'a LlmScorer, prompt_tokens: usize) -> CallTracker<'a> {
        CallTracker { scorer, requests: 0, usage: Usage::default(), counted: false, prompt_tokens_each: prompt_tokens }
    }

    fn record(&mut self, completion: &crate::llm::Completion) {
        self.requests += completion.attempts;
        match completion.usage {
            Some(usage) => self.usage.add(usage),
            None => {
                self.counted = true;
                self.usage.add(Usage {
                    prompt_tokens: self.prompt_tokens_each as u32,
                    completion_tokens: self.scorer.tokens.count(&completion.content) as u32,
                });
            }
        }
    }

    fn call(&self, mode: OutputMode) -> Option<LlmCall> {
        let settings = self.scorer.settings();
        let usage = TokenUsage {
            prompt_tokens: self.usage.prompt_tokens,
            completion_tokens: self.usage.completion_tokens,
            counted: self.counted,
        };
        let cost_usd = settings.price.map(|price| {
            (f64::from(usage.prompt_tokens) * price.input_per_mtok
                + f64::from(usage.completion_tokens) * price.output_per_mtok)
                / 1e6
        });
        Some(LlmCall {
            model: settings.model.clone(),
            prompt_version: self.scorer.prompts.version().to_string(),
            output: mode.as_str().to_string(),
            usage,
            cost_usd,
            requests: self.requests,
        })
    }
}

/// A delimiter that does not occur in the answer, so the answer cannot close its own fence.
fn delimiter_for(answer: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    loop {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write(answer.as_bytes());
        let delimiter = format!("ANSWER-{:012x}", hasher.finish() & 0xffff_ffff_ffff);
        if !answer.contains(&delimiter) {
            return delimiter;
        }
    }
}

/// The strict JSON Schema of the verdicts for `question`: ids are enums, every field is required.
pub fn verdict_schema(question: &Question, focus: Option<&[PointId]>) -> serde_json::Value {
    let point_ids: Vec<&str> =
        question.points.iter().filter(|p| focus.is_none_or(|f| f.contains(&p.id))).map(|p| p.id.as_str()).collect();
    let pitfall_ids: Vec<&str> = question.pitfalls.iter().map(|p| p.id.as_str()).collect();
    let quotes = serde_json::json!({"type": "array", "items": {"type": "string"}});
    serde_json::json!({
        "type": "object",
        "properties": {
            "points": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": point_ids},
                        "quotes": quotes,
                        "level": {"type": "string", "enum": ["missed", "partial", "covered"]}
                    },
                    "required": ["id", "quotes", "level"],
                    "additionalProperties": false
                }
            },
            "pitfalls": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": pitfall_ids},
                        "quotes": quotes,
                        "hit": {"type": "boolean"}
                    },
                    "required": ["id", "quotes", "hit"],
                    "additionalProperties": false
                }
            },
            "feedback": {"type": "string"},
            "followup": {
                "type": "object",
                "properties": {
                    "option": {"type": "integer"},
                    "ask": {"type": "string"},
                    "probes": {"type": "array", "items": {"type": "string", "enum": point_ids}}
                },
                "required": ["option", "ask", "probes"],
                "additionalProperties": false
            }
        },
        "required": ["points", "pitfalls", "feedback", "followup"],
        "additionalProperties": false
    })
}

/// Parses and validates the model's output: JSON (also inside a code fence or prose), every judged point once
/// with a known level, only known pitfalls. The error says what is wrong, for the model to correct.
fn parse_verdicts(content: &str, question: &Question, focus: Option<&[PointId]>) -> Result<ModelVerdicts, String> {
    let json = match (content.find('{'), content.rfind('}')) {
        (Some(start), Some(end)) if start < end => &content[start..=end],
        _ => return Err("the reply holds no JSON object".to_string()),
    };
    let verdicts: ModelVerdicts =
        serde_json::from_str(json).map_err(|e| format!("the JSON does not fit the schema: {e}"))?;
    let mut problems = Vec::new();
    for point in question.points.iter().filter(|p| focus.is_none_or(|f| f.contains(&p.id))) {
        match verdicts.points.iter().filter(|v| v.id == point.id.as_str()).count() {
            1 => {}
            0 => problems.push(format!("point `{}` is missing", point.id)),
            _ => problems.push(format!("point `{}` is listed more than once", point.id)),
        }
    }
    for verdict in &verdicts.points {
        let known =
            question.points.iter().any(|p| p.id.as_str() == verdict.id && focus.is_none_or(|f| f.contains(&p.id)));
        if !known {
            problems.push(format!("`{}` is not one of the points to judge", verdict.id));
        }
        if level_of(&verdict.level).is_none() {
            problems.push(format!("level `{}` of `{}` is not missed, partial or covered", verdict.level, verdict.id));
        }
    }
    for pitfall in &verdicts.pitfalls {
        if !question.pitfalls.iter().any(|p| p.id.as_str() == pitfall.id) {
            problems.push(format!("`{}` is not one of the pitfalls", pitfall.id));
        }
    }
    if let Some(followup) = &verdicts.followup {
        if followup.option < -1 || followup.option >= question.followups.len().min(MAX_OPTIONS) as i64 {
            problems.push(format!("followup option {} is not -1 or a listed option's number", followup.option));
        }
        for id in &followup.probes {
            if !question.points.iter().any(|p| p.id.as_str() == id) {
                problems.push(format!("followup probe `{id}` is not one of the points"));
            }
        }
    }
    if problems.is_empty() {
        Ok(verdicts)
    } else {
        Err(problems.join("; "))
    }
}

fn level_of(text: &str) -> Option<Level> {
    match text.trim().to_ascii_lowercase().as_str() {
        "covered" => Some(Level::Covered),
        "partial" => Some(Level::Partial),
        "missed" => Some(Level::Missed),
        _ => None,
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Covered => "covered",
        Level::Partial => "partial",
        Level::Missed => "missed",
    }
}

/// Quotes checked against the answer: the ones found (after folding case, white space and quote marks; an
/// ellipsis may join parts found in order), and the ones not found.
fn verify_quotes(quotes: &[String], haystack: &str) -> (Vec<String>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for quote in quotes {
        let trimmed = quote.trim().trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’')).trim();
        let normalized = text::normalize_for_quote(trimmed);
        let parts: Vec<&str> =
            normalized.split(['…']).flat_map(|p| p.split("...")).map(str::trim).filter(|p| !p.is_empty()).collect();
        let mut at = 0;
        let ok = normalized.chars().filter(|c| c.is_alphanumeric()).count() >= 2
            && parts.iter().all(|part| match haystack[at..].find(part) {
                Some(i) => {
                    at += i + part.len();
                    true
                }
                None => false,
            });
        if ok {
            found.push(trimmed.to_string());
        } else if !trimmed.is_empty() {
            missing.push(trimmed.to_string());
        }
    }
    (found, missing)
}

/// Verdicts checked for evidence and graded. Text the offline scorer found addressed to the grader is not
/// part of the answer quotes may come from.
fn judge(question: &Question, answer: &str, verdicts: ModelVerdicts, offline: &Scoring) -> Scoring {
    let mut evidence_text = answer.to_string();
    for span in signals::manipulation_spans(answer).into_iter().rev() {
        evidence_text.replace_range(span, "\n");
    }
    let haystack = text::normalize_for_quote(&evidence_text);
    let mut downgrades = Vec::new();
    let points: Vec<PointVerdict> = verdicts
        .points
        .iter()
        .filter_map(|v| {
            let point = question.points.iter().find(|p| p.id.as_str() == v.id)?;
            let claimed = level_of(&v.level)?;
            let (found, missing) = verify_quotes(&v.quotes, &haystack);
            let level = if claimed > Level::Missed && found.is_empty() { Level::Missed } else { claimed };
            if level != claimed {
                downgrades.push(Downgrade {
                    id: v.id.clone(),
                    from: level_name(claimed).to_string(),
                    to: level_name(level).to_string(),
                    unverified: missing,
                });
            }
            let evidence = if level == Level::Missed { Vec::new() } else { found };
            Some(PointVerdict { id: point.id.clone(), level, evidence, contradicted: false, recovered: false })
        })
        .collect();
    let mut pitfalls = Vec::new();
    for v in verdicts.pitfalls.iter().filter(|p| p.hit) {
        let Some(pitfall) = question.pitfalls.iter().find(|p| p.id.as_str() == v.id) else { continue };
        if pitfalls.iter().any(|hit: &PitfallHit| hit.id == pitfall.id) {
            continue;
        }
        let (found, missing) = verify_quotes(&v.quotes, &haystack);
        if found.is_empty() {
            downgrades.push(Downgrade {
                id: v.id.clone(),
                from: "hit".to_string(),
                to: "not hit".to_string(),
                unverified: missing,
            });
        } else {
            pitfalls.push(PitfallHit { id: pitfall.id.clone(), evidence: found });
        }
    }
    let followup = verdicts.followup.as_ref().and_then(|f| suggestion(question, f));
    let mut signals = offline.signals.clone();
    // The offline scorer's off-topic guess stands only when the model found nothing either.
    signals.off_topic = signals.off_topic && points.iter().all(|p| p.level == Level::Missed);
    let (band, score) = grade::grade(question, &points, &pitfalls, &signals);
    let mut feedback = verdicts.feedback.trim().to_string();
    if !downgrades.is_empty() {
        let ids: Vec<&str> = downgrades.iter().map(|d| d.id.as_str()).collect();
        feedback
            .push_str(&format!(" (Credit without a quote found in your answer was not given: {}.)", ids.join(", ")));
    }
    Scoring {
        band,
        score,
        points,
        pitfalls,
        signals,
        feedback: feedback.trim().to_string(),
        scorer: ScorerKind::Llm,
        provenance: super::Provenance { downgrades, followup, ..Default::default() },
    }
}

/// The model's follow-up: a bank option as it is, or its own question with the points it probes.
fn suggestion(question: &Question, followup: &ModelFollowup) -> Option<FollowupSuggestion> {
    if let Some(bank) = usize::try_from(followup.option).ok().and_then(|i| question.followups.get(i).map(|f| (i, f))) {
        return Some(FollowupSuggestion { ask: bank.1.ask.clone(), probes: bank.1.probes.clone(), bank: Some(bank.0) });
    }
    let probes: Vec<PointId> = question
        .points
        .iter()
        .filter(|p| followup.probes.iter().any(|id| id == p.id.as_str()))
        .map(|p| p.id.clone())
        .collect();
    let ask = followup.ask.trim();
    (!ask.is_empty() && !probes.is_empty()).then(|| FollowupSuggestion { ask: ask.to_string(), probes, bank: None })
}

/// A spinner on standard error until the feedback starts to arrive, then the feedback's latest words on the
/// same line; the line is cleared when the request ends, and the full feedback is printed with the score.
struct Spinner {
    preview: Arc<Mutex<String>>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    fn start(model: &str) -> Spinner {
        let preview = Arc::new(Mutex::new(String::new()));
        let done = Arc::new(AtomicBool::new(false));
        let (text, done_flag) = (preview.clone(), done.clone());
        let label = format!("scoring with {model}… (Ctrl-C scores offline)");
        let thread = std::thread::spawn(move || {
            const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            const WIDTH: usize = 72;
            let mut stderr = std::io::stderr();
            let mut frame = 0;
            while !done_flag.load(Ordering::Relaxed) {
                let shown = text.lock().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
                let line = if shown.is_empty() {
                    label.clone()
                } else {
                    let chars: Vec<char> = shown.chars().collect();
                    chars[chars.len().saturating_sub(WIDTH)..].iter().collect()
                };
                let _ = write!(stderr, "\r\x1b[2K{} {line}", FRAMES[frame % FRAMES.len()]);
                let _ = stderr.flush();
                frame += 1;
                std::thread::sleep(Duration::from_millis(90));
            }
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        });
        Spinner { preview, done, thread: Some(thread) }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_after_folding_case_space_and_quote_marks() {
        let haystack =
            text::normalize_for_quote("The GIL lets  one thread run\nPython bytecode; it’s released on I/O.");
        let quotes = vec![
            "one thread run python bytecode".to_string(),
            "\"it's released on I/O\"".to_string(),
            "the GIL ... released on I/O".to_string(),
            "threads run in parallel".to_string(),
            "a".to_string(),
        ];
        let (found, missing) = verify_quotes(&quotes, &haystack);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(missing, ["threads run in parallel", "a"]);
    }

    #[test]
    fn delimiter_never_occurs_in_the_answer() {
        let answer = "ANSWER-000000000000 is not the delimiter";
        let delimiter = delimiter_for(answer);
        assert!(delimiter.starts_with("ANSWER-") && !answer.contains(&delimiter));
        assert_ne!(delimiter_for("x"), delimiter_for("x"), "random per request");
    }
}
