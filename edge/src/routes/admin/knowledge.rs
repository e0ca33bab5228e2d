//! Admin: a bot's knowledge documents — add (or replace by URL), list with chunk counts, read
//! one with its text, replace one, delete. Text, Markdown and HTML are accepted, and PDF and Word files (their text extracted
//! here, `crate::knowledge::files`); the Bot object chunks and indexes them. A change
//! is answered from at once in this isolate (its snapshot is forgotten, `crate::objects::bot::snapshots`).

use super::{Access, bot_access, path_id, relay};
use crate::knowledge::files;
use crate::objects::bot::{self, AddDocument};
use crate::platform::clock::now_ms;
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::body_json_within;
use porthole_shared::admin::{DOCUMENT_BODY_MAX_BYTES, DocumentInput};
use worker::Request;

/// `GET /api/admin/bots/{token}/documents` → `{"success":true,"documents":[…]}`. Errors: 401, 403, 404.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    relay(&ctx, &token, bot::ListDocuments, 200).await
}

/// `POST /api/admin/bots/{token}/documents {"title","url"?,"text","format"?}` (or, for `pdf` and
/// `docx`, `"file"`: the file in base64 instead of `text`) → 201 with the stored document
/// (`replaced` tells whether one with the same URL was replaced). Errors: 400 (bad body, a file
/// that cannot be read as its format or has no text, too many documents), 401, 403, 404, 413
/// (file, document or knowledge base too large).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let mut document: DocumentInput = body_json_within(&mut req, DOCUMENT_BODY_MAX_BYTES).await?;
    read_file(&mut document, false)?;
    let ask = AddDocument {
        document,
        now: now_ms(),
        replace: None,
    };
    let added = relay(&ctx, &token, ask, 201).await;
    crate::objects::bot::snapshots::forget(&token);
    added
}

/// `GET /api/admin/bots/{token}/documents/{id}` → `{"success":true,"document":{…},"text"}`: the
/// text as the knowledge keeps it. Errors: 401, 403, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "document")?.to_string();
    relay(&ctx, &token, bot::ReadDocument { id }, 200).await
}

/// `PUT /api/admin/bots/{token}/documents/{id}` with a document (a PDF's or Word file's edited
/// text may come as `text` in its own format) → the document, re-chunked and indexed anew.
/// Errors: 400, 401, 403, 404, 409 (its new URL is another document's), 413.
pub async fn replace(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let mut document: DocumentInput = body_json_within(&mut req, DOCUMENT_BODY_MAX_BYTES).await?;
    read_file(&mut document, true)?;
    let id = path_id(&ctx, "document")?;
    let ask = AddDocument {
        document,
        now: now_ms(),
        replace: Some(id),
    };
    let replace = bot::ReplaceDocument {
        id: id.to_string(),
        document: ask,
    };
    let replaced = relay(&ctx, &token, replace, 200).await;
    crate::objects::bot::snapshots::forget(&token);
    replaced
}

/// Reads a PDF or Word file sent in base64 here, in the isolate (the Bot object gets its text);
/// `edited`: a file format may come as its text instead (a stored file's text, changed).
fn read_file(document: &mut DocumentInput, edited: bool) -> ApiResult<()> {
    match (document.format.is_file(), document.file.take()) {
        (true, Some(file)) if document.text.is_empty() => {
            document.text = files::extract(document.format, &file)?;
        }
        (true, Some(_)) => {
            return Err(ApiError::invalid(
                "send a file's text or the file, not both",
            ));
        }
        (true, None) if edited && !document.text.is_empty() => {}
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
    Ok(())
}

/// `DELETE /api/admin/bots/{token}/documents/{id}` → `{"success":true}`. Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    let id = path_id(&ctx, "document")?.to_string();
    let deleted = relay(&ctx, &token, bot::DeleteDocument { id }, 200).await;
    crate::objects::bot::snapshots::forget(&token);
    deleted
}
