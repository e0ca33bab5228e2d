//! CORS for the API: the public widget endpoints must work from any site, and the admin API
//! uses a bearer token (never cookies), so any origin may read an answer. An answer names the
//! caller's origin (`*` when it sent none); a bot that lists its sites refuses the others, and
//! its refusal names the bot's own site instead (see [`crate::web::gate`]).

use worker::{Headers, Request, Response};

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS: &str = "Content-Type, Authorization, Last-Event-ID";
const EXPOSE_HEADERS: &str = "Retry-After, Content-Type";

/// The answer to a preflight `OPTIONS` request.
pub fn preflight() -> Response {
    let headers = Headers::new();
    let _ = headers.set("Access-Control-Max-Age", "86400");
    let _ = headers.set("Access-Control-Allow-Methods", ALLOW_METHODS);
    let _ = headers.set("Access-Control-Allow-Headers", ALLOW_HEADERS);
    apply(
        Response::builder()
            .with_status(204)
            .with_headers(headers)
            .empty(),
        None,
    )
}

/// The `Origin` a request came with, if any.
pub fn origin(req: &Request) -> Option<String> {
    req.headers()
        .get("Origin")
        .ok()
        .flatten()
        .filter(|o| !o.is_empty() && o.len() <= 300)
}

/// Returns `response` with the CORS headers added, allowing `origin` (or `*`) unless the
/// response names its own. The response is rebuilt around the same body, because a response
/// that came from a Durable Object has immutable headers.
pub fn apply(response: Response, origin: Option<&str>) -> Response {
    let status = response.status_code();
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        let _ = headers.append(&name, &value);
    }
    if !headers.has("Access-Control-Allow-Origin").unwrap_or(false) {
        let _ = headers.set("Access-Control-Allow-Origin", origin.unwrap_or("*"));
    }
    let _ = headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    let _ = headers.append("Vary", "Origin");
    let (_, body) = response.into_parts();
    Response::builder()
        .with_status(status)
        .with_headers(headers)
        .body(body)
}
