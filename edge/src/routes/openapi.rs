//! `GET /api/openapi.json`: the OpenAPI 3.1 description of every endpoint. The document is
//! written by hand (`edge/openapi.json`) and `tests/api/openapi.rs` walks it against the running
//! service, so it cannot drift from what the routes answer.

use super::Ctx;
use crate::web::error::ApiResult;
use worker::{Headers, Request, Response};

/// The document, minified by `build.rs` from `edge/openapi.json`.
const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.min.json"));

/// `GET /api/openapi.json` → 200 `application/json`, the document (cacheable for five minutes).
/// Errors: none beyond the router's.
pub async fn document(_req: Request, _ctx: Ctx) -> ApiResult {
    let headers = Headers::new();
    headers.set("Content-Type", "application/json; charset=utf-8")?;
    headers.set("Cache-Control", "public, max-age=300")?;
    Ok(Response::builder()
        .with_headers(headers)
        .fixed(DOCUMENT.as_bytes().to_vec()))
}
