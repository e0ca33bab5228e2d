//! Porthole's shared vocabulary: every type that crosses the wire between the widget, the
//! edge worker and API clients, the limits of the public contract, the error codes, and the
//! SSE frame encoder / incremental decoder.
//!
//! No I/O lives here; the crate builds for native targets and for `wasm32-unknown-unknown`.
//! Input is parsed once into newtypes ([`WidgetToken`], [`ChatId`], [`MessageText`], …) whose
//! only constructor enforces the contract, so a handler holding one never re-checks it.

/// Serde for a text newtype (`Type(String)` with `parse(&str) -> Result<Self, E: Display>`):
/// written as its text, read through `parse`, so a bad value fails deserialization.
macro_rules! text_serde {
    ($ty:ident) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Gives an enum that is stored and sent by name (a status, a state) its one pair of
/// conversions: `as_str` (the name, as serde writes it too) and `parse` (a stored name; an
/// unknown one reads as `$fallback`).
macro_rules! named {
    ($ty:ident, fallback $fallback:ident, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// As stored and sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            /// From its stored form (an unknown one reads as the fallback).
            pub fn parse(raw: &str) -> Self {
                [$(Self::$variant),+]
                    .into_iter()
                    .find(|s| s.as_str() == raw)
                    .unwrap_or(Self::$fallback)
            }
        }
    };
}

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

#[cfg(test)]
mod named_tests {
    use crate::admin::DeliveryStatus;
    use crate::message::MessageStatus;
    use crate::sites::{PageState, SiteState};

    /// Each name is serde's own, and reads back as its variant.
    fn agrees<T: serde::Serialize + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
        name: fn(T) -> &'static str,
        parse: fn(&str) -> T,
    ) {
        for v in all {
            assert_eq!(serde_json::to_value(v).unwrap(), name(*v), "{v:?}");
            assert_eq!(parse(name(*v)), *v);
        }
    }

    #[test]
    fn a_stored_name_is_the_wire_name_and_reads_back() {
        use MessageStatus as M;
        let messages = [M::Complete, M::Streaming, M::Stopped, M::Cut, M::Failed];
        agrees(&messages, M::as_str, M::parse);
        let sites = [SiteState::Crawling, SiteState::Done, SiteState::Cancelled];
        agrees(&sites, SiteState::as_str, SiteState::parse);
        use PageState as P;
        agrees(
            &[P::Queued, P::Kept, P::Skipped, P::Read],
            P::as_str,
            P::parse,
        );
        use DeliveryStatus as D;
        agrees(&[D::Pending, D::Delivered, D::Failed], D::as_str, D::parse);
        assert_eq!(D::parse("lost"), D::Failed);
        assert_eq!(M::parse(""), M::Complete);
    }
}
