//! Admin: websites imported into a bot's knowledge — add one (its import starts in the
//! background), list them with their crawl's progress, change the schedule, sync now, cancel,
//! list what a crawl did to each address, delete. The Bot object crawls
//! (`crate::objects::bot`); owners only, like the documents the pages become.

use super::{Access, bot_access, path_id, relay};
use crate::objects::bot::{self, AddSite};
use crate::platform::clock::now_ms;
use crate::routes::Ctx;
use crate::web::error::ApiResult;
use crate::web::respond::body_json_within;
use porthole_shared::sites::{SiteInput, SiteUpdate};
use worker::Request;

/// Most bytes of a body here.
const BODY_MAX_BYTES: usize = 8 * 1024;

/// `GET /api/admin/bots/{token}/sites` → `{"success":true,"sites":[…]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    relay(&ctx, &token, bot::ListSites, 200).await
}

/// `POST /api/admin/bots/{token}/sites {"url","prefix"?,"page_cap"?,"schedule"?}` → 201
/// `{"success":true,"site":{…}}`, its import started. Errors: 400 (not a web address, a bad
/// prefix or cap, too many sites), 401, 403, 404, 409 (imported already).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let site: SiteInput = body_json_within(&mut req, BODY_MAX_BYTES).await?;
    let ask = AddSite {
        site,
        now: now_ms(),
    };
    relay(&ctx, &token, ask, 201).await
}

/// `GET /api/admin/bots/{token}/sites/{id}` → `{"success":true,"site":{…}}`. Errors: 401, 403, 404.
pub async fn get(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "site")?.to_string();
    relay(&ctx, &token, bot::GetSite { id }, 200).await
}

/// `PATCH /api/admin/bots/{token}/sites/{id} {"schedule"?,"page_cap"?}` → the site. Errors: 400,
/// 401, 403, 404.
pub async fn update(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let update: SiteUpdate = body_json_within(&mut req, BODY_MAX_BYTES).await?;
    let id = path_id(&ctx, "site")?.to_string();
    relay(&ctx, &token, bot::UpdateSite { id, update }, 200).await
}

/// `DELETE /api/admin/bots/{token}/sites/{id}` → `{"success":true}`: the site's pages leave the
/// knowledge. Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "site")?.to_string();
    let deleted = relay(&ctx, &token, bot::DeleteSite { id }, 200).await;
    crate::objects::bot::snapshots::forget(&token);
    deleted
}

/// `POST /api/admin/bots/{token}/sites/{id}/sync` → 202 with the site, its sync started. Errors:
/// 401, 403, 404, 409 (a crawl of it is running).
pub async fn sync(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let sync = bot::SyncSite {
        id: path_id(&ctx, "site")?.to_string(),
        now: crate::platform::clock::now_ms(),
    };
    relay(&ctx, &token, sync, 202).await
}

/// `POST /api/admin/bots/{token}/sites/{id}/cancel` → the site, its crawl stopped (the pages
/// kept so far stay). Errors: 401, 403, 404.
pub async fn cancel(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "site")?.to_string();
    relay(&ctx, &token, bot::CancelSite { id }, 200).await
}

/// `GET /api/admin/bots/{token}/sites/{id}/pages` → `{"success":true,"pages":[…]}`: what the
/// last crawl did to each address, the skipped and changed first. Errors: 401, 403, 404.
pub async fn pages(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "site")?.to_string();
    relay(&ctx, &token, bot::SitePages { id }, 200).await
}
