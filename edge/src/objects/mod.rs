//! The Durable Objects: [`bot::Bot`] (one per bot: knowledge, pings, conversation index) and
//! [`conversation::Conversation`] (one per chat: messages and the turns that answer them),
//! with the internal requests the worker and the objects exchange ([`rpc`]).

pub mod bot;
pub mod conversation;
mod hub;
mod keepalive;
pub mod rpc;
mod sql;
mod turn;
