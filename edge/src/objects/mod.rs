//! The Durable Objects: [`bot::Bot`] (one per bot: knowledge, retrieval, pings, usage),
//! [`conversation::Conversation`] (one per chat: messages, state, the turns that answer them),
//! [`hub::Hub`] (one per deployment: dashboard sockets, events, the inbox index) and
//! [`directory::Directory`] (one per deployment: operators), with the internal requests the
//! worker and the objects exchange ([`rpc`]).

pub mod bot;
pub mod conversation;
pub mod directory;
pub mod hub;
pub mod rpc;
mod sql;
