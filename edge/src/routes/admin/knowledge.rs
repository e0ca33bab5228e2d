//! Admin: a bot's knowledge documents — add (or replace by URL), list with chunk counts,
//! delete. Text, Markdown and HTML are accepted; the Bot object chunks and indexes them.

use super::authorize;
use crate::bots;
use crate::clock::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::objects::bot::AddDocument;
use crate::objects::rpc;
use crate::respond::{body_json_within, json, json_with_status};
use crate::routes::{Ctx, path_token};
use porthole_shared::WidgetToken;
use porthole_shared::admin::{ADMIN_BODY_MAX_BYTES, DocumentInput};
use worker::{Method, Request};

/// `GET /api/admin/bots/{token}/documents` → `{"success":true,"documents":[…]}`. Errors: 401, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    authorize(&req, &ctx.env)?;
    let token = known_bot(&ctx).await?;
    let body: serde_json::Value = rpc::call::<(), _>(
        &rpc::bot(&ctx.env, &token)?,
        Method::Get,
        "/documents",
        None,
    )
    .await?;
    json(&body)
}

/// `POST /api/admin/bots/{token}/documents {"title","url"?,"text","format"?}` → 201 with the
/// stored document (`replaced` tells whether one with the same URL was replaced).
/// Errors: 400 (bad body, too many documents), 401, 404, 413 (document or knowledge base too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    authorize(&req, &ctx.env)?;
    let token = known_bot(&ctx).await?;
    let document: DocumentInput = body_json_within(&mut req, ADMIN_BODY_MAX_BYTES).await?;
    let ask = AddDocument {
        document,
        now: now_ms(),
    };
    let body: serde_json::Value = rpc::call(
        &rpc::bot(&ctx.env, &token)?,
        Method::Post,
        "/documents",
        Some(&ask),
    )
    .await?;
    Ok(json_with_status(&body, 201))
}

/// `DELETE /api/admin/bots/{token}/documents/{id}` → `{"success":true}`. Errors: 401, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    authorize(&req, &ctx.env)?;
    let token = known_bot(&ctx).await?;
    let id = ctx.param("id").cloned().unwrap_or_default();
    let path = format!(
        "/documents/{}",
        id.chars().filter(char::is_ascii_digit).collect::<String>()
    );
    let body: serde_json::Value =
        rpc::call::<(), _>(&rpc::bot(&ctx.env, &token)?, Method::Delete, &path, None).await?;
    json(&body)
}

/// The `:token` of a bot that exists; 404 otherwise.
pub(super) async fn known_bot(ctx: &Ctx) -> ApiResult<WidgetToken> {
    let token = path_token(ctx)?;
    bots::read_fresh(&ctx.env, &token)
        .await?
        .ok_or_else(ApiError::unknown_token)?;
    Ok(token)
}
