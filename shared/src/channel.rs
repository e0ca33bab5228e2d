//! Seed 001, the API channel: an integrator's own chat UI or server talks to a bot with an API
//! key (`Authorization: Bearer <key>`). The wire types of `POST /api/v1/conversations`,
//! `POST /api/v1/conversation/{id}/messages`, `GET …/messages?after=`, and of the webhook that
//! delivers the bot's and operators' replies.

use crate::inbox::ContactData;
use crate::message::{Author, ChatMessage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `message`: `{"data":{"body":"…"},"type":"text"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelMessage {
    /// The text.
    pub data: MessageData,
    /// Always `text`.
    #[serde(rename = "type", default = "text")]
    pub kind: String,
}

fn text() -> String {
    "text".into()
}

/// `message.data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageData {
    /// What the visitor wrote.
    pub body: String,
}

/// `variables` (all optional): the visitor's system, contact details, conversation variables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variables {
    /// `timezone`, `referrerUrl`, `browserLanguage`, …
    #[serde(default)]
    pub system: BTreeMap<String, serde_json::Value>,
    /// `name`, `email`, `phone`.
    #[serde(default)]
    pub contact: ContactVariables,
    /// Free variables of the conversation.
    #[serde(default)]
    pub conversation: BTreeMap<String, serde_json::Value>,
}

/// `variables.contact`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactVariables {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// `from`: the visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct From {
    /// The integrator's id of the visitor (the same id is the same contact).
    pub user_external_id: String,
    /// Always `VISITOR`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// `POST /api/v1/conversations` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartConversation {
    /// `API`.
    #[serde(default)]
    pub channel: Option<String>,
    /// The first message.
    pub message: ChannelMessage,
    /// Optional variables.
    #[serde(default)]
    pub variables: Variables,
    /// The bot (its public id or widget token); must be the key's bot when given.
    #[serde(default)]
    pub bot_key: Option<String>,
    /// The visitor.
    pub from: From,
}

/// `POST /api/v1/conversation/{id}/messages` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// The visitor's message.
    pub message: ChannelMessage,
    /// `{"type":"VISITOR"}`.
    #[serde(default)]
    pub user: Option<serde_json::Value>,
}

/// `conversation.assignee`: who answers — the bot, or the operator who took over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelAssignee {
    /// The bot's id, or the operator's.
    pub id: String,
    /// Who it is (`bot`, or the operator's name).
    pub to: String,
}

/// The answer's `conversation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelConversation {
    /// The conversation's id.
    pub id: String,
    /// When it started: `2025-02-10 20:21:03.913000` (UTC).
    pub created_at: String,
    /// Who answers.
    pub assignee: ChannelAssignee,
}

/// The answer's `contact`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelContact {
    /// Name (`""` when not given: the seed shows a string).
    pub name: String,
    /// Email (`""` when not given).
    pub email: String,
    /// Phone (`""` when not given).
    pub phone: String,
    /// `{user_external_id}_{bot id}`.
    pub visitor_key: crate::VisitorKey,
}

/// `POST /api/v1/conversations` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationStarted {
    /// Always `true`.
    pub ok: bool,
    /// The conversation.
    pub conversation: ChannelConversation,
    /// The visitor's contact.
    pub contact: ChannelContact,
}

/// `POST /api/v1/conversation/{id}/messages` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageAccepted {
    /// Always `true`.
    pub ok: bool,
    /// The visitor message's id.
    pub message_id: String,
}

/// `GET /api/v1/conversation/{id}/messages?after=` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelMessages {
    /// Always `true`.
    pub ok: bool,
    /// Messages after the cursor, oldest first (replies once complete).
    pub messages: Vec<ChatMessage>,
    /// Who answers now: `ai` or `operator`.
    pub mode: crate::message::Mode,
}

/// A seed-001 refusal: `{"ok":false,"error":{"code","message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelError {
    /// Always `false`.
    pub ok: bool,
    /// What went wrong.
    pub error: crate::error::ErrorBody,
}

/// What a webhook receives for each reply of the bot or an operator in an API conversation.
/// The body is signed: `X-Porthole-Signature: sha256=<hex HMAC-SHA256 of the body>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPayload {
    /// `message.created`.
    pub event: String,
    /// The delivery's id (the same on every retry).
    pub delivery_id: String,
    /// When the message was written (ms).
    pub timestamp: i64,
    /// The bot's public id.
    pub bot_key: String,
    /// The conversation.
    pub conversation_id: String,
    /// The visitor (`{user_external_id}_{bot id}`), when known.
    pub visitor_key: Option<crate::VisitorKey>,
    /// The message: `role` is `assistant` (the bot) or `operator` (with `author`).
    pub message: WebhookMessage,
}

/// The message in a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookMessage {
    /// Its id.
    pub id: String,
    /// `assistant` or `operator`.
    pub role: crate::history::Role,
    /// The text (Markdown).
    pub content: String,
    /// When (ms).
    pub created_at: i64,
    /// The operator, for operator messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
}

impl ContactVariables {
    /// As contact data (blank fields left out).
    pub fn data(&self) -> ContactData {
        let keep = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        ContactData {
            email: keep(&self.email),
            phone: keep(&self.phone),
            name: keep(&self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_seeds_start_body_parses() {
        let body: StartConversation = serde_json::from_value(json!({
            "channel": "API",
            "message": {"data": {"body": "Hello"}, "type": "text"},
            "variables": {
                "system": {"timezone": "Asia/Calcutta", "referrerUrl": "https://chataibot.io", "browserLanguage": "en-GB"},
                "contact": {"name": "User Name", "email": "example@domain.com", "phone": "1234567890"},
                "conversation": {"variable": "value"}
            },
            "bot_key": "<bot_key>",
            "from": {"user_external_id": "visitor-1", "type": "VISITOR"}
        }))
        .unwrap();
        assert_eq!(body.message.data.body, "Hello");
        assert_eq!(body.from.user_external_id, "visitor-1");
        assert_eq!(
            body.variables.contact.data().email.as_deref(),
            Some("example@domain.com")
        );
    }

    #[test]
    fn variables_are_optional() {
        let body: StartConversation = serde_json::from_value(json!({
            "message": {"data": {"body": "Hi"}}, "from": {"user_external_id": "v"}
        }))
        .unwrap();
        assert!(body.variables.contact.data().is_empty());
    }
}
