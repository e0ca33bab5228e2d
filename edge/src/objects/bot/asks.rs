//! What a turn (and a few routes) ask of a bot, as functions: the passages for a question (from
//! this isolate's snapshot of the knowledge, [`super::snapshots`], else the Bot object), a
//! question it could not answer, the tokens an LLM spent, and the owner's daily caps.

use super::snapshots;
use super::{ContextRequest, GapRecord, ImageQuotaAsk, QuotaAsk, UsageEntry};
use crate::ai::embed::{self, Embedder};
use crate::ai::{Retrieved, Usage};
use crate::knowledge::hybrid::{Semantic, retrieve_hybrid};
use crate::knowledge::lang::Lang;
use crate::platform::clock::{day, now_ms};
use crate::web::error::ApiResult;
use porthole_shared::access::AccessSettings;
use porthole_shared::ai::EmbeddingSettings;
use porthole_shared::gaps::GapKind;
use porthole_shared::{ChatId, WidgetToken};
use worker::Env;

/// Passages retrieved per question.
const PASSAGES: u32 = 6;

/// The bot's best passages for `question`, asked by a visitor whose widget speaks `lang`:
/// from this isolate's snapshot of the knowledge, by words and, when the snapshot holds
/// vectors of the bot's embedder, by meaning (the question embedded once, here); or, for
/// knowledge too large to hold (or when the snapshot cannot be had), from the Bot object's own
/// index, by words.
pub async fn retrieve(
    env: &Env,
    token: &WidgetToken,
    embeddings: &EmbeddingSettings,
    question: &str,
    lang: Option<Lang>,
) -> ApiResult<Retrieved> {
    match snapshots::current(env, token).await {
        Ok(Some(snapshot)) => {
            let query = match Embedder::resolve(embeddings, env) {
                Some(embedder) if snapshot.model() == Some(embedder.id().as_str()) => {
                    embed::question(&embedder, env, question).await
                }
                _ => None,
            };
            let Ok(found) = retrieve_hybrid(
                &*snapshot,
                question,
                lang,
                PASSAGES,
                query.as_deref().map(Vec::as_slice),
            );
            return Ok(Retrieved {
                passages: found.passages,
                terms: found.terms,
                meaning: found.meaning,
                curated: found.curated,
            });
        }
        Ok(None) => {}
        Err(e) => worker::console_error!("knowledge snapshot: {}", e.message),
    }
    let ask = ContextRequest {
        query: question.to_owned(),
        limit: PASSAGES,
        lang,
    };
    super::ask(env, token, ask).await
}

/// Puts a question the bot could not answer (it said its fallback, or the visitor voted the
/// reply down) on the bot's list of what it could not answer (`crate::objects::bot`'s gaps).
pub async fn record_gap(
    env: &Env,
    token: &WidgetToken,
    question: &str,
    lang: Option<Lang>,
    chat_id: &ChatId,
    kind: GapKind,
) -> ApiResult<()> {
    let record = GapRecord {
        key: crate::knowledge::gaps::key(question, lang),
        question: question.to_owned(),
        chat_id: chat_id.clone(),
        kind,
        at: now_ms(),
    };
    super::ask(env, token, record).await.map(|_| ())
}

/// Adds an LLM turn's tokens to the bot's usage of the day.
pub async fn record_usage(env: &Env, token: &WidgetToken, usage: Usage) -> ApiResult<()> {
    let entry = UsageEntry {
        day: day(now_ms()),
        usage,
    };
    super::ask(env, token, entry).await.map(|_| ())
}

/// Whether the bot may answer one more message today under its owner's caps (always, when
/// there are none: then the Bot object is not asked).
pub async fn take_quota(
    env: &Env,
    token: &WidgetToken,
    access: &AccessSettings,
) -> ApiResult<bool> {
    if !access.capped() {
        return Ok(true);
    }
    let ask = QuotaAsk {
        day: day(now_ms()),
        messages: access.daily_messages,
        tokens: access.daily_tokens,
    };
    let answer = super::ask(env, token, ask).await?;
    Ok(answer.allowed)
}

/// Whether the bot may accept one more image today under its cap of `images` a day (always,
/// when there is none: then the Bot object is not asked).
pub async fn take_image_quota(env: &Env, token: &WidgetToken, images: u32) -> ApiResult<bool> {
    if images == 0 {
        return Ok(true);
    }
    let ask = ImageQuotaAsk {
        day: day(now_ms()),
        images,
    };
    let answer = super::ask(env, token, ask).await?;
    Ok(answer.allowed)
}
