//! Admin: a bot's identity verification (signed-in visitors): read the settings, make or rotate
//! the secret (shown once), require a valid hash or not, turn it off. Owners only.

use super::{Access, bot_access};
use crate::routes::Ctx;
use crate::visitors::identity;
use crate::web::error::ApiResult;
use crate::web::respond::{body_json, json, json_with_status};
use porthole_shared::identity::{IdentityPatch, IdentitySecret, IdentitySettings};
use worker::Request;

/// `GET /api/admin/bots/{token}/identity` → `{"success":true,"enabled","required","created_at",
/// "hint"}` (never the secret). Errors: 401, 403, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    json(&identity::settings(&ctx.env, &token).await?)
}

/// `POST /api/admin/bots/{token}/identity/secret` → 201 the settings and `"secret"`, shown this
/// once; an earlier secret stops proving anyone at once. Errors: 401, 403, 404.
pub async fn rotate(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let (record, secret) = identity::rotate(&ctx.env, &token).await?;
    let made = IdentitySecret {
        settings: record.settings(),
        secret,
    };
    Ok(json_with_status(&made, 201))
}

/// `PATCH /api/admin/bots/{token}/identity {"required"}` → the settings. Errors: 400, 401, 403,
/// 404, 409 `conflict` (no secret yet).
pub async fn update(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let patch: IdentityPatch = body_json(&mut req).await?;
    json(
        &identity::require(&ctx.env, &token, patch.required)
            .await?
            .settings(),
    )
}

/// `DELETE /api/admin/bots/{token}/identity` → the settings, off: the secret is forgotten and
/// `identify` proves nobody (conversations verified before stay so). Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    identity::remove(&ctx.env, &token).await?;
    json(&IdentitySettings {
        success: true,
        ..IdentitySettings::default()
    })
}
