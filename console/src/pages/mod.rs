//! The console's pages.

pub mod accept;
pub mod bot;
pub mod bots;
pub mod inbox;
pub mod login;
pub mod operators;
pub mod profile;
pub mod replies;
pub mod setup;
