//! Response bodies of the public endpoints (seed 000 and seed 003) and the stored message
//! shape the history endpoints return.

use crate::config::{PublicConfig, WebChat};
use crate::message::{Author, ChatMessage, Mode, Source};
use serde::{Deserialize, Serialize};

/// `GET /api/widget/config` → `{"success":true,"config":{…},"web_chat":{…}}`: `config` is
/// seed 000's object field for field; `web_chat` adds seed 004's appearance settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigResponse {
    /// Always `true`.
    pub success: bool,
    /// The bot's public configuration (seed 000).
    pub config: PublicConfig,
    /// Theme, starters and display options (seed 004 names).
    pub web_chat: WebChat,
    /// Whether the widget offers "talk to a person".
    #[serde(default)]
    pub handoff: bool,
    /// When and how the widget asks for contact details.
    #[serde(default)]
    pub lead_capture: crate::config::LeadCapture,
    /// Someone who can answer has the dashboard open and is not away.
    #[serde(default)]
    pub available: bool,
    /// The visitor may have the conversation emailed (`POST /api/v1/chat/transcript`): the
    /// deployment sends email and the bot's `email_replies` is on.
    #[serde(default)]
    pub transcripts: bool,
    /// Business hours, when the bot keeps them (outside, the widget offers "leave a message").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<crate::hours::OpenHours>,
    /// The bot's public id (seed 002's `widgetId`), for tracked events.
    #[serde(default)]
    pub id: String,
}

/// `{"success":true}` (ping and other acknowledgements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    /// Always `true`.
    pub success: bool,
}

impl Ack {
    /// `{"success":true}`.
    pub const OK: Ack = Ack { success: true };
}

/// One item of `extra_replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraReply {
    /// Text of the extra reply.
    pub text: String,
}

/// `POST /api/widget/message` → the reply.
///
/// Beside the seed's `reply` and `extra_replies`, it carries `chat_id` (so a client that sent
/// none learns the one made for it) and `sources` (the knowledge the reply drew on).
/// `extra_replies` holds one `"Sources: …"` line when the reply has sources, for clients that
/// only render text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageResponse {
    /// Always `true`.
    pub success: bool,
    /// The reply text (Markdown).
    pub reply: String,
    /// Further messages to show after the reply.
    pub extra_replies: Vec<ExtraReply>,
    /// The conversation this exchange is stored in.
    pub chat_id: String,
    /// The sources the reply is grounded in.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `operator` when a person answers this conversation (the reply is then empty: the message
    /// waits for them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
}

/// `{"success":false,"reply":"Service paused"}`: the bot is disabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PausedResponse {
    /// Always `false`.
    pub success: bool,
    /// Always `"Service paused"`.
    pub reply: String,
}

impl PausedResponse {
    /// The seed's exact paused answer.
    pub fn new() -> Self {
        Self {
            success: false,
            reply: "Service paused".into(),
        }
    }
}

impl Default for PausedResponse {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /api/v1/chat/history` → `{"success":true,"messages":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryResponse {
    /// Always `true`.
    pub success: bool,
    /// The conversation, oldest first.
    pub messages: Vec<ChatMessage>,
}

/// `GET /api/v1/chat/operator-messages?site_key=&session_id=&after=` → the operator messages
/// after the cursor (a message id) and who answers now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorMessagesResponse {
    /// Always `true`.
    pub success: bool,
    /// Operator messages after the cursor, oldest first, each with its author.
    pub messages: Vec<ChatMessage>,
    /// `ai` or `operator`.
    pub mode: Mode,
    /// Whether the visitor asked for a person and is waiting for one.
    pub waiting: bool,
    /// Whether the visitor is blocked (so a poller needs no second request).
    pub blocked: bool,
    /// The person answering, while `mode` is `operator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Author>,
    /// An operator resolved the conversation (a good moment to ask for a rating).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
}

/// The longest a poll of `operator-messages` may wait for a change (`wait=`, seconds).
pub const LONG_POLL_MAX_SECS: u32 = 25;

impl OperatorMessagesResponse {
    /// A short fingerprint of everything but the messages (who answers, waiting, blocked,
    /// resolved): a poller passes the one of its last answer as `known=` with `wait=`, and the
    /// service answers at once when its own differs, else when something changes.
    pub fn state_key(&self) -> String {
        let name = self.operator.as_ref().map_or("", |a| a.name.as_str());
        let flags = [self.waiting, self.blocked, self.resolved].map(|f| if f { '1' } else { '0' });
        // FNV-1a (32 bits) over the fields: short and URL-safe.
        let mut hash: u32 = 0x811c_9dc5;
        for byte in self
            .mode
            .as_str()
            .bytes()
            .chain(flags.iter().map(|c| *c as u8))
            .chain(name.bytes())
        {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
        format!("{hash:08x}")
    }
}

/// `GET /api/v1/chat/block-status` → `{"success":true,"blocked":false}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockStatusResponse {
    /// Always `true`.
    pub success: bool,
    /// Whether the visitor may not send messages.
    pub blocked: bool,
}

/// `GET /api/v1/chat/pending-proactive` → messages queued for this session, each delivered once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProactiveResponse {
    /// Always `true`.
    pub success: bool,
    /// The messages, oldest first (now part of the conversation).
    pub messages: Vec<ChatMessage>,
}

/// `POST /api/v1/chat/handoff` → the visitor asked for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffResponse {
    /// Always `true`.
    pub success: bool,
    /// Who answers now.
    pub mode: Mode,
    /// Whether the visitor waits for a person.
    pub waiting: bool,
}

/// `{"success":true,"message":"Email saved"}` (and `"Contact saved"`), as seed 003 answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedResponse {
    /// Always `true`.
    pub success: bool,
    /// What was saved.
    pub message: String,
}

/// `POST /api/v1/chat/upload-image` → `{"success":true,"url":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResponse {
    /// Always `true`.
    pub success: bool,
    /// Where the image is served.
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Role;
    use crate::message::MessageStatus;

    #[test]
    fn the_state_key_changes_with_who_answers_and_not_with_the_messages() {
        let quiet = OperatorMessagesResponse {
            success: true,
            messages: Vec::new(),
            mode: Mode::Ai,
            waiting: false,
            blocked: false,
            operator: None,
            resolved: false,
        };
        let key = quiet.state_key();
        assert_eq!(key.len(), 8);
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
        let mut other = quiet.clone();
        other.messages.push(ChatMessage {
            id: "7".into(),
            role: Role::Operator,
            content: "Hi".into(),
            created_at: 1,
            status: MessageStatus::Complete,
            sources: Vec::new(),
            turn_id: None,
            author: None,
            image: None,
            evaluation: None,
            vote: None,
        });
        assert_eq!(other.state_key(), key, "messages are not state");
        let changes: [fn(&mut OperatorMessagesResponse); 5] = [
            |r| r.mode = Mode::Operator,
            |r| r.waiting = true,
            |r| r.blocked = true,
            |r| r.resolved = true,
            |r| {
                r.operator = Some(Author {
                    name: "Jane".into(),
                    avatar: String::new(),
                })
            },
        ];
        for change in changes {
            let mut changed = quiet.clone();
            change(&mut changed);
            assert_ne!(changed.state_key(), key, "{changed:?}");
        }
    }
}
