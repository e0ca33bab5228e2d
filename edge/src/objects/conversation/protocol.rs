//! The Conversation object's whole protocol: every call the Worker, the hub and the email
//! handler make to it, with what each sends and what it gets back ([`ConversationCall`]), and
//! [`ask`] and [`stream`], the ways to call it.

use crate::objects::rpc::{self, Ask, Streams, protocol};
use crate::web::error::ApiResult;
use porthole_shared::api::{
    Ack, BlockStatusResponse, HandoffResponse, HistoryResponse, OperatorMessagesResponse,
    ProactiveResponse,
};
use porthole_shared::channel::ChannelMessages;
use porthole_shared::inbox::{
    Assignee, Channel, ConversationDetail, ConversationResponse, ConversationSummary,
};
use porthole_shared::text::MessageText;
use porthole_shared::{BotConfig, ChatId, HistoryItem, MessageId, VisitorId, WidgetToken};
use serde::{Deserialize, Serialize};
use worker::{Env, Response};

/// Sends `call` to the Conversation object of `chat` under `token` and returns its answer.
pub async fn ask<A: Ask<Call = ConversationCall>>(
    env: &Env,
    token: &WidgetToken,
    chat: &ChatId,
    call: A,
) -> ApiResult<A::Answer> {
    rpc::ask(&rpc::conversation(env, token, chat)?, call).await
}

/// Sends `call` to the Conversation object of `chat` under `token`; its stream of frames.
pub async fn stream<S: Streams<Call = ConversationCall>>(
    env: &Env,
    token: &WidgetToken,
    chat: &ChatId,
    call: &S,
) -> ApiResult<Response> {
    rpc::stream(&rpc::conversation(env, token, chat)?, call).await
}

protocol! {
    /// What a Conversation object is asked.
    ConversationCall {
        StopRequest => Stopped,
        History => HistoryResponse,
        OperatorMessages => OperatorMessagesResponse,
        BlockStatus => BlockStatusResponse,
        PendingProactive => ProactiveResponse,
        HandoffCall => HandoffResponse,
        Detail => ConversationDetail,
        TakeoverRequest => ConversationResponse,
        HandBack => ConversationResponse,
        OperatorMessageCall => Posted,
        MarkRead => ConversationResponse,
        BlockCall => Blocked,
        ProactiveCall => Ack,
        Resolve => ConversationResponse,
        ContactCall => Ack,
        IdentifyCall => Identified,
        RateCall => Ack,
        FeedbackCall => Ack,
        ImageCall => Ack,
        CallCall => Ack,
        MessagesAfter => ChannelMessages,
        Erase => Ack,
        Floor => Ack,
    }
    streams {
        TurnRequest,
        Watch,
    }
}

impl ConversationCall {
    /// Whether the call may change the conversation (what it changed is announced after the
    /// answer, and the alarm set again); reads do neither.
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Self::History(_)
                | Self::OperatorMessages(_)
                | Self::BlockStatus(_)
                | Self::Detail(_)
                | Self::Watch(_)
                | Self::MessagesAfter(_)
                | Self::Floor(_)
        )
    }
}

/// Every message, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History;

/// Operator messages after message id `after` (0: all), who answers, and whether the visitor
/// waits or is blocked. With `wait` seconds and `known` (the `state_key` of the poller's last
/// answer), a poll that would bring nothing new waits until the conversation changes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OperatorMessages {
    pub after: u64,
    pub wait: u32,
    pub known: Option<String>,
}

/// Whether this conversation's visitor is blocked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlockStatus;

/// The queued proactive messages, each delivered once (then part of the conversation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingProactive;

/// Everything about the conversation, for an operator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detail;

/// The AI answers again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandBack;

/// An operator read the conversation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MarkRead;

/// An operator resolved the conversation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resolve;

/// Complete messages after message id `after` (the API channel's read of the replies).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessagesAfter {
    pub after: u64,
}

/// Erases the conversation (its messages, state and uploads).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Erase;

/// Answers at once, having done nothing: the benchmark's floor (`crate::routes::floor`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Floor;

/// The frames of the turn being written, for a client that joins it (a stream).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Watch;

/// The worker asks a Conversation to run (or replay) one turn.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TurnRequest {
    /// The bot.
    pub token: WidgetToken,
    /// The conversation.
    pub chat_id: ChatId,
    /// The visitor message's id; a repeat replays the first turn.
    pub message_id: MessageId,
    /// What the visitor wrote (up to the API channel's 4,000 characters).
    #[serde(deserialize_with = "api_text")]
    pub message: MessageText,
    /// The visitor's language.
    pub lang: Option<crate::knowledge::lang::Lang>,
    /// History as the client sent it (used only for a conversation with none stored).
    pub client_history: Vec<HistoryItem>,
    /// The bot's configuration, as read by the worker.
    pub config: BotConfig,
    /// Frames up to this id were already received (a reconnect).
    pub last_event_id: Option<u64>,
    /// The visitor's browser id (`v_…`), when the client sent one.
    #[serde(default)]
    pub visitor_id: Option<VisitorId>,
    /// Where the conversation comes from.
    #[serde(default)]
    pub channel: Channel,
    /// API conversations: the integrator's visitor key.
    #[serde(default)]
    pub visitor_key: Option<porthole_shared::VisitorKey>,
    /// Refuse (404) when the conversation does not exist yet.
    #[serde(default)]
    pub must_exist: bool,
    /// Only replay or join the turn `message_id`; 404 when there is none (a reconnect).
    #[serde(default)]
    pub resume_only: bool,
    /// Contact details known when the conversation starts (an API conversation started with
    /// them): `conversation:new` carries them.
    #[serde(default)]
    pub contact: Option<porthole_shared::inbox::ContactData>,
}

/// A turn's message as the object reads it: any length a route may accept (the API channel's
/// 4,000 characters; the widget's 300 is checked where its request is read).
fn api_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<MessageText, D::Error> {
    let raw = String::deserialize(d)?;
    MessageText::parse_api(&raw).map_err(serde::de::Error::custom)
}

impl TurnRequest {
    /// A turn of `message` in `chat_id`, with nothing else known (no language, no client
    /// history, a widget chat).
    pub fn new(
        token: WidgetToken,
        chat_id: ChatId,
        message_id: MessageId,
        message: MessageText,
        config: BotConfig,
    ) -> Self {
        Self {
            token,
            chat_id,
            message_id,
            message,
            lang: None,
            client_history: Vec::new(),
            config,
            last_event_id: None,
            visitor_id: None,
            channel: Channel::Chat,
            visitor_key: None,
            must_exist: false,
            resume_only: false,
            contact: None,
        }
    }
}

/// Stop a running turn (`message_id`), or every running turn.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct StopRequest {
    /// The turn; absent: all.
    #[serde(default)]
    pub message_id: Option<String>,
}

/// Whether a turn was running and was told to stop.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Stopped {
    /// Always `true`.
    pub success: bool,
    /// A turn was running.
    pub stopped: bool,
}

/// An operator takes a conversation over.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TakeoverRequest {
    /// Who.
    pub operator: Assignee,
    /// The bot's idle return, in ms (none: never).
    pub idle_ms: Option<i64>,
}

/// An operator's reply.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OperatorMessageCall {
    /// Who.
    pub operator: Assignee,
    /// The text.
    pub content: String,
    /// The bot's idle return, in ms (none: never).
    pub idle_ms: Option<i64>,
}

/// Block the visitor until then (ms), or lift the block (`None`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BlockCall {
    /// Until when.
    pub until: Option<i64>,
}

/// The answer to a block: the conversation and the visitor's browser id.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Blocked {
    /// Always `true`.
    pub success: bool,
    /// The conversation now.
    pub conversation: ConversationSummary,
    /// The visitor's browser id, when known.
    pub visitor_id: Option<VisitorId>,
}

/// Queue a proactive message.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProactiveCall {
    /// The bot.
    pub token: WidgetToken,
    /// The chat.
    pub chat_id: ChatId,
    /// Who sends it.
    pub operator: Assignee,
    /// The text.
    pub content: String,
}

/// Which visitor a visitor-side call comes from (it may start the conversation).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct VisitorRef {
    /// The bot.
    pub token: WidgetToken,
    /// The chat.
    pub chat_id: ChatId,
    /// The visitor's browser id.
    pub visitor_id: Option<VisitorId>,
}

impl VisitorRef {
    /// The visitor of a parsed session.
    pub fn of(session: &porthole_shared::SessionRef) -> Self {
        Self {
            token: session.token.clone(),
            chat_id: session.chat_id.clone(),
            visitor_id: session.visitor_id.clone(),
        }
    }
}

/// The visitor left contact details.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ContactCall {
    /// Who.
    pub who: VisitorRef,
    /// What they left.
    pub contact: porthole_shared::inbox::ContactData,
}

/// What the conversation answers an operator's message: the public answer, and whether the
/// visitor's widget is open (else the worker may email the reply).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Posted {
    /// `POST …/messages`'s answer.
    #[serde(flatten)]
    pub answer: porthole_shared::inbox::PostedMessage,
    /// The widget asked for news within the last minute.
    pub visitor_present: bool,
}

/// The host page said who the visitor is (`POST /api/widget/identify`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct IdentifyCall {
    /// Who.
    pub who: VisitorRef,
    /// The host's user id, when its hash proved it.
    pub user: Option<String>,
    /// The name and email the host gave.
    pub contact: porthole_shared::inbox::ContactData,
    /// Accept only a conversation the visitor has written in (or that is already this user's):
    /// an empty one gives way to the user's latest.
    pub only_if_started: bool,
}

/// Whether the conversation took the identity ([`IdentifyCall`]).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Identified {
    /// It is now (or was already) the visitor's.
    pub accepted: bool,
}

/// The visitor rated the conversation (`score`) or commented on the rating (`comment`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RateCall {
    /// Who.
    pub who: VisitorRef,
    /// 1 to 5.
    pub score: Option<u8>,
    /// The comment.
    pub comment: Option<String>,
}

/// The visitor voted on a reply.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FeedbackCall {
    /// Who.
    pub who: VisitorRef,
    /// The reply's id.
    pub message_id: i64,
    /// The vote, or none (taken back).
    pub vote: Option<porthole_shared::visitor::Vote>,
}

/// The visitor asked for a phone call.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CallCall {
    /// Who.
    pub who: VisitorRef,
    /// The number they were given.
    pub phone_number: String,
}

/// The visitor sent an image (stored already; this is its URL).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ImageCall {
    /// Who.
    pub who: VisitorRef,
    /// Where it is served.
    pub url: String,
}

/// The visitor asks for a person (`waiting: true`) or stops waiting.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HandoffCall {
    /// Who.
    pub who: VisitorRef,
    /// Ask (true) or cancel (false).
    pub waiting: bool,
    /// The bot's idle return, in ms (none: never).
    pub idle_ms: Option<i64>,
}
