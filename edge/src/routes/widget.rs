//! Seed 000, the widget API: `config`, `ping` and `message`, to the letter of the contract.

use super::{Ctx, query_token};
use crate::objects::conversation::TurnRequest;
use crate::web::error::ApiResult;
use crate::web::ratelimit::Limit;
use crate::web::respond::{body_bytes, json};
use crate::{bots, bots::derived, platform::random, turns, visitors::pings, web::gate};
use porthole_shared::api::{Ack, ConfigResponse, ExtraReply, MessageResponse, PausedResponse};
use porthole_shared::{MessageRequest, PingRequest, Source};
use worker::Request;

/// `GET /api/widget/config?token=` → 200 `{"success":true,"config":{…}}`.
/// Errors: 404 `token_not_found` (malformed or unknown token).
pub async fn config(req: Request, ctx: Ctx) -> ApiResult {
    let token = query_token(&req, "token")?;
    let config = bots::require(&ctx.env, &token).await?;
    gate::check_origin(&req, &config)?;
    let response = json(&ConfigResponse {
        success: true,
        config: config.public(),
        web_chat: config.web_chat(),
        handoff: config.handoff_available(),
        available: config.handoff_available()
            && crate::people::presence::covers(&ctx.env, token.as_str()).await,
        lead_capture: config.lead_capture.clone(),
        transcripts: config.email_replies && crate::people::mail::Mailer::of(&ctx.env).is_some(),
        hours: crate::platform::zone::open_hours(&config.hours, crate::platform::clock::now_ms()),
        id: bots::bot_id(&token).to_string(),
    })?;
    response.headers().set(
        "Cache-Control",
        "public, max-age=30, stale-while-revalidate=300",
    )?;
    Ok(response)
}

/// `POST /api/widget/ping {"token"}` → 200 `{"success":true}`; records `widget_last_seen_at`
/// and `widget_last_domain` (from `Origin`) in the Bot object, coalesced per isolate.
/// Errors: 400 `invalid_json`, 404 `token_not_found`, 429 `rate_limited` (over 30 a minute).
pub async fn ping(mut req: Request, ctx: Ctx) -> ApiResult {
    let ping = PingRequest::from_json(&body_bytes(&mut req).await?)?;
    gate::admit(&req, &ctx.env, &ping.token, Limit::Ping).await?;
    pings::record(
        &ctx.env,
        &ctx.data.ctx,
        &ping.token,
        pings::page_domain(&req),
    );
    json(&Ack::OK)
}

/// `POST /api/widget/message {"token","message","history","chat_id"?,"message_id"?}` → 200
/// `{"success":true,"reply","extra_replies","chat_id","sources"}`, or 200
/// `{"success":false,"reply":"Service paused"}` for a disabled bot. The turn is the same one
/// `/api/v1/chat/stream` runs, read to its end.
/// While a person answers the conversation, the message is stored for them and the answer is
/// `{"success":true,"reply":"","mode":"operator",…}`. A retry with the same `message_id` gets
/// the first request's reply; no second turn runs (or is billed).
/// Errors: 400 (`invalid_json`, `invalid_message`, `invalid_history`, `invalid_chat_id`,
/// `invalid_message_id`), 403 (`blocked`, `origin_not_allowed`), 404 `token_not_found`, 429
/// (`rate_limited` over 20 a minute, `quota_exceeded`), 500 `ai_error`.
pub async fn message(mut req: Request, ctx: Ctx) -> ApiResult {
    let message = MessageRequest::from_json(&body_bytes(&mut req).await?)?;
    let config = gate::admit(&req, &ctx.env, &message.token, Limit::Message).await?;
    if !config.enabled {
        return json(&PausedResponse::new());
    }
    let chat_id = match (message.chat_id, &message.message_id) {
        (Some(id), _) => id,
        (None, Some(turn)) => derived::chat_of_message(&message.token, turn.as_str()),
        (None, None) => random::chat_id()?,
    };
    let message_id = match message.message_id {
        Some(id) => id,
        None => random::message_id()?,
    };
    let turn = TurnRequest {
        client_history: message.history.items().to_vec(),
        ..TurnRequest::new(
            message.token,
            chat_id.clone(),
            message_id,
            message.message,
            config,
        )
    };
    let reply = turns::whole(&ctx.env, turn).await?;
    json(&MessageResponse {
        success: true,
        reply: reply.text,
        extra_replies: sources_line(&reply.sources).into_iter().collect(),
        chat_id: chat_id.as_str().to_owned(),
        sources: reply.sources,
        mode: reply.mode,
    })
}

/// `"Sources: Title (url), …"` for clients that only render text.
fn sources_line(sources: &[Source]) -> Option<ExtraReply> {
    if sources.is_empty() {
        return None;
    }
    let list: Vec<String> = sources
        .iter()
        .map(|s| {
            if s.url.is_empty() {
                s.title.clone()
            } else {
                format!("{} ({})", s.title, s.url)
            }
        })
        .collect();
    Some(ExtraReply {
        text: format!("Sources: {}", list.join(", ")),
    })
}
