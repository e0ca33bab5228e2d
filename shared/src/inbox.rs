//! The live inbox: a conversation's state as operators see and change it (who answers — the AI
//! or a person —, whether the visitor is waiting for a person, blocked, unread messages), the
//! summary the conversation list shows, and the bodies of the dashboard's conversation calls.

use crate::fields::Bounded;
use crate::message::{Author, ChatMessage, Mode};
use serde::{Deserialize, Serialize};

/// Where a conversation came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The widget (or any client of the seed-000 / seed-003 endpoints).
    #[default]
    Chat,
    /// The server-to-server API channel (seed 001).
    Api,
}

/// The operator a conversation is assigned to (the one who took it over).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    /// Operator id (`owner` for the admin token).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Avatar URL or `""`.
    #[serde(default)]
    pub avatar: String,
}

impl Assignee {
    /// How the visitor sees this operator.
    pub fn author(&self) -> Author {
        Author {
            name: self.name.clone(),
            avatar: self.avatar.clone(),
        }
    }
}

/// Contact details a visitor left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactData {
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number (E.164).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ContactData {
    /// Whether nothing was left.
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none() && self.name.is_none()
    }
}

/// A conversation as the list shows it, and as every tenant event about it carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// The conversation's id (the chat id, `web_…`).
    pub id: String,
    /// Its number ([`crate::ChatId::number`]: what the stream's `done` frame calls
    /// `conversation_id`), which every endpoint that reads a conversation id accepts too.
    #[serde(default)]
    pub number: u64,
    /// The bot (its widget token).
    pub bot: String,
    /// `chat` (widget) or `api`.
    pub channel: Channel,
    /// Contact details the visitor left, if any.
    pub contact_data: Option<ContactData>,
    /// First message (ms since the epoch).
    pub started_at: i64,
    /// Latest activity (ms since the epoch).
    pub updated_at: i64,
    /// Messages the visitor wrote.
    pub visitor_messages: i64,
    /// All messages.
    pub messages: i64,
    /// The latest message, shortened.
    pub last_message: String,
    /// Who answers.
    pub mode: Mode,
    /// The visitor asked for a person and none has answered yet.
    pub waiting: bool,
    /// Visitor messages no operator has read.
    pub unread: i64,
    /// Whether the visitor is blocked.
    pub blocked: bool,
    /// The visitor's rating (1–5), if given.
    pub rating: Option<u8>,
    /// The operator who took the conversation over, if any.
    pub assignee: Option<Assignee>,
    /// API conversations: the integrator's visitor (`{user_external_id}_{bot id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_key: Option<crate::VisitorKey>,
    /// An operator resolved it, and the visitor has not written since.
    #[serde(default)]
    pub resolved: bool,
    /// The host's user id, when the visitor was verified (`identify` with a valid `user_hash`):
    /// their name and email are the host's, not typed by whoever holds the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_user: Option<String>,
}

/// How long the list's `last_message` may be, in characters.
pub const PREVIEW_CHARS: usize = 140;

/// `last_message` for `text`: the first [`PREVIEW_CHARS`] characters on one line.
pub fn preview(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(PREVIEW_CHARS).collect();
    if one_line.chars().count() > PREVIEW_CHARS {
        out.push('…');
    }
    out
}

/// `GET /api/admin/bots/{token}/conversations` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationList {
    /// Always `true`.
    pub success: bool,
    /// Newest activity first.
    pub conversations: Vec<ConversationSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// With `q`: where each listed conversation matched (its newest matching message, or its
    /// contact details).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hits: Vec<SearchHit>,
}

/// Where a conversation matched a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The conversation.
    pub conversation_id: String,
    /// The matching message (`None`: the contact details matched).
    pub message_id: Option<String>,
    /// Who wrote it (`user`, `assistant`, `operator`), or `contact`.
    pub role: String,
    /// The text around the match.
    pub snippet: String,
}

/// `GET /api/admin/bots/{token}/conversations/{id}` answer: the summary and every message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    /// Always `true`.
    pub success: bool,
    /// The chat id (kept for older clients; equals `conversation.id`).
    pub chat_id: String,
    /// State and counts.
    pub conversation: ConversationSummary,
    /// Every message, oldest first.
    pub messages: Vec<ChatMessage>,
    /// When the visitor's block ends (ms), if blocked for a while only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_until: Option<i64>,
    /// The visitor's comment on their rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
    /// Calls the visitor asked for (seed 002's voice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<CallRequest>,
}

/// A call the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRequest {
    /// The number they were given (E.164).
    pub phone_number: String,
    /// When (ms).
    pub requested_at: i64,
}

/// `{"success":true,"conversation":{…}}`: the answer of takeover, hand back, read, block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationResponse {
    /// Always `true`.
    pub success: bool,
    /// The conversation as it is now.
    pub conversation: ConversationSummary,
}

/// The answer to an operator's reply: the stored message and the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedMessage {
    /// Always `true`.
    pub success: bool,
    /// The message as stored (with its id and author).
    pub message: Option<ChatMessage>,
    /// The conversation as it is now.
    pub conversation: ConversationSummary,
    /// The reply also went to the visitor by email (they left an address and their widget was
    /// not open).
    #[serde(default)]
    pub emailed: bool,
}

/// An operator's reply: 1 to 4000 characters.
pub type OperatorText = Bounded<1, 4000>;

/// `POST …/conversations/{id}/messages` and `…/proactive` body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorMessageRequest {
    /// The text (Markdown).
    pub content: OperatorText,
}

/// `POST …/conversations/{id}/block` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// Minutes until the block ends by itself (absent: until unblocked). 1 to 525,600.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// Most minutes a timed block may last (a year).
pub const BLOCK_MAX_MINUTES: u32 = 525_600;

/// `POST /api/admin/bots/{token}/proactive` body: one message to many sessions (a campaign).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignRequest {
    /// The text.
    pub content: OperatorText,
    /// The sessions (chat ids) to reach; 1 to [`CAMPAIGN_MAX_SESSIONS`].
    pub sessions: Vec<crate::ids::ChatId>,
}

/// Most sessions one campaign may reach.
pub const CAMPAIGN_MAX_SESSIONS: usize = 5_000;

/// `POST /api/admin/bots/{token}/proactive` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignStarted {
    /// Always `true`.
    pub success: bool,
    /// The campaign's id; `campaign:progress` events carry it.
    pub campaign_id: String,
    /// Sessions to reach.
    pub total: usize,
}

/// Filters and paging of the conversation list (query string).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFilter {
    /// Words (any language, CJK included) in a message or the contact details; every word must
    /// appear, the last as a prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only conversations taken over by this operator (`none`: by nobody).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Only conversations the visitor rated so (1–5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// Only resolved (or not resolved) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<bool>,
    /// Only conversations in this mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Only waiting (or only not waiting) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<bool>,
    /// Only ones with (or without) unread visitor messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
    /// Only ones where the visitor left (or did not leave) contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_contact: Option<bool>,
    /// Only rated (or unrated) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rated: Option<bool>,
    /// Only blocked (or not blocked) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<bool>,
    /// Latest activity at or after (ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// Latest activity at or before (ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
    /// Page size (1–200, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Default and largest page of the conversation list.
pub const PAGE_DEFAULT: u32 = 50;
/// See [`PAGE_DEFAULT`].
pub const PAGE_MAX: u32 = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_is_one_shortened_line() {
        assert_eq!(preview("Hello\n  there"), "Hello there");
        let long = "x".repeat(PREVIEW_CHARS + 10);
        let p = preview(&long);
        assert_eq!(p.chars().count(), PREVIEW_CHARS + 1);
        assert!(p.ends_with('…'));
    }

    #[test]
    fn modes_have_the_seed_003_names() {
        assert_eq!(
            serde_json::to_string(&Mode::Operator).unwrap(),
            "\"operator\""
        );
        assert_eq!(Mode::parse("ai"), Some(Mode::Ai));
        assert_eq!(Mode::parse("human"), None);
    }
}
