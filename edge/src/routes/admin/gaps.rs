//! Admin: what a bot could not answer — the questions that got its fallback and the replies
//! visitors voted down, grouped by what they ask, most recently asked first (the Bot object
//! keeps them, `crate::objects::bot`). Owners, and agents given the bot (they write the curated
//! answers that close them).

use super::{Access, bot_access, relay};
use crate::objects::bot::{self, DismissGap};
use crate::routes::Ctx;
use crate::web::error::ApiResult;
use crate::web::respond::body_json_within;
use worker::Request;

/// `GET /api/admin/bots/{token}/gaps` → `{"success":true,"gaps":[…]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    relay(&ctx, &token, bot::ListGaps, 200).await
}

/// `POST /api/admin/bots/{token}/gaps/dismiss {"key"}` → `{"success":true}`: the group leaves
/// the list (it comes back if asked again). Errors: 400, 401, 403, 404, 413.
pub async fn dismiss(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let dismiss: DismissGap = body_json_within(&mut req, 4 * 1024).await?;
    relay(&ctx, &token, dismiss, 200).await
}
