//! Sharing a conversation (seed 004's `enableShareConversation`): the visitor asks for a link
//! (`POST /api/v1/chat/share`), and `/share/{id}` shows a read-only copy of the transcript. The
//! link's id is 128 random bits, kept in KV (`share:{id}`); the page is built from the
//! conversation each time it is opened.

use super::Ctx;
use crate::platform::bindings::CONFIG_KV;
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::Limit;
use crate::web::respond::{body_bytes, json};
use crate::{bots, platform::random, visitors::blocks, visitors::transcript, web::gate};
use porthole_shared::request::object;
use porthole_shared::{ChatId, ErrorCode, SessionRef, WidgetToken};
use serde::{Deserialize, Serialize};
use worker::{Headers, Request, Response};

/// What `share:{id}` holds.
#[derive(Serialize, Deserialize)]
struct Shared {
    token: WidgetToken,
    chat_id: ChatId,
}

/// `POST /api/v1/chat/share {"site_key","session_id"}` → `{"success":true,"url":"…"}`.
/// Errors: 400, 403 (`blocked`, or the bot does not allow sharing), 404.
pub async fn create(mut req: Request, ctx: Ctx) -> ApiResult {
    let body = object(&body_bytes(&mut req).await?)?;
    let session = SessionRef::from_body(&body)?;
    let config = gate::admit(&req, &ctx.env, &session.token, Limit::Write).await?;
    if !config.enable_share_conversation {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this bot does not allow sharing conversations",
        ));
    }
    blocks::refuse_blocked(&ctx.env, &session.token, session.visitor_id.as_ref()).await?;
    let id = random::hex_id("")?;
    let shared = Shared {
        token: session.token.clone(),
        chat_id: session.chat_id.clone(),
    };
    ctx.env
        .kv(CONFIG_KV)?
        .put(
            &format!("share:{id}"),
            serde_json::to_string(&shared).map_err(ApiError::internal)?,
        )?
        .execute()
        .await?;
    let origin = req.url()?.origin().ascii_serialization();
    #[derive(Serialize)]
    struct Link {
        success: bool,
        url: String,
    }
    json(&Link {
        success: true,
        url: format!("{origin}/share/{id}"),
    })
}

/// What an unknown or withdrawn link shows.
const NOT_SHARED: &str = "<!doctype html><meta charset=\"utf-8\"><title>Not shared</title>\
<p>This conversation is not shared (or no longer).</p>";

/// `GET /share/{id}` → the read-only transcript page (HTML), or a 404 page (HTML: a plain-text
/// 404 would be taken for an unknown route and answered with the API's JSON).
pub async fn page(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let not_found = || html(404, NOT_SHARED.to_owned());
    let id = ctx.param("id").cloned().unwrap_or_default();
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return not_found();
    }
    let stored = ctx
        .env
        .kv(CONFIG_KV)?
        .get(&format!("share:{id}"))
        .text()
        .await?;
    let Some(Shared { token, chat_id }) = stored.and_then(|s| serde_json::from_str(&s).ok()) else {
        return not_found();
    };
    let Ok(Some(config)) = bots::find(&ctx.env, &token).await else {
        return not_found();
    };
    let ask = crate::objects::conversation::History;
    let Ok(history) = crate::objects::conversation::ask(&ctx.env, &token, &chat_id, ask).await
    else {
        return not_found();
    };
    let origin = req.url()?.origin().ascii_serialization();
    let page = transcript::page(
        config.bot_name.as_str(),
        config.primary_color.as_str(),
        &history.messages,
        &format!("{origin}/api/v1/chat/images/{}/", token.as_str()),
    );
    html(200, page)
}

/// An HTML answer with `status`: never cached, never sniffed, no referrer, nothing loaded but
/// the service's own images.
fn html(status: u16, body: String) -> worker::Result<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Cache-Control", "no-store")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )?;
    Ok(Response::builder()
        .with_status(status)
        .with_headers(headers)
        .fixed(body.into_bytes()))
}
