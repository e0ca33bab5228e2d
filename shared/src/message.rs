//! A conversation's message as every side sees it ([`ChatMessage`]): who wrote it, how far it
//! got, the sources it drew on, the person behind an operator's; and who answers the visitor
//! now ([`Mode`]). The API, the inbox and the stream all speak of these; this module needs
//! none of them.

use crate::history::Role;
use serde::{Deserialize, Serialize};

/// Who answers the visitor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The bot's AI answers each visitor message.
    #[default]
    Ai,
    /// A person took over: visitor messages are stored and announced, the AI stays silent.
    Operator,
}

impl Mode {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Ai => "ai",
            Mode::Operator => "operator",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ai" => Some(Mode::Ai),
            "operator" => Some(Mode::Operator),
            _ => None,
        }
    }
}

/// The person behind an operator message, as the visitor sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// Avatar URL, or `""`.
    #[serde(default)]
    pub avatar: String,
}

/// A knowledge source a reply drew on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The document's title.
    pub title: String,
    /// The document's URL, or `""` when it has none.
    #[serde(default)]
    pub url: String,
}

/// A stored message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Stable id of the message within its conversation.
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// The text.
    pub content: String,
    /// When it was written, in milliseconds since the Unix epoch.
    pub created_at: i64,
    /// How far it got.
    #[serde(default)]
    pub status: MessageStatus,
    /// The sources of an assistant reply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The client's `message_id` of the turn this message belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_id: Option<String>,
    /// For operator messages: who wrote it (name and avatar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    /// An image the visitor sent (its URL on this service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The visitor's vote on this reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<crate::visitor::Vote>,
    /// The reply's automatic evaluation (when the bot's evaluation is on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<crate::webchat::Evaluation>,
}

/// How far a stored message got: `complete`, `streaming` (still being written), `stopped`
/// (the visitor stopped it), `cut` (the reply failed midway) or `failed` (before any text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    #[default]
    Complete,
    Streaming,
    Stopped,
    Cut,
    Failed,
}

named!(MessageStatus, fallback Complete, {
    Complete => "complete",
    Streaming => "streaming",
    Stopped => "stopped",
    Cut => "cut",
    Failed => "failed",
});
