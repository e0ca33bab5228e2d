//! The tenant WebSocket of seed 002 (`GET /api/ws/tenant`): what the dashboard sends (an
//! `auth` message within five seconds, then optionally `resume`), and the events it receives,
//! `{"type":"…","seq":N,"data":{…}}`. Every event carries a sequence number; a client that
//! reconnects sends the last one it saw and receives what it missed.

use crate::inbox::ConversationSummary;
use crate::message::ChatMessage;
use serde::{Deserialize, Serialize};

/// Seconds a new socket has to authenticate before it is closed with [`CLOSE_AUTH_TIMEOUT`].
pub const AUTH_TIMEOUT_SECS: u64 = 5;
/// Close code: no `auth` message arrived in time.
pub const CLOSE_AUTH_TIMEOUT: u16 = 4408;
/// Close code: the token was missing, malformed, wrong or expired.
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// Close code: a message that is not part of the protocol.
pub const CLOSE_PROTOCOL: u16 = 4400;

/// What a dashboard client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ClientMessage {
    /// Authenticate (first message, within five seconds; again later to renew the token).
    Auth {
        /// A dashboard JWT or the admin token.
        token: String,
        /// Replay the events after this sequence number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<u64>,
    },
    /// Replay the events after `since`.
    Resume {
        /// The last sequence number the client saw.
        since: u64,
    },
    /// Keep-alive; answered with `pong`.
    Ping,
}

/// A conversation event with what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationChange {
    /// The conversation as it is now.
    #[serde(flatten)]
    pub conversation: ConversationSummary,
    /// Which of `mode`, `waiting`, `read`, `blocked`, `rated`, `contact` changed.
    pub changed: Vec<String>,
}

/// A new message in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageNew {
    /// The conversation's id (chat id).
    pub conversation_id: String,
    /// The bot.
    pub bot: String,
    /// The message (a streamed bot reply once complete).
    pub message: ChatMessage,
    /// The conversation after it.
    pub conversation: ConversationSummary,
}

/// Delivery of a proactive message sent to many sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignProgress {
    /// The campaign's id.
    pub id: String,
    /// The bot.
    pub bot: String,
    /// Sessions to reach.
    pub total: u64,
    /// Queued so far.
    pub sent: u64,
    /// Could not be queued.
    pub failed: u64,
    /// Whether every session was tried.
    pub done: bool,
}

/// An event about a bot, as the hub stores and sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum Event {
    /// A conversation started.
    #[serde(rename = "conversation:new")]
    ConversationNew(ConversationSummary),
    /// Its mode, waiting, read, blocked, rating or contact changed.
    #[serde(rename = "conversation:updated")]
    ConversationUpdated(ConversationChange),
    /// The visitor left contact details.
    #[serde(rename = "conversation:qualified")]
    ConversationQualified(ConversationSummary),
    /// A visitor, bot or operator message.
    #[serde(rename = "message:new")]
    MessageNew(Box<MessageNew>),
    /// A campaign advanced.
    #[serde(rename = "campaign:progress")]
    CampaignProgress(CampaignProgress),
}

impl Event {
    /// The bot the event is about (who may see it).
    pub fn bot(&self) -> &str {
        match self {
            Event::ConversationNew(c) | Event::ConversationQualified(c) => &c.bot,
            Event::ConversationUpdated(c) => &c.conversation.bot,
            Event::MessageNew(m) => &m.bot,
            Event::CampaignProgress(p) => &p.bot,
        }
    }
}

/// An event with its sequence number: `{"type","seq","data"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Increasing, without gaps, across the deployment.
    pub seq: u64,
    /// The event.
    #[serde(flatten)]
    pub event: Event,
}

/// What the server says besides events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum ServerMessage {
    /// Authenticated: the latest sequence number and who the caller is.
    #[serde(rename = "auth:ok")]
    AuthOk {
        /// The latest sequence number now.
        seq: u64,
        /// The caller's role.
        role: crate::operators::OperatorRole,
        /// The bots an agent sees (empty for owners: all).
        bots: Vec<String>,
    },
    /// The events after the requested number are no longer kept: reload the lists, then
    /// continue from `seq`.
    #[serde(rename = "resync")]
    Resync {
        /// The latest sequence number now.
        seq: u64,
    },
    /// Answer to `ping`.
    #[serde(rename = "pong")]
    Pong,
    /// A message that could not be understood (the socket stays open).
    #[serde(rename = "error")]
    Error {
        /// Why.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Mode;
    use serde_json::json;

    #[test]
    fn an_event_has_type_seq_and_data() {
        let envelope = Envelope {
            seq: 7,
            event: Event::ConversationNew(ConversationSummary {
                id: "web_abcd1234".into(),
                bot: "b".into(),
                ..Default::default()
            }),
        };
        let value = serde_json::to_value(&envelope).unwrap();
        assert_eq!(value["type"], "conversation:new");
        assert_eq!(value["seq"], 7);
        assert_eq!(value["data"]["id"], "web_abcd1234");
        assert_eq!(value["data"]["channel"], "chat");
        let back: Envelope = serde_json::from_value(value).unwrap();
        assert_eq!(back, envelope);
    }

    #[test]
    fn an_update_names_what_changed_beside_the_conversation() {
        let event = Event::ConversationUpdated(ConversationChange {
            conversation: ConversationSummary {
                mode: Mode::Operator,
                ..Default::default()
            },
            changed: vec!["mode".into()],
        });
        let value = serde_json::to_value(&event).unwrap();
        assert_eq!(value["data"]["mode"], "operator");
        assert_eq!(value["data"]["changed"], json!(["mode"]));
    }

    #[test]
    fn client_messages_parse() {
        let auth: ClientMessage =
            serde_json::from_value(json!({"type": "auth", "token": "t"})).unwrap();
        assert_eq!(
            auth,
            ClientMessage::Auth {
                token: "t".into(),
                since: None
            }
        );
        assert!(serde_json::from_value::<ClientMessage>(json!({"type": "hello"})).is_err());
    }
}
