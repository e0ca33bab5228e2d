//! The events of a streamed reply (seed 003), carried as the JSON `data:` of SSE frames:
//! `{"type":"chunk","content":"…"}`, `{"type":"sources",…}`,
//! `{"type":"done","meta":{"conversation_id":…}}` and `{"type":"error","code":"…","message":"…"}`.

use crate::message::{Mode, Source};
use serde::{Deserialize, Serialize};

/// What `done` says about the finished turn. Beyond seed 003's `conversation_id` and our
/// `chat_id`, the fields are present only when they say something.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoneMeta {
    /// The conversation's number, an integer as seed 003 shows it
    /// ([`crate::ChatId::number`]); every endpoint that reads a conversation id accepts it.
    #[serde(deserialize_with = "number_or_legacy")]
    pub conversation_id: u64,
    /// The conversation's chat id (`web_…`, `api_…`): what the widget keeps.
    #[serde(default)]
    pub chat_id: String,
    /// The visitor message this turn answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The stored reply's id (for feedback on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_id: Option<String>,
    /// Set when no AI reply runs: a person answers (`operator`), or the visitor waits for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// The visitor waits for a person (no AI reply).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waiting: bool,
    /// The reply was stopped before it was complete (what came is kept).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
    /// The bot had no answer in its knowledge and gave its fallback.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
    /// The model that answered (`extractive` for the offline responder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Tokens the turn used (LLM responders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<u64>,
}

/// A `conversation_id` as a number; a frame stored before it was one (the chat id, a string)
/// reads as 0.
fn number_or_legacy<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(u64),
        Text(serde::de::IgnoredAny),
    }
    Ok(match Either::deserialize(d)? {
        Either::Number(n) => n,
        Either::Text(_) => 0,
    })
}

/// One event of a streamed reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamEvent {
    /// The next piece of the reply text.
    Chunk {
        /// Text to append.
        content: String,
    },
    /// The sources the reply is grounded in.
    Sources {
        /// Sources, best first.
        sources: Vec<Source>,
    },
    /// The reply is complete.
    Done {
        /// Ids of the conversation and turn.
        meta: DoneMeta,
    },
    /// The turn failed after the stream started; what was streamed is kept, marked as cut.
    Error {
        /// Stable error code (see [`crate::ErrorCode`]).
        code: String,
        /// Human-readable explanation.
        message: String,
    },
}

impl StreamEvent {
    /// The event as the JSON carried in a frame's `data:`.
    pub fn to_json(&self) -> String {
        // Serializing these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a frame's `data:`.
    pub fn from_json(data: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(data)
    }

    /// Whether this event ends the stream.
    pub fn is_terminal(&self) -> bool {
        matches!(self, StreamEvent::Done { .. } | StreamEvent::Error { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_have_the_seed_003_shape() {
        assert_eq!(
            StreamEvent::Chunk {
                content: "Yes, ".into()
            }
            .to_json(),
            r#"{"type":"chunk","content":"Yes, "}"#
        );
        let done = StreamEvent::Done {
            meta: DoneMeta {
                conversation_id: 50,
                chat_id: "web_abcd1234".into(),
                ..DoneMeta::default()
            },
        };
        assert_eq!(
            done.to_json(),
            r#"{"type":"done","meta":{"conversation_id":50,"chat_id":"web_abcd1234"}}"#
        );
        assert!(done.is_terminal());
        // The seed's own frame reads, and so does one stored when the id was the chat's.
        let seed = StreamEvent::from_json(r#"{"type":"done","meta":{"conversation_id":50}}"#);
        assert!(matches!(seed, Ok(StreamEvent::Done { meta }) if meta.conversation_id == 50));
        let stored =
            StreamEvent::from_json(r#"{"type":"done","meta":{"conversation_id":"web_ab12cd34"}}"#);
        assert!(matches!(stored, Ok(StreamEvent::Done { meta }) if meta.conversation_id == 0));
    }

    #[test]
    fn events_round_trip() {
        let event = StreamEvent::Sources {
            sources: vec![Source {
                title: "Hours".into(),
                url: "https://x.test/hours".into(),
            }],
        };
        assert_eq!(StreamEvent::from_json(&event.to_json()).unwrap(), event);
    }
}
