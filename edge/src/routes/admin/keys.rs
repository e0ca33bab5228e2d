//! Admin: a bot's API keys (seed 001's `Bearer`, seed 004's `Api-Key`) and its webhook (seed
//! 001's replies): make a key (shown once), list them, revoke one; read or set the webhook URL
//! and its signing secret; read the delivery log. Owners only.

use super::{Access, bot_access};
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json, json_with_status};
use crate::{bots, bots::apikeys, platform::random};
use porthole_shared::BotConfig;
use porthole_shared::admin::{ApiKeyList, NewApiKey, WebhookInput, WebhookSettings};
use porthole_shared::api::Ack;
use worker::Request;

/// `GET /api/admin/bots/{token}/keys` → `{"success":true,"keys":[{"id","name","prefix",
/// "created_at","last_used_at"}]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    json(&ApiKeyList {
        success: true,
        keys: apikeys::list(&ctx.env, &token).await?,
    })
}

/// `POST /api/admin/bots/{token}/keys {"name"}` → 201 `{"success":true,"key":"phk_…","id",…}`:
/// the key is shown this once. Errors: 400, 401, 403, 404.
pub async fn create(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let body: NewApiKey = body_json(&mut req).await?;
    let created = apikeys::create(&ctx.env, &token, body.name.as_str()).await?;
    Ok(json_with_status(&created, 201))
}

/// `DELETE /api/admin/bots/{token}/keys/{id}` → `{"success":true}`; the key stops working
/// within 30 seconds. Errors: 401, 403, 404.
pub async fn revoke(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = ctx
        .param("id")
        .filter(|id| id.starts_with("key_") && id.len() <= 40)
        .ok_or_else(|| ApiError::not_found("key"))?;
    apikeys::revoke(&ctx.env, &token, id).await?;
    json(&Ack::OK)
}

/// `GET /api/admin/bots/{token}/webhook` → `{"success":true,"url","secret"}`. Errors: 401,
/// 403, 404.
pub async fn webhook(req: Request, ctx: Ctx) -> ApiResult {
    let (_, _, config) = bot_access(&req, &ctx, Access::Manage).await?;
    json(&settings(&config))
}

/// `PUT /api/admin/bots/{token}/webhook {"url","rotate_secret"?}` → the settings; a signing
/// secret is made the first time (or when asked). Errors: 400, 401, 403, 404.
pub async fn set_webhook(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, mut config) = bot_access(&req, &ctx, Access::Manage).await?;
    let body: WebhookInput = body_json(&mut req).await?;
    config.webhook_url = body.url;
    if config.webhook_secret.is_empty() || body.rotate_secret {
        config.webhook_secret = random::hex_id("whsec_")?;
    }
    bots::save(&ctx.env, &token, &config).await?;
    json(&settings(&config))
}

/// `GET /api/admin/bots/{token}/webhook/deliveries` → `{"success":true,"deliveries":[…]}`,
/// newest first. Errors: 401, 403, 404.
pub async fn deliveries(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let log =
        crate::objects::hub::ask(&ctx.env, crate::objects::hub::Deliveries { bot: token }).await?;
    json(&log)
}

fn settings(config: &BotConfig) -> WebhookSettings {
    WebhookSettings {
        success: true,
        url: config.webhook_url.as_str().to_owned(),
        secret: config.webhook_secret.clone(),
    }
}
