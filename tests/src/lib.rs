//! Test support shared by Porthole's integration suites: a real `wrangler dev` (workerd with
//! local KV, Durable Objects and rate limits) started once per test binary on a free loopback
//! port with a fresh state directory, and killed when the binary exits.

pub mod client;
pub mod embeddings;
pub mod fake_llm;
pub mod fuzz;
pub mod http;
pub mod office;
pub mod openapi;
pub mod server;
pub mod site;
pub mod sse;
pub mod tenant;
pub mod webhook;
