//! The edge's floor, for `make bench` only: `POST /__bench/floor {"token","chat_id"}` makes the
//! one call every new conversation's first message must make in this design, into the
//! Conversation object of a new chat, which answers at once (no statement of its own beyond
//! what its constructor runs, nothing to the hub). The benchmark reports each message figure as
//! a share of it (bench/README.md §3).
//!
//! Served only while the variable `BENCH_FLOOR` is `on` (the benchmark's `wrangler dev` sets
//! it; no deployment does): otherwise the path is an unknown route like any other.

use crate::objects::conversation::{self, Floor};
use crate::platform::bindings::{self, BENCH_FLOOR};
use crate::web::error::ApiResult;
use crate::web::respond::{body_json, json};
use porthole_shared::{ChatId, WidgetToken};
use serde::Deserialize;
use worker::{Env, Method, Request, Response};

/// The floor route's path.
const PATH: &str = "/__bench/floor";

/// Answers the floor route when it is on and `req` asks for it; gives `req` back otherwise.
pub async fn serve(req: Request, env: &Env) -> Result<ApiResult<Response>, Request> {
    let asked = req.method() == Method::Post && req.path() == PATH;
    if !asked || bindings::var(env, BENCH_FLOOR).as_deref() != Some("on") {
        return Err(req);
    }
    Ok(call(req, env).await)
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
