//! Porthole's console: the web app where site owners set up their bots (appearance with a live
//! preview of the real widget, knowledge, AI, statistics, API keys, operators) and operators
//! answer visitors live (the inbox, over the tenant WebSocket). Leptos, client-side rendered,
//! served by the Worker at `/console`; it calls only the service's public dashboard and admin
//! endpoints, with the wire types of `porthole-shared`.

pub mod api;
pub mod app;
pub mod bots;
pub mod components;
pub mod format;
pub mod latest;
pub mod live;
pub mod notify;
pub mod pages;
pub mod session;
pub mod theme;
pub mod validate;

use wasm_bindgen::prelude::*;

/// Starts the console in the page's `<body>`; a panic says what and where in the browser's
/// console (not only "unreachable").
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
