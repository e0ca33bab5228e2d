//! What visitors bring beyond their messages: blocks, contact details across conversations,
//! images, signed-in identity, shared transcripts, pings (coalesced) and tracked events.

pub mod blocks;
pub mod coalesce;
pub mod contacts;
pub mod identity;
pub mod images;
pub mod pings;
pub mod tracking;
pub mod transcript;
