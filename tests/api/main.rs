//! Integration tests against the real Workers runtime: one `wrangler dev` (workerd, local KV,
//! SQLite Durable Objects, rate limits) for the whole binary; every test makes its own bot
//! and its own chat ids, so tests never share state.

mod admin;
mod ai;
mod alerts;
mod answers;
mod channel;
mod config;
mod durability;
mod email;
mod embeddings;
mod extras;
mod files;
mod gaps;
mod hardening;
mod helpers;
mod history;
mod hours;
mod identity;
mod inbox;
mod knowledge;
mod languages;
mod message;
mod openapi;
mod operators;
mod ping;
mod presence;
mod replies;
mod routing;
mod search;
mod setup;
mod sites;
mod stream;
mod takeover;
mod tenant;
mod trial;
mod visitor;
mod webchat;
mod widgets;
