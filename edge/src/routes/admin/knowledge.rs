//! Admin: a bot's knowledge documents — add (or replace by URL), list with chunk counts,
//! delete. Text, Markdown and HTML are accepted; the Bot object chunks and indexes them.

use super::{known_bot, relay};
use crate::clock::now_ms;
use crate::error::ApiResult;
use crate::objects::bot::AddDocument;
use crate::respond::body_json_within;
use crate::routes::Ctx;
use porthole_shared::admin::{ADMIN_BODY_MAX_BYTES, DocumentInput};
use worker::{Method, Request};

/// `GET /api/admin/bots/{token}/documents` → `{"success":true,"documents":[…]}`. Errors: 401, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let token = known_bot(&req, &ctx).await?;
    relay::<()>(&ctx, &token, Method::Get, "/documents", None, 200).await
}

/// `POST /api/admin/bots/{token}/documents {"title","url"?,"text","format"?}` → 201 with the
/// stored document (`replaced` tells whether one with the same URL was replaced).
/// Errors: 400 (bad body, too many documents), 401, 404, 413 (document or knowledge base too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let token = known_bot(&req, &ctx).await?;
    let document: DocumentInput = body_json_within(&mut req, ADMIN_BODY_MAX_BYTES).await?;
    let ask = AddDocument {
        document,
        now: now_ms(),
    };
    relay(&ctx, &token, Method::Post, "/documents", Some(&ask), 201).await
}

/// `DELETE /api/admin/bots/{token}/documents/{id}` → `{"success":true}`. Errors: 401, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let token = known_bot(&req, &ctx).await?;
    let id: String = ctx
        .param("id")
        .map(|id| id.chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default();
    relay::<()>(
        &ctx,
        &token,
        Method::Delete,
        &format!("/documents/{id}"),
        None,
        200,
    )
    .await
}
