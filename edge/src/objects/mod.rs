//! The Durable Objects: [`bot::Bot`] (one per bot: knowledge, retrieval, pings, usage),
//! [`conversation::Conversation`] (one per chat: messages, state, the turns that answer them),
//! [`hub::Hub`] (one per deployment: dashboard sockets, events, the inbox index) and
//! [`directory::Directory`] (one per deployment: operators). Each object's `protocol` module
//! holds everything it is asked, typed ([`rpc`]): `directory::ask`, `hub::ask`, `bot::ask`,
//! `conversation::ask` and `conversation::stream` are the only ways to call one.

pub mod bot;
pub mod conversation;
pub mod directory;
pub mod hub;
pub mod rpc;
mod sql;
