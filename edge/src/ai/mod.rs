//! The AI layer: a responder turns a visitor message, its conversation and the retrieved
//! knowledge into a reply, streamed piece by piece into a [`ReplySink`]. Which responder runs
//! is a per-bot setting: `extractive` (the offline default: no key, no network), `openai` (any
//! OpenAI-compatible endpoint) or `workers-ai` (the `AI` binding). LLM turns report their
//! token usage for accounting.

pub mod citations;
pub mod embed;
pub mod extractive;
pub mod openai;
pub mod pieces;
pub mod prompt;
pub mod stop;
pub mod tokens;
pub mod upstream;
pub mod workers_ai;

use crate::knowledge::compose::Passage;
use crate::knowledge::hybrid::Meaning;
use crate::knowledge::lang::Lang;
use crate::knowledge::retrieval::WeightedTerm;
use crate::platform::bindings::{self, AI_TIMEOUT_SECS};
use citations::CitationFilter;
use porthole_shared::ai::ResponderKind;
use porthole_shared::{BotConfig, ErrorCode, HistoryItem, Source};
use prompt::Prompt;
use std::time::Duration;
use upstream::{Delta, StreamError};
use worker::Env;

/// Knowledge retrieved for one question.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Retrieved {
    /// Best passages first.
    pub passages: Vec<Passage>,
    /// The question's words and their weights.
    pub terms: Vec<WeightedTerm>,
    /// How the question's meaning met the knowledge, when it was embedded.
    #[serde(default)]
    pub meaning: Option<Meaning>,
    /// The first passage is a curated answer that matches the question closely: the answer
    /// to give as written (`crate::knowledge::curated`).
    #[serde(default)]
    pub curated: bool,
}

/// Everything a responder needs for one turn.
#[derive(Debug, Clone, Copy)]
pub struct TurnInput<'a> {
    /// The visitor's message.
    pub message: &'a str,
    /// Earlier messages, oldest first (at most ten).
    pub history: &'a [HistoryItem],
    /// Retrieved knowledge.
    pub retrieved: &'a Retrieved,
    /// The bot's configuration.
    pub config: &'a BotConfig,
    /// The visitor's language, when known.
    pub lang: Option<Lang>,
    /// Set when the turn must end now (takeover, the visitor's stop).
    pub stop: &'a stop::Stop,
}

/// Receives the reply as it is produced.
pub trait ReplySink {
    /// Appends a piece of the reply.
    fn chunk(&mut self, text: &str);
}

/// Tokens one LLM turn used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    /// `openai` or `workers-ai`.
    pub provider: String,
    /// The model.
    pub model: String,
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Completion tokens.
    pub completion_tokens: u64,
}

/// What a finished turn reports besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The sources the reply is grounded in.
    pub sources: Vec<Source>,
    /// Tokens used (LLM responders).
    pub usage: Option<Usage>,
    /// The turn was stopped before the reply was complete.
    pub stopped: bool,
    /// The reply is the bot's fallback: its knowledge had no answer.
    pub fell_back: bool,
}

/// A responder failure: logged with `detail`, shown to the visitor as `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiError {
    /// The error frame's code (`ai_error`, or `quota_exceeded`).
    pub code: ErrorCode,
    /// What the visitor may read.
    pub message: String,
    /// What the logs get.
    pub detail: String,
    /// Tokens used before the failure, if any.
    pub usage: Option<Usage>,
}

impl AiError {
    /// A failure with a public message and a private detail.
    pub fn new(message: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::AiError,
            message: message.into(),
            detail: detail.into(),
            usage: None,
        }
    }

    /// The bot reached its owner's daily cap.
    pub fn quota() -> Self {
        Self {
            code: ErrorCode::QuotaExceeded,
            ..Self::new(
                "This assistant has answered all it can for today. Please come back tomorrow.",
                "daily cap reached",
            )
        }
    }
}

/// Runs the bot's responder for one turn.
pub async fn respond(
    input: TurnInput<'_>,
    env: &Env,
    sink: &mut dyn ReplySink,
) -> Result<Outcome, AiError> {
    match input.config.ai.responder {
        ResponderKind::Extractive => extractive::respond(input, sink).await,
        ResponderKind::Openai => openai::respond(input, env, sink).await,
        ResponderKind::WorkersAi => workers_ai::respond(input, env, sink).await,
    }
}

/// Seconds to wait for a provider's first byte and between two pieces (`AI_TIMEOUT_SECS`,
/// default 30).
fn timeouts(env: &Env) -> (Duration, Duration) {
    let secs = bindings::var(env, AI_TIMEOUT_SECS)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(30);
    (Duration::from_secs(secs), Duration::from_secs(secs))
}

/// A provider's stream format.
struct Upstream {
    provider: &'static str,
    parse: fn(&str) -> Result<Delta, String>,
}

/// Reads a provider's stream into `sink` and reports sources and usage — or the failure, with
/// the usage of what was produced before it.
async fn finish(
    stream: worker::ByteStream,
    upstream: Upstream,
    prompt: &Prompt,
    input: TurnInput<'_>,
    idle: Duration,
    sink: &mut dyn ReplySink,
) -> Result<Outcome, AiError> {
    let mut filter = CitationFilter::default();
    let (streamed, result) =
        upstream::read(stream, upstream.parse, idle, input.stop, &mut filter, sink).await;
    let (prompt_tokens, completion_tokens) = streamed.usage.unwrap_or_else(|| {
        let prompt_text: String = prompt.messages.iter().map(|m| m.content.as_str()).collect();
        (
            tokens::estimate(&prompt_text),
            tokens::estimate(&streamed.raw),
        )
    });
    let usage = Usage {
        provider: upstream.provider.to_owned(),
        model: input.config.ai.model().to_owned(),
        prompt_tokens,
        completion_tokens,
    };
    match result {
        Ok(()) | Err(StreamError::Stopped) => {
            let stopped = result.is_err();
            if stopped {
                sink.chunk(&filter.finish());
            }
            Ok(Outcome {
                sources: cited(prompt, filter.cited()),
                usage: Some(usage),
                stopped,
                fell_back: !stopped && falls_back(&streamed.raw, &prompt::fallback_for(input)),
            })
        }
        Err(e) => {
            sink.chunk(&filter.finish());
            let message = match &e {
                StreamError::Stalled => {
                    "The AI service stopped answering, so the reply is incomplete."
                }
                StreamError::Cut => "The reply was cut off. Please try again.",
                StreamError::Malformed(_) => "The AI service sent a reply that could not be read.",
                StreamError::Network(_) => "The connection to the AI service failed.",
                StreamError::Stopped => unreachable!("handled above"),
            };
            Err(AiError {
                usage: Some(usage),
                ..AiError::new(message, format!("{}: {e:?}", upstream.provider))
            })
        }
    }
}

/// Whether a model's reply is the bot's fallback (the prompt asks for it when the knowledge
/// has no answer).
fn falls_back(reply: &str, fallback: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (reply, fallback) = (squash(reply), squash(fallback));
    !fallback.is_empty() && reply.contains(&fallback)
}

/// The sources cited (`[n]`), once each, in order of first citation.
fn cited(prompt: &Prompt, numbers: &[usize]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for n in numbers {
        if let Some(source) = n.checked_sub(1).and_then(|i| prompt.sources.get(i))
            && !out.contains(source)
        {
            out.push(source.clone());
        }
    }
    out
}
