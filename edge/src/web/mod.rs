//! The HTTP side every route shares: errors as JSON, responses and bounded request bodies,
//! CORS, the rate limits, and the gate of the endpoints a widget token opens.

pub mod cors;
pub mod error;
pub mod gate;
pub mod ratelimit;
pub mod respond;
