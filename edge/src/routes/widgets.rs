//! Seed 002's widget-token API, under `/api/widgets/{widgetId}/…` with
//! `Authorization: Bearer <widget_token>`: `widgetId` is the bot's public id (a UUID), the token
//! its widget token. `chat` is the same turn as every other channel, read to its end; `config`
//! the public look; `voice/start` gives the bot's phone number and records the request; `track`
//! counts widget events for the statistics. A `sessionId` without a `conversationId` always
//! continues the same conversation.

use super::Ctx;
use crate::auth::bearer;
use crate::objects::conversation::{CallCall, TurnRequest, VisitorRef};
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::{self, Limit};
use crate::web::respond::{body_bytes, json};
use crate::{
    bots, bots::avatar, bots::derived, platform::random, turns, visitors::tracking, web::gate,
};
use porthole_shared::api::Ack;
use porthole_shared::visitor::TrackRequest;
use porthole_shared::widgets::{
    Branding, ChatMetadata, VoiceStartRequest, VoiceStartResponse, WidgetChatRequest,
    WidgetChatResponse, WidgetConfig, WidgetConfigResponse, WidgetLook,
};
use porthole_shared::{BotConfig, BotId, ChatId, ErrorCode, Position, WidgetToken};
use worker::{Headers, Request, Response};

/// The bot of `widgetId`, when the bearer token is its widget token, counting the request
/// against `limit` (when given) and checking the page origin. Errors: 401 (missing or wrong
/// token), 403 `origin_not_allowed`, 404 (no widget has that id), 429.
pub async fn widget(
    req: &Request,
    ctx: &Ctx,
    limit: Option<Limit>,
) -> ApiResult<(WidgetToken, BotConfig)> {
    let not_found = || ApiError::new(ErrorCode::NotFound, "widget not found");
    let id = ctx
        .param("widgetId")
        .and_then(|raw| BotId::parse(raw).ok())
        .ok_or_else(not_found)?;
    let presented = bearer(req)
        .and_then(|t| WidgetToken::parse(&t).ok())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthorized,
                "send Authorization: Bearer <widget token>",
            )
        })?;
    let token = bots::by_id(&ctx.env, &id).await?.ok_or_else(not_found)?;
    if token != presented {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "this widget token does not open this widget",
        ));
    }
    if let Some(limit) = limit {
        ratelimit::check(req, &ctx.env, limit, &token).await?;
    }
    let config = bots::require(&ctx.env, &token)
        .await
        .map_err(|_| not_found())?;
    gate::check_origin(req, &config)?;
    Ok((token, config))
}

/// `POST /api/widgets/{widgetId}/track {"sessionId","event","timestamp","metadata"}` →
/// `{"success":true}`; counted per bot, event and hour. No rate limit (the seed: "Event
/// tracking: No rate limits"): sums are kept per isolate, and the names an hour keeps are
/// bounded ([`tracking`]). Errors: 400 (missing `sessionId` or `event`, a bad name, timestamp
/// or metadata), 401, 404.
pub async fn track(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, _) = widget(&req, &ctx, None).await?;
    let event = TrackRequest::from_json(&body_bytes(&mut req).await?)?;
    tracking::record(&ctx.env, &ctx.data.ctx, &token, &event.event);
    json(&Ack::OK)
}

/// An `assistantId` the client sent must name this bot: its assistant id (`asst-…`, or the
/// one its owner set) or its public id. The assistant id the answer names: the one sent, or
/// the bot's. Errors: 400 (the seed's "no assistant configured").
fn check_assistant(
    named: Option<&str>,
    token: &WidgetToken,
    config: &BotConfig,
) -> ApiResult<String> {
    let assistant = bots::assistant_id(token, config);
    let id = bots::bot_id(token).to_string();
    match named {
        Some(other) if other != assistant && other != id => Err(ApiError::invalid(format!(
            "no assistant configured as {other:?} for this widget (its assistant is {assistant})"
        ))),
        Some(other) => Ok(other.to_owned()),
        None => Ok(assistant),
    }
}

/// The conversation of a request: `conversationId` when given (one Porthole answered with, or
/// one of the integrator's own making, like the seed's `conv-456`), else the session's own.
fn conversation_of(token: &WidgetToken, session: &str, named: Option<&str>) -> ApiResult<ChatId> {
    match named {
        Some(raw) => ChatId::parse(raw)
            .ok()
            .or_else(|| derived::chat_of_conversation(token, raw))
            .ok_or_else(|| {
                ApiError::invalid(
                    "conversationId must be 1 to 64 characters of A-Z, a-z, 0-9, _, -, . or :",
                )
            }),
        None => Ok(derived::chat_of_session(token, session)),
    }
}

/// `POST /api/widgets/{widgetId}/chat {"sessionId","message","assistantId"?,"conversationId"?}`
/// → `{"success":true,"conversationId","message","metadata":{"model","tokens"}}`, with the
/// `conversationId` the client sent (else one to send back). While a person answers the
/// conversation, `message` is empty and `model` is `person`. Errors: 400 (missing `sessionId`
/// or `message`, an assistant that is not this bot's, a paused bot), 401, 404, 429 (over 20
/// messages a minute), 500.
pub async fn chat(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, config) = widget(&req, &ctx, None).await?;
    let ask = WidgetChatRequest::from_json(&body_bytes(&mut req).await?)?;
    check_assistant(ask.assistant_id.as_deref(), &token, &config)?;
    if !config.enabled {
        return Err(ApiError::invalid(
            "no assistant is configured: the bot is paused",
        ));
    }
    ratelimit::check(&req, &ctx.env, Limit::Message, &token).await?;
    let chat_id = conversation_of(&token, &ask.session_id, ask.conversation_id.as_deref())?;
    let turn = TurnRequest::new(
        token,
        chat_id.clone(),
        random::message_id()?,
        ask.message,
        config,
    );
    let reply = turns::whole(&ctx.env, turn).await?;
    let model = match reply.mode {
        Some(_) => "person".to_owned(),
        None => reply.model.unwrap_or_default(),
    };
    json(&WidgetChatResponse {
        success: true,
        // The integrator's own id when it gave one (it keeps naming this conversation).
        conversation_id: ask
            .conversation_id
            .unwrap_or_else(|| chat_id.as_str().to_owned()),
        message: reply.text,
        metadata: ChatMetadata {
            model,
            tokens: reply.tokens.unwrap_or(0),
        },
    })
}

/// `GET /api/widgets/{widgetId}/config` → `{"success":true,"config":{"name","assistantId",
/// "widget":{"primaryColor","position"},"branding":{"logo"}}}`; `logo` is the logo, else the
/// avatar, else the generated avatar. Errors: 401, 404.
pub async fn config(req: Request, ctx: Ctx) -> ApiResult {
    let (token, config) = widget(&req, &ctx, Some(Limit::Read)).await?;
    let position = match config.position {
        Position::Br => "bottom-right",
        Position::Bl => "bottom-left",
        Position::Tr => "top-right",
        Position::Tl => "top-left",
    };
    let logo = [config.logo.as_str(), config.avatar_url.as_str()]
        .into_iter()
        .find(|u| !u.is_empty())
        .map_or_else(
            || avatar::url(&req, bots::bot_id(&token).as_ref()),
            |u| Ok(u.to_owned()),
        )?;
    json(&WidgetConfigResponse {
        success: true,
        config: WidgetConfig {
            name: config.bot_name.as_str().to_owned(),
            assistant_id: bots::assistant_id(&token, &config),
            widget: WidgetLook {
                primary_color: config.primary_color.as_str().to_owned(),
                position: position.into(),
            },
            branding: Branding { logo },
        },
    })
}

/// `GET /api/widgets/{widgetId}/avatar.svg` → the bot's generated avatar (its initial on its
/// color, [`avatar`]), with no token: an image URL is shown by pages and apps that hold none,
/// and it tells nothing the widget does not show. Errors: 404, 429.
pub async fn avatar(req: Request, ctx: Ctx) -> ApiResult {
    let not_found = || ApiError::new(ErrorCode::NotFound, "widget not found");
    let id = ctx
        .param("widgetId")
        .and_then(|raw| BotId::parse(raw).ok())
        .ok_or_else(not_found)?;
    let token = bots::by_id(&ctx.env, &id).await?.ok_or_else(not_found)?;
    ratelimit::check(&req, &ctx.env, Limit::Read, &token).await?;
    let config = bots::require(&ctx.env, &token)
        .await
        .map_err(|_| not_found())?;
    let svg = avatar::svg(config.bot_name.as_str(), config.primary_color.as_str());
    let headers = Headers::new();
    headers.set("Content-Type", "image/svg+xml; charset=utf-8")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Cache-Control", "public, max-age=300")?;
    headers.set("Content-Security-Policy", "default-src 'none'; sandbox")?;
    headers.set("Cross-Origin-Resource-Policy", "cross-origin")?;
    Ok(Response::ok(svg)?.with_headers(headers))
}

/// `POST /api/widgets/{widgetId}/voice/start {"sessionId","assistantId"?,"conversationId"?}` →
/// `{"success":true,"conversationId","assistantId","phoneNumber"}`; the request is recorded in
/// the conversation. Errors: 400, 401, 403 (blocked), 404 (unknown widget, or a bot with no
/// phone number).
pub async fn voice_start(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, config) = widget(&req, &ctx, Some(Limit::Write)).await?;
    let ask = VoiceStartRequest::from_json(&body_bytes(&mut req).await?)?;
    let assistant_id = check_assistant(ask.assistant_id.as_deref(), &token, &config)?;
    let phone_number = config.phone_number.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            "this widget has no phone number to call",
        )
    })?;
    let chat_id = conversation_of(&token, &ask.session_id, ask.conversation_id.as_deref())?;
    let call = CallCall {
        who: VisitorRef {
            token: token.clone(),
            chat_id: chat_id.clone(),
            visitor_id: None,
        },
        phone_number: phone_number.clone(),
    };
    crate::objects::conversation::ask(&ctx.env, &token, &chat_id, call).await?;
    json(&VoiceStartResponse {
        success: true,
        conversation_id: ask
            .conversation_id
            .unwrap_or_else(|| chat_id.as_str().to_owned()),
        assistant_id,
        phone_number,
    })
}
