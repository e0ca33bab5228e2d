//! Porthole's edge service: one Cloudflare Worker. This file is only the fetch entry; the
//! router lives in [`routes`], the Durable Objects in [`objects`], the responders in [`ai`],
//! and the logic that needs no runtime (retrieval, composing, chunking, coalescing) in
//! [`knowledge`] and [`coalesce`], which `cargo test` covers natively.

pub mod ai;
pub mod alerts;
pub mod apikeys;
pub mod auth;
pub mod avatar;
pub mod bindings;
pub mod blocks;
pub mod bots;
pub mod clock;
pub mod coalesce;
pub mod contacts;
pub mod cors;
pub mod derived;
pub mod digest;
pub mod error;
pub mod gate;
pub mod identity;
pub mod images;
pub mod knowledge;
pub mod mail;
pub mod numbers;
pub mod objects;
pub mod pings;
pub mod presence;
pub mod random;
pub mod ratelimit;
pub mod respond;
pub mod routes;
pub mod staffing;
pub mod statistics;
pub mod tracking;
pub mod transcript;
pub mod turns;
pub mod usage;
pub mod zone;

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
        Err(e) => routes::finish(Err(error::ApiError::internal(e))),
    };
    Ok(response)
}

/// The cron trigger: the owners' daily digest ([`digest::run`]).
#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(e) = digest::run(&env, clock::now_ms()).await {
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
    if let Err(e) = mail::receive(&message, &env).await {
        worker::console_error!("inbound email: {}", e.message);
        message
            .set_reject("the conversation could not take this reply now; please try again later");
    }
    Ok(())
}
