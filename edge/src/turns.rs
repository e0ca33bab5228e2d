//! The worker's side of a turn: hand it to the Conversation object of the chat and get its SSE
//! stream back — to pass through (`/api/v1/chat/stream`) or to read to the end and answer as
//! one JSON reply (`/api/widget/message`). Both endpoints share this one code path. (What a
//! turn asks of the bot is `crate::objects::bot`'s `asks`.)

use crate::objects::conversation::TurnRequest;
use crate::web::error::{ApiError, ApiResult};
use futures_util::StreamExt;
use porthole_shared::message::Mode;
use porthole_shared::{ErrorCode, Source, SseDecoder, StreamEvent};
use worker::{Env, Response};

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
