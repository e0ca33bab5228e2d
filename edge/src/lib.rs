//! Porthole's edge service: one Cloudflare Worker. This file is only the fetch entry (and the
//! cron and email ones). A request goes one way down the layout:
//!
//! - [`routes`]: one module per endpoint family, and the route table;
//! - the features the routes call: [`turns`] (a visitor's message to its conversation),
//!   [`bots`] (configs, keys, usage, statistics), [`visitors`] (blocks, contacts, images,
//!   identity, pings, tracked events), [`people`] (presence, alerts, email, the digest), [`auth`];
//! - [`objects`]: the four Durable Objects, each with its `protocol.rs` (everything it is
//!   asked, typed, and the one way to ask it). They never import [`routes`] or [`turns`]; of the
//!   features, only what an object runs itself: the hub checks a socket's session ([`auth`])
//!   and sends alerts and keeps presence ([`people`]), the bot reads its config ([`bots`]);
//! - [`ai`] and [`knowledge`] (retrieval, composing, chunking: no runtime, covered natively by
//!   `cargo test`);
//! - under all of them, [`web`] (errors, responses, CORS, rate limits) and [`platform`] (the
//!   bindings' names, the clock, randomness, time zones).

pub mod ai;
pub mod auth;
pub mod bots;
pub mod knowledge;
pub mod objects;
pub mod people;
pub mod platform;
pub mod routes;
pub mod turns;
pub mod visitors;
pub mod web;

use std::rc::Rc;
use worker::{Context, Env, Request, Response, event};

thread_local! {
    /// The route table, built at the isolate's first request and kept for the others.
    static ROUTES: Rc<routes::Table> = Rc::new(routes::table());
}

/// Every request: route it; no error or panic text ever reaches the client.
#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    if let Some(refusal) = routes::refuse_unknown_method(&req) {
        return Ok(refusal);
    }
    let table = ROUTES.with(Rc::clone);
    let response = match table.run(req, env, routes::AppData { ctx }).await {
        Ok(response) => routes::normalize(response),
        Err(e) => routes::finish(Err(web::error::ApiError::internal(e))),
    };
    Ok(response)
}

/// The cron trigger: the owners' daily digest ([`digest::run`]).
#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(e) = people::digest::run(&env, platform::clock::now_ms()).await {
        worker::console_error!("digest: {}", e.message);
    }
}

/// Mail that Email Routing sends to the Worker: a visitor's answer to an operator's emailed
/// reply ([`mail::receive`]). A failure bounces with a short reason, never an internal one.
#[event(email)]
async fn email(
    message: worker::ForwardableEmailMessage,
    env: Env,
    _ctx: Context,
) -> worker::Result<()> {
    if let Err(e) = people::mail::receive(&message, &env).await {
        worker::console_error!("inbound email: {}", e.message);
        message
            .set_reject("the conversation could not take this reply now; please try again later");
    }
    Ok(())
}
