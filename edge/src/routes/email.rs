//! `GET`/`POST /api/email/unsubscribe?t=`: the one-click unsubscribe of every email the service
//! sends a visitor (`List-Unsubscribe` and `List-Unsubscribe-Post`, RFC 8058). The link is the
//! only credential: it names the reply the email carried.

use super::Ctx;
use crate::web::error::{ApiError, ApiResult};
use worker::{Request, Response};

/// The page a person sees after clicking the link (no user text in it).
const DONE: &str = "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>Unsubscribed</title><p style=\"font:16px system-ui;margin:3rem auto;max-width:30rem\">You will get no more emails from this service. You can still write in the chat on the site.</p>";

/// Unsubscribes the address the email of `?t=` went to: 200 with a short page (a mail client's
/// one-click `POST` gets the same). Errors: 404 for an unknown or expired link.
pub async fn unsubscribe(req: Request, ctx: Ctx) -> ApiResult {
    let id = super::query(&req, "t")?.unwrap_or_default();
    if !crate::people::mail::unsubscribe(&ctx.env, &id).await? {
        return Err(ApiError::not_found("unsubscribe link"));
    }
    let response = Response::from_html(DONE)?;
    response.headers().set("Cache-Control", "no-store")?;
    Ok(response)
}
