//! The Bot object's whole protocol: every call the Worker and the conversations make to it,
//! with what each sends and what it gets back ([`BotCall`]), and [`ask`], the one way to call it.

use crate::ai::Retrieved;
use crate::ai::Usage;
use crate::knowledge::snapshot::SnapshotRows;
use crate::objects::rpc::{self, Ask, protocol};
use crate::web::error::ApiResult;
use porthole_shared::WidgetToken;
use porthole_shared::admin::{
    BotStatus, DocumentAdded, DocumentDetail, DocumentInput, DocumentList,
};
use porthole_shared::answers::{AnswerInput, AnswerList, AnswerSaved};
use porthole_shared::api::Ack;
use porthole_shared::gaps::{GapKind, GapList};
use porthole_shared::sites::{SiteInput, SiteList, SitePageList, SiteSaved, SiteUpdate};
use serde::{Deserialize, Serialize};
use worker::Env;

/// Sends `call` to the Bot object of `token` and returns its answer.
pub async fn ask<A: Ask<Call = BotCall>>(
    env: &Env,
    token: &WidgetToken,
    call: A,
) -> ApiResult<A::Answer> {
    rpc::ask(&rpc::bot(env, token)?, call).await
}

protocol! {
    /// What a Bot object is asked.
    BotCall {
        PingRecord => Ack,
        GetStatus => BotStatus,
        ContextRequest => Retrieved,
        GetKnowledgeVersion => KnowledgeVersion,
        GetSnapshot => SnapshotRows,
        ListDocuments => DocumentList,
        AddDocument => DocumentAdded,
        ReadDocument => DocumentDetail,
        ReplaceDocument => DocumentAdded,
        DeleteDocument => Ack,
        ListAnswers => AnswerList,
        SaveAnswer => AnswerSaved,
        PutAnswer => AnswerSaved,
        DeleteAnswer => Ack,
        ListSites => SiteList,
        AddSite => SiteSaved,
        GetSite => SiteSaved,
        UpdateSite => SiteSaved,
        DeleteSite => Ack,
        SyncSite => SiteSaved,
        CancelSite => SiteSaved,
        SitePages => SitePageList,
        ListGaps => GapList,
        GapRecord => Ack,
        DismissGap => Ack,
        UsageEntry => Ack,
        GetUsage => Vec<DailyUsage>,
        QuotaAsk => QuotaAnswer,
        ImageQuotaAsk => QuotaAnswer,
        EmbedderChanged => Ack,
        Wipe => Ack,
    }
}

/// Activity and knowledge counts (the conversation count comes from the hub).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetStatus;

/// The version of the knowledge and its size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetKnowledgeVersion;

/// Every chunk as the index holds it, with its vector, for an isolate's snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetSnapshot;

/// The documents, newest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListDocuments;

/// Document `id` and its text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReadDocument {
    pub id: String,
}

/// Document `id`'s title, link and text replaced (409 when the new link is another's).
#[derive(Debug, Serialize, Deserialize)]
pub struct ReplaceDocument {
    pub id: String,
    pub document: AddDocument,
}

/// Removes document `id` and its chunks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteDocument {
    pub id: String,
}

/// The curated answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListAnswers;

/// Curated answer `id` replaced.
#[derive(Debug, Serialize, Deserialize)]
pub struct PutAnswer {
    pub id: String,
    pub answer: SaveAnswer,
}

/// Removes curated answer `id`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteAnswer {
    pub id: String,
}

/// The imported websites.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListSites;

/// Site `id` and how its import goes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetSite {
    pub id: String,
}

/// Site `id`'s schedule or page cap changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpdateSite {
    pub id: String,
    pub update: SiteUpdate,
}

/// Site `id` and its pages leave the knowledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteSite {
    pub id: String,
}

/// A sync of site `id` now (409 while one runs).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncSite {
    pub id: String,
    /// Now (ms).
    pub now: i64,
}

/// The crawl of site `id` stops; what it kept stays.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CancelSite {
    pub id: String,
}

/// Site `id`'s addresses, the skipped and changed first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SitePages {
    pub id: String,
}

/// The unanswered questions, grouped.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListGaps;

/// Daily totals from `from` to `to` (`YYYY-MM-DD`, inclusive).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetUsage {
    pub from: String,
    pub to: String,
}

/// The bot's settings changed: the alarm compares its embedder with the vectors'.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmbedderChanged;

/// Forgets everything (the bot is being deleted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wipe;

/// The latest ping of a bot's widget (time never moves backwards).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PingRecord {
    /// When the latest ping arrived (ms since the epoch).
    pub at: i64,
    /// The host of its page, when known.
    pub domain: Option<String>,
}

/// Retrieval for one question (the passages; the isolate's snapshot answers most turns).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ContextRequest {
    /// The visitor's message.
    pub query: String,
    /// How many passages at most.
    pub limit: u32,
    /// The visitor's language (the widget's `lang`), when known.
    #[serde(default)]
    pub lang: Option<crate::knowledge::lang::Lang>,
}

/// The version of a bot's knowledge and its size in bytes of text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct KnowledgeVersion {
    /// Changes with every change to the knowledge.
    pub version: String,
    /// Bytes (UTF-8) of chunk text, titles included.
    pub bytes: u64,
    /// Bytes of the chunks' embedding vectors.
    #[serde(default)]
    pub vector_bytes: u64,
}

/// One LLM turn's tokens, on its UTC day, added to the day's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageEntry {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The tokens.
    #[serde(flatten)]
    pub usage: Usage,
}

/// A stored daily total for one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyUsage {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `openai` or `workers-ai`.
    pub provider: String,
    /// The model.
    pub model: String,
    /// Prompt tokens that day.
    pub prompt_tokens: u64,
    /// Completion tokens that day.
    pub completion_tokens: u64,
    /// LLM turns that day.
    pub turns: u64,
}

/// A new document (or one that replaces another: `replace`, else the one with its URL) and
/// the time it arrived.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct AddDocument {
    /// The document as the admin sent it.
    pub document: DocumentInput,
    /// Arrival time (ms).
    pub now: i64,
    /// The document it replaces (`PUT`); none: the one with its URL, if any.
    #[serde(default)]
    pub replace: Option<i64>,
}

/// A new curated answer and when it arrived.
#[derive(Debug, Serialize, Deserialize)]
pub struct SaveAnswer {
    /// The answer as the owner sent it.
    pub answer: AnswerInput,
    /// Arrival time (ms).
    pub now: i64,
}

/// A website to import, as the admin sent it, and when; its import starts.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct AddSite {
    /// The site.
    pub site: SiteInput,
    /// Arrival time (ms).
    pub now: i64,
}

/// One question that went unanswered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GapRecord {
    /// Its group ([`crate::knowledge::gaps::key`]).
    pub key: String,
    /// The question as asked.
    pub question: String,
    /// Where.
    pub chat_id: porthole_shared::ChatId,
    /// Why.
    pub kind: GapKind,
    /// When (ms).
    pub at: i64,
}

/// The group of unanswered questions to take off the list (also the admin API's body).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissGap {
    /// Its key.
    pub key: String,
}

/// May one more message be answered today (counted when it may)?
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuotaAsk {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Messages per day (0: no cap).
    pub messages: u32,
    /// AI tokens per day (0: no cap).
    pub tokens: u64,
}

/// May one more image be accepted today (counted when it may)?
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImageQuotaAsk {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Images per day (0: no cap).
    pub images: u32,
}

/// The answer: whether the message may be answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuotaAnswer {
    /// Whether it may.
    pub allowed: bool,
}
