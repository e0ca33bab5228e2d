//! Admin: a bot's knowledge documents — add (or replace by URL), list with chunk counts,
//! delete. Text, Markdown and HTML are accepted, and PDF and Word files (their text extracted
//! here, `crate::knowledge::files`); the Bot object chunks and indexes them. A change
//! is answered from at once in this isolate (its snapshot is forgotten, `crate::snapshots`).

use super::{Access, bot_access, relay};
use crate::clock::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::knowledge::files;
use crate::objects::bot::AddDocument;
use crate::respond::body_json_within;
use crate::routes::Ctx;
use porthole_shared::admin::{
    DOCUMENT_BODY_MAX_BYTES, DocumentAdded, DocumentInput, DocumentList, parse_document_id,
};
use porthole_shared::api::Ack;
use worker::{Method, Request};

/// `GET /api/admin/bots/{token}/documents` → `{"success":true,"documents":[…]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    relay::<(), DocumentList>(&ctx, &token, Method::Get, "/documents", None, 200).await
}

/// `POST /api/admin/bots/{token}/documents {"title","url"?,"text","format"?}` (or, for `pdf` and
/// `docx`, `"file"`: the file in base64 instead of `text`) → 201 with the stored document
/// (`replaced` tells whether one with the same URL was replaced). Errors: 400 (bad body, a file
/// that cannot be read as its format or has no text, too many documents), 401, 403, 404, 413
/// (file, document or knowledge base too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let mut document: DocumentInput = body_json_within(&mut req, DOCUMENT_BODY_MAX_BYTES).await?;
    // A PDF or Word file is read here, in the isolate: the Bot object gets its text.
    match (document.format.is_file(), document.file.take()) {
        (true, Some(file)) if document.text.is_empty() => {
            document.text = files::extract(document.format, &file)?;
        }
        (true, Some(_)) => {
            return Err(ApiError::invalid(
                "send a file's text or the file, not both",
            ));
        }
        (true, None) => {
            return Err(ApiError::invalid(
                "a pdf or docx document needs its file (base64)",
            ));
        }
        (false, Some(_)) => {
            return Err(ApiError::invalid(
                "file is only for the formats pdf and docx",
            ));
        }
        (false, None) => {}
    }
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
