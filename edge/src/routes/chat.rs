//! Seed 003, the streaming chat API: `stream` answers with SSE frames as the reply is written
//! (resumable with `Last-Event-ID`), `history` restores a conversation after a page load.

use super::{Ctx, query_session};
use crate::knowledge::lang::Lang;
use crate::objects::conversation::TurnRequest;
use crate::web::error::ApiResult;
use crate::web::ratelimit::{self, Limit};
use crate::web::respond::{body_bytes, json};
use crate::{platform::random, turns, visitors::blocks, web::gate};
use porthole_shared::api::{HistoryResponse, PausedResponse};
use porthole_shared::{ErrorCode, StreamRequest};
use worker::Request;

/// `POST /api/v1/chat/stream {"site_key","session_id","message","lang","message_id"}` →
/// `text/event-stream` of `chunk`, `sources`, then `done` (or `error`) frames, each with an
/// `id:`. Resending the same `message_id` replays that turn (after `Last-Event-ID`, if sent)
/// and never starts a second one. A disabled bot gets the JSON `Service paused` answer.
/// While a person answers (or the visitor waits for one), the message is stored and the stream
/// is one `done` frame whose `meta.mode` says so.
/// A reconnect (`Last-Event-ID` with a known `message_id`, `0` to replay from the start) counts
/// as a read, not a message, against the client's rate limit.
/// Errors (JSON, before any stream): 400, 403 (`blocked`, `origin_not_allowed`), 404
/// `token_not_found`, 429 `rate_limited`.
pub async fn stream(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = StreamRequest::from_json(&body_bytes(&mut req).await?)?;
    let last_event_id = req
        .headers()
        .get("Last-Event-ID")?
        .and_then(|v| v.trim().parse::<u64>().ok());
    let resuming = last_event_id.is_some() && ask.message_id.is_some();
    let limit = if resuming {
        Limit::Read
    } else {
        Limit::Message
    };
    let config = gate::admit(&req, &ctx.env, &ask.token, limit).await?;
    if !config.enabled {
        return json(&PausedResponse::new());
    }
    blocks::refuse_blocked(&ctx.env, &ask.token, ask.visitor_id.as_ref()).await?;
    let mut turn = TurnRequest {
        lang: ask.lang.as_deref().and_then(Lang::from_tag),
        last_event_id,
        resume_only: resuming,
        visitor_id: ask.visitor_id,
        ..TurnRequest::new(
            ask.token,
            match ask.chat_id {
                Some(id) => id,
                None => random::chat_id()?,
            },
            match ask.message_id {
                Some(id) => id,
                None => random::message_id()?,
            },
            ask.message,
            config,
        )
    };
    match turns::start(&ctx.env, &turn).await {
        // Nothing to resume: the first request never arrived. This one is a new message.
        Err(e) if resuming && e.code == ErrorCode::NotFound => {
            ratelimit::check(&req, &ctx.env, Limit::Message, &turn.token).await?;
            turn.resume_only = false;
            turns::start(&ctx.env, &turn).await
        }
        started => started,
    }
}

/// `GET /api/v1/chat/history?site_key=&session_id=` → `{"success":true,"messages":[{"id",
/// "role","content","created_at",…}]}`, oldest first; an unknown session has none.
/// Errors: 400 `invalid_chat_id`, 404 `token_not_found`.
pub async fn history(req: Request, ctx: Ctx) -> ApiResult {
    let (token, chat_id) = query_session(&req)?;
    gate::admit(&req, &ctx.env, &token, Limit::Read).await?;
    let history = crate::objects::conversation::History;
    let body: HistoryResponse =
        crate::objects::conversation::ask(&ctx.env, &token, &chat_id, history).await?;
    super::visitor::fresh(&body)
}
