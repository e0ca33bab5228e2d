//! The console's pages: the console is one page that routes in the browser, so any path under
//! `/console/` that is not one of its files (`/console/bots/…`, `/console/inbox/…`) answers the
//! page itself, from the static assets, with the console's security headers.

use super::Ctx;
use worker::{Request, Response};

/// The console's page: no inline script or style, nothing from elsewhere but images, and
/// never inside another site's frame.
pub const CONSOLE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' https: data:; connect-src 'self'; frame-src 'self'; \
frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// `GET /console/*` → the console's page (HTML); 404 for a missing file of its build.
pub async fn page(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let mut url = req.url()?;
    if url.path().starts_with("/console/pkg/") {
        return Response::error("Not found", 404);
    }
    url.set_path("/console/");
    url.set_query(None);
    let mut page = ctx
        .env
        .assets("ASSETS")?
        .fetch(url.to_string(), None)
        .await?;
    let status = page.status_code();
    let body = page.bytes().await?;
    let response = Response::builder().with_status(status).fixed(body);
    let headers = response.headers();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Cache-Control", "no-cache")?;
    headers.set("Content-Security-Policy", CONSOLE_CSP)?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Referrer-Policy", "same-origin")?;
    Ok(response)
}
