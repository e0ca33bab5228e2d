//! Seed 003's visitor side of a live conversation: the widget polls `operator-messages` (new
//! operator replies and who answers now), `block-status` and `pending-proactive` (messages an
//! operator queued, each delivered once); it asks for a person with `handoff` and stops a reply
//! with `stop`. Each touches only the conversation's own object (and, for blocks, KV), never a
//! shared one, so thousands of open widgets can poll.

use super::{Ctx, after_cursor, query, query_session};
use crate::objects::conversation::{
    self, BlockStatus, HandoffCall, OperatorMessages, PendingProactive, StopRequest as StopCall,
    VisitorRef,
};
use crate::visitors::blocks;
use crate::web::error::{ApiError, ApiResult};
use crate::web::gate;
use crate::web::ratelimit::Limit;
use crate::web::respond::{body_bytes, json};
use porthole_shared::api::{
    BlockStatusResponse, HandoffResponse, LONG_POLL_MAX_SECS, OperatorMessagesResponse,
    ProactiveResponse,
};
use porthole_shared::request::visitor_id;
use porthole_shared::{ChatId, ErrorCode, HandoffRequest, StopRequest, VisitorId, WidgetToken};
use serde::Serialize;
use worker::{Request, Response};

/// The session of a poll: `site_key` (404 when unknown), `session_id` (400), `visitor_id` (400).
async fn session(req: &Request, ctx: &Ctx) -> ApiResult<(WidgetToken, ChatId, Option<VisitorId>)> {
    let (token, chat_id) = query_session(req)?;
    let visitor = visitor_id(query(req, "visitor_id")?.as_deref())?;
    gate::admit(req, &ctx.env, &token, Limit::Read).await?;
    Ok((token, chat_id, visitor))
}

/// A poll's answer: JSON that no cache keeps.
pub(super) fn fresh<T: Serialize>(body: &T) -> ApiResult {
    let response: Response = json(body)?;
    response.headers().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// `GET /api/v1/chat/operator-messages?site_key=&session_id=&after=&visitor_id=&wait=&known=`
/// → `{"success":true,"messages":[{"id","role":"operator","content","created_at","author":
/// {"name","avatar"}}],"mode":"ai"|"operator","waiting","blocked"}`: operator messages after
/// the message id `after`. A long poll: with `wait` (1–25 seconds) and `known` (the
/// `state_key` of the last answer), nothing new is answered only when the conversation changes
/// or `wait` runs out. Errors: 400 (`invalid_chat_id`, `invalid_field`), 403
/// `origin_not_allowed`, 404, 429.
pub async fn operator_messages(req: Request, ctx: Ctx) -> ApiResult {
    let (token, chat_id, visitor) = session(&req, &ctx).await?;
    let after = after_cursor(&req)?;
    let (wait, known) = long_poll(&req)?;
    let ask = OperatorMessages {
        after,
        wait,
        known: Some(known).filter(|k| !k.is_empty()),
    };
    let mut body: OperatorMessagesResponse =
        conversation::ask(&ctx.env, &token, &chat_id, ask).await?;
    body.blocked = body.blocked || blocks::is_blocked(&ctx.env, &token, visitor.as_ref()).await?;
    fresh(&body)
}

/// `?wait=` (0 when absent; at most [`LONG_POLL_MAX_SECS`]) and `?known=` (at most 16 letters
/// and digits; `""` when absent). 400 `invalid_field` otherwise.
fn long_poll(req: &Request) -> ApiResult<(u32, String)> {
    let wait = match query(req, "wait")?.filter(|w| !w.is_empty()) {
        None => 0,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|w| *w <= LONG_POLL_MAX_SECS)
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "wait must be a number of seconds up to {LONG_POLL_MAX_SECS}"
                ))
            })?,
    };
    let known = query(req, "known")?.unwrap_or_default();
    if known.len() > 16 || !known.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::invalid(
            "known must be the state_key of an earlier answer",
        ));
    }
    Ok((wait, known))
}

/// `GET /api/v1/chat/block-status?site_key=&session_id=&visitor_id=` →
/// `{"success":true,"blocked":false}`. Errors: 400, 404.
pub async fn block_status(req: Request, ctx: Ctx) -> ApiResult {
    let (token, chat_id, visitor) = session(&req, &ctx).await?;
    let mut body: BlockStatusResponse =
        conversation::ask(&ctx.env, &token, &chat_id, BlockStatus).await?;
    body.blocked = body.blocked || blocks::is_blocked(&ctx.env, &token, visitor.as_ref()).await?;
    fresh(&body)
}

/// `GET /api/v1/chat/pending-proactive?site_key=&session_id=` → `{"success":true,
/// "messages":[…]}`: each queued message once; it is part of the conversation from then on.
/// Errors: 400, 404.
pub async fn pending_proactive(req: Request, ctx: Ctx) -> ApiResult {
    let (token, chat_id, _) = session(&req, &ctx).await?;
    let body: ProactiveResponse =
        conversation::ask(&ctx.env, &token, &chat_id, PendingProactive).await?;
    fresh(&body)
}

/// `POST /api/v1/chat/handoff {"site_key","session_id","visitor_id"?,"cancel"?}` →
/// `{"success":true,"mode","waiting"}`: the visitor asks for a person (every operator who can
/// see the bot is told at once) or, with `cancel`, no longer waits. Errors: 400, 403 `blocked`,
/// 404, 409 `conflict` (the bot offers no person).
pub async fn handoff(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = HandoffRequest::from_json(&body_bytes(&mut req).await?)?;
    let s = &ask.session;
    let config = gate::admit(&req, &ctx.env, &s.token, Limit::Write).await?;
    if !ask.cancel && !config.handoff_available() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "this bot has nobody to take the conversation over",
        ));
    }
    blocks::refuse_blocked(&ctx.env, &s.token, s.visitor_id.as_ref()).await?;
    let call = HandoffCall {
        who: VisitorRef::of(s),
        waiting: !ask.cancel,
        idle_ms: config.operators.idle_return_minutes.as_ms(),
    };
    let body: HandoffResponse = conversation::ask(&ctx.env, &s.token, &s.chat_id, call).await?;
    json(&body)
}

/// `POST /api/v1/chat/stop {"site_key","session_id","message_id"?}` → `{"success":true,
/// "stopped"}`: the reply being written stops (nothing more is generated); what it said stays,
/// marked stopped. Errors: 400, 404.
pub async fn stop(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = StopRequest::from_json(&body_bytes(&mut req).await?)?;
    gate::admit(&req, &ctx.env, &ask.session.token, Limit::Write).await?;
    let call = StopCall {
        message_id: ask.message_id.map(|m| m.as_str().to_owned()),
    };
    let (token, chat) = (&ask.session.token, &ask.session.chat_id);
    let body = conversation::ask(&ctx.env, token, chat, call).await?;
    json(&body)
}
