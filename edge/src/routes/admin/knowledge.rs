//! Admin: a bot's knowledge documents — add (or replace by URL), list with chunk counts,
//! delete. Text, Markdown and HTML are accepted; the Bot object chunks and indexes them. A change
//! is answered from at once in this isolate (its snapshot is forgotten, `crate::snapshots`).

use super::{Access, bot_access, relay};
use crate::clock::now_ms;
use crate::error::ApiResult;
use crate::objects::bot::AddDocument;
use crate::respond::body_json_within;
use crate::routes::Ctx;
use porthole_shared::admin::{
    ADMIN_BODY_MAX_BYTES, DocumentAdded, DocumentInput, DocumentList, parse_document_id,
};
use porthole_shared::api::Ack;
use worker::{Method, Request};

/// `GET /api/admin/bots/{token}/documents` → `{"success":true,"documents":[…]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    relay::<(), DocumentList>(&ctx, &token, Method::Get, "/documents", None, 200).await
}

/// `POST /api/admin/bots/{token}/documents {"title","url"?,"text","format"?}` → 201 with the
/// stored document (`replaced` tells whether one with the same URL was replaced).
/// Errors: 400 (bad body, too many documents), 401, 403, 404, 413 (document or knowledge base too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let document: DocumentInput = body_json_within(&mut req, ADMIN_BODY_MAX_BYTES).await?;
    let ask = AddDocument {
        document,
        now: now_ms(),
    };
    let added =
        relay::<_, DocumentAdded>(&ctx, &token, Method::Post, "/documents", Some(&ask), 201).await;
    crate::snapshots::forget(&token);
    added
}

/// `DELETE /api/admin/bots/{token}/documents/{id}` → `{"success":true}`. Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    // The whole id must be a number: `1x2`, `+12` and `012` are no document (not document 12).
    let id = ctx
        .param("id")
        .and_then(|id| parse_document_id(id))
        .ok_or_else(|| crate::error::ApiError::not_found("document"))?;
    let deleted = relay::<(), Ack>(
        &ctx,
        &token,
        Method::Delete,
        &format!("/documents/{id}"),
        None,
        200,
    )
    .await;
    crate::snapshots::forget(&token);
    deleted
}
