//! The AI layer: a responder turns a visitor message, its conversation and the retrieved
//! knowledge into a reply, streamed piece by piece into a [`ReplySink`]. Which responder runs
//! is a per-bot setting; `extractive` needs no key and no network and is the default.

pub mod extractive;
pub mod pieces;

use crate::knowledge::compose::Passage;
use crate::knowledge::retrieval::WeightedTerm;
use porthole_shared::{BotConfig, HistoryItem, Source};

/// Knowledge retrieved for one question.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Retrieved {
    /// Best passages first.
    pub passages: Vec<Passage>,
    /// The question's words and their weights.
    pub terms: Vec<WeightedTerm>,
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
    pub lang: Option<&'a str>,
}

/// Receives the reply as it is produced.
pub trait ReplySink {
    /// Appends a piece of the reply.
    fn chunk(&mut self, text: &str);
}

/// What a finished turn reports besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The sources the reply is grounded in.
    pub sources: Vec<Source>,
}

/// A responder failure: logged with `detail`, shown to the visitor as `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiError {
    /// What the visitor may read.
    pub message: String,
    /// What the logs get.
    pub detail: String,
}

impl AiError {
    /// A failure with a public message and a private detail.
    pub fn new(message: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { message: message.into(), detail: detail.into() }
    }
}

/// Runs the bot's responder for one turn.
pub async fn respond(input: TurnInput<'_>, sink: &mut dyn ReplySink) -> Result<Outcome, AiError> {
    extractive::respond(input, sink).await
}
