//! Porthole's shared vocabulary: every type that crosses the wire between the widget, the
//! edge worker and API clients, the limits of the public contract, the error codes, and the
//! SSE frame encoder / incremental decoder.
//!
//! No I/O lives here; the crate builds for native targets and for `wasm32-unknown-unknown`.
//! Input is parsed once into newtypes ([`WidgetToken`], [`ChatId`], [`MessageText`], …) whose
//! only constructor enforces the contract, so a handler holding one never re-checks it.

pub mod access;
pub mod admin;
pub mod ai;
pub mod answers;
pub mod api;
pub mod channel;
pub mod config;
pub mod error;
pub mod events;
pub mod fields;
pub mod gaps;
pub mod history;
pub mod hours;
pub mod identity;
pub mod ids;
pub mod inbox;
pub mod limits;
pub mod message;
pub mod operators;
pub mod palette;
pub mod replies;
pub mod request;
pub mod sites;
pub mod sse;
pub mod stream;
pub mod text;
pub mod visitor;
pub mod webchat;
pub mod widgets;

pub use config::{BotConfig, ConfigPatch, Position, PublicConfig, ThemeColors, ThemeMode, WebChat};
pub use error::{ErrorBody, ErrorCode, ErrorResponse};
pub use fields::HexColor;
pub use history::{History, HistoryItem, Role};
pub use ids::{BotId, ChatId, MessageId, VisitorId, VisitorKey, WidgetToken};
pub use message::Source;
pub use request::{
    HandoffRequest, MessageRequest, PingRequest, RequestError, SessionRef, StopRequest,
    StreamRequest,
};
pub use sse::{SseDecoder, SseEvent};
pub use stream::StreamEvent;
pub use text::MessageText;
