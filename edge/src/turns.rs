//! The worker's side of a turn: hand it to the Conversation object of the chat and get its SSE
//! stream back — to pass through (`/api/v1/chat/stream`) or to read to the end and answer as
//! one JSON reply (`/api/widget/message`). Both endpoints share this one code path. Also what
//! every turn asks of the Bot object: the knowledge for a question, and the tokens' accounting.

use crate::ai::embed::{self, Embedder};
use crate::ai::{Retrieved, Usage};
use crate::clock::{day, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::knowledge::hybrid::{Semantic, retrieve_hybrid};
use crate::objects::bot::{self, ContextRequest};
use crate::objects::bot::{GapRecord, ImageQuotaAsk, QuotaAsk};
use crate::objects::conversation::TurnRequest;
use crate::snapshots;
use crate::usage::UsageEntry;
use futures_util::StreamExt;
use porthole_shared::WidgetToken;
use porthole_shared::access::AccessSettings;
use porthole_shared::ai::EmbeddingSettings;
use porthole_shared::gaps::GapKind;
use porthole_shared::inbox::Mode;
use porthole_shared::{ErrorCode, Source, SseDecoder, StreamEvent};
use worker::{Env, Response};

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
    lang: Option<&str>,
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
        lang: lang.map(str::to_owned),
    };
    bot::ask(env, token, ask).await
}

/// Puts a question the bot could not answer (it said its fallback, or the visitor voted the
/// reply down) on the bot's list of what it could not answer (`crate::objects::bot`'s gaps).
pub async fn record_gap(
    env: &Env,
    token: &str,
    question: &str,
    lang: Option<&str>,
    chat_id: &str,
    kind: GapKind,
) -> ApiResult<()> {
    let token = WidgetToken::parse(token).map_err(|_| ApiError::not_found("bot"))?;
    let record = GapRecord {
        key: crate::knowledge::gaps::key(question, lang),
        question: question.to_owned(),
        chat_id: chat_id.to_owned(),
        kind,
        at: now_ms(),
    };
    bot::ask(env, &token, record).await.map(|_| ())
}

/// Adds an LLM turn's tokens to the bot's usage of the day.
pub async fn record_usage(env: &Env, token: &WidgetToken, usage: Usage) -> ApiResult<()> {
    let entry = UsageEntry {
        day: day(now_ms()),
        usage,
    };
    bot::ask(env, token, entry).await.map(|_| ())
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
    let answer = bot::ask(env, token, ask).await?;
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
    let answer = bot::ask(env, token, ask).await?;
    Ok(answer.allowed)
}

/// Starts (or resumes) the turn; answers the object's SSE response.
pub async fn start(env: &Env, turn: &TurnRequest) -> ApiResult<Response> {
    crate::objects::conversation::stream(env, &turn.token, &turn.chat_id, turn).await
}

/// Runs the turn for a client that waits for the whole reply as one JSON answer: it is written
/// unpaced (the bot's `stream_pace_ms` is for eyes watching a stream), then read to its end.
pub async fn whole(env: &Env, mut turn: TurnRequest) -> ApiResult<Collected> {
    turn.config.stream_pace_ms = 0;
    collect(start(env, &turn).await?).await
}

/// A turn read to its end.
#[derive(Debug, Default)]
pub struct Collected {
    /// The reply text.
    pub text: String,
    /// Its sources.
    pub sources: Vec<Source>,
    /// Set when no AI reply ran because a person answers (or the visitor waits for one).
    pub mode: Option<Mode>,
    /// The model that answered.
    pub model: Option<String>,
    /// Tokens used.
    pub tokens: Option<u64>,
}

/// Reads a turn's SSE stream to `done`; an `error` frame (or a stream that ends without
/// `done`) becomes a 500 `ai_error`.
async fn collect(mut response: Response) -> ApiResult<Collected> {
    let mut stream = response.stream()?;
    let mut decoder = SseDecoder::new();
    let mut out = Collected::default();
    while let Some(bytes) = stream.next().await {
        let bytes = bytes?;
        for event in decoder.push_events(&bytes) {
            match StreamEvent::from_json(&event.data) {
                Ok(StreamEvent::Chunk { content }) => out.text.push_str(&content),
                Ok(StreamEvent::Sources { sources }) => out.sources = sources,
                Ok(StreamEvent::Done { meta }) => {
                    out.mode = meta.mode;
                    out.model = meta.model;
                    out.tokens = meta.tokens;
                    return Ok(out);
                }
                Ok(StreamEvent::Error { code, message }) => {
                    let code = serde_json::from_value(code.into()).unwrap_or(ErrorCode::AiError);
                    return Err(ApiError::new(code, message));
                }
                Err(e) => return Err(ApiError::internal(format!("bad turn frame: {e}"))),
            }
        }
    }
    Err(ApiError::new(
        ErrorCode::AiError,
        "the reply ended before it was complete",
    ))
}
