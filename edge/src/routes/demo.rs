//! The demo host page (`/` and `/demo`): a plausible shop site that embeds the widget with the
//! demo bot, exactly as a site owner would, with CSS of its own that would leak into a
//! careless widget. Served only when `DEMO_BOT_TOKEN` is set (development); otherwise these
//! paths fall through to the static assets.

use super::Ctx;
use crate::platform::bindings::{self, DEMO_BOT_TOKEN};
use porthole_shared::WidgetToken;
use worker::{Headers, Request, Response};

const PAGE: &str = include_str!("demo_page.html");

/// `GET /` and `GET /demo` → the demo page (HTML), or the static asset at that path.
pub async fn page(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let token = bindings::var(&ctx.env, DEMO_BOT_TOKEN).and_then(|t| WidgetToken::parse(&t).ok());
    let Some(token) = token else {
        return ctx.env.assets("ASSETS")?.fetch_request(req).await;
    };
    // The token is 32 hex digits (parsed above), so it is safe to place in the markup.
    let html = PAGE.replace("{{DEMO_BOT_TOKEN}}", token.as_str());
    let headers = Headers::new();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Cache-Control", "no-cache")?;
    Ok(Response::builder()
        .with_headers(headers)
        .fixed(html.into_bytes()))
}
