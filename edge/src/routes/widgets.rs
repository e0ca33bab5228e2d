//! Seed 002's widget-token API, under `/api/widgets/{widgetId}/…` with
//! `Authorization: Bearer <widget_token>`: `widgetId` is the bot's public id (a UUID), the token
//! its widget token. `track` counts widget events for the statistics.

use super::Ctx;
use crate::auth::bearer;
use crate::error::{ApiError, ApiResult};
use crate::respond::{body_bytes, json};
use crate::{bots, tracking};
use porthole_shared::api::Ack;
use porthole_shared::visitor::TrackRequest;
use porthole_shared::{BotConfig, BotId, ErrorCode, WidgetToken};
use worker::Request;

/// The bot of `widgetId`, when the bearer token is its widget token. Errors: 401 (missing or
/// wrong token), 404 (no widget has that id).
pub async fn widget(req: &Request, ctx: &Ctx) -> ApiResult<(WidgetToken, BotConfig)> {
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
    let config = bots::require(&ctx.env, &token)
        .await
        .map_err(|_| not_found())?;
    Ok((token, config))
}

/// `POST /api/widgets/{widgetId}/track {"sessionId","event","timestamp","metadata"}` →
/// `{"success":true}`; counted per bot, event and hour. Errors: 400 (missing `sessionId` or
/// `event`, a bad name, timestamp or metadata), 401, 404.
pub async fn track(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, _) = widget(&req, &ctx).await?;
    let event = TrackRequest::from_json(&body_bytes(&mut req).await?)?;
    tracking::record(&ctx.env, &ctx.data.ctx, &token, &event.event);
    json(&Ack::OK)
}
