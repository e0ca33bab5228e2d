//! The edge's floor, for `make bench` only: `POST /__bench/floor {"token","chat_id"}` makes the
//! one call every new conversation's first message must make in this design, into the
//! Conversation object of a new chat, which answers at once (no statement of its own beyond
//! what its constructor runs, nothing to the hub). The benchmark reports each message figure as
//! a share of it (bench/README.md §3).
//!
//! Served only while the variable `BENCH_FLOOR` is `on` (the benchmark's `wrangler dev` sets
//! it; no deployment does): otherwise the path is an unknown route like any other. The route
//! table holds it as a fallback, which only a path no other route takes reaches.

use crate::objects::conversation::{self, Floor};
use crate::platform::bindings::{self, BENCH_FLOOR};
use crate::web::error::ApiResult;
use crate::web::respond::{body_json, json};
use porthole_shared::{ChatId, WidgetToken};
use serde::Deserialize;
use worker::{Env, Method, Request, Response};

/// Answers `POST /__bench/floor` when it is on; a 404 as for any unknown path otherwise.
pub async fn serve(req: Request, env: &Env) -> worker::Result<Response> {
    if req.method() != Method::Post || bindings::var(env, BENCH_FLOOR).as_deref() != Some("on") {
        return Response::error("Not Found", 404);
    }
    Ok(super::finish(call(req, env).await))
}

#[derive(Deserialize)]
struct Ask {
    token: WidgetToken,
    chat_id: ChatId,
}

async fn call(mut req: Request, env: &Env) -> ApiResult<Response> {
    let ask: Ask = body_json(&mut req).await?;
    let answer = conversation::ask(env, &ask.token, &ask.chat_id, Floor).await?;
    json(&answer)
}
