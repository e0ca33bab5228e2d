//! The hub's whole protocol: every call the Worker and the Conversation objects make to it,
//! with what each sends and what it gets back ([`HubCall`]), and [`ask`], the one way to call
//! it. The dashboards' sockets reach it otherwise: `/ws`, forwarded by `routes::tenant`.

use crate::objects::rpc::{self, Ask, Counts, protocol};
use crate::web::error::ApiResult;
use porthole_shared::admin::DeliveryList;
use porthole_shared::api::Ack;
use porthole_shared::events::Event;
use porthole_shared::inbox::{Assignee, CampaignStarted, ConversationFilter, ConversationList};
use porthole_shared::operators::Identity;
use porthole_shared::{ChatId, WidgetToken};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use worker::Env;

/// Sends `call` to the deployment's hub and returns its answer.
pub async fn ask<A: Ask<Call = HubCall>>(env: &Env, call: A) -> ApiResult<A::Answer> {
    rpc::ask(&rpc::hub(env)?, call).await
}

/// Hands a dashboard's WebSocket upgrade (its request's `headers`) to the hub.
pub async fn socket(env: &Env, headers: &worker::Headers) -> ApiResult<worker::Response> {
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Get)
        .with_headers(headers.clone());
    let forwarded = worker::Request::new_with_init("https://object/ws", &init)?;
    Ok(rpc::hub(env)?.fetch_with_request(forwarded).await?)
}

protocol! {
    /// What the hub is asked.
    HubCall {
        Announce => Ack,
        ReviseOperator => Ack,
        AddTracked => Ack,
        ListQuery => ConversationList,
        FindNumber => Numbered,
        CountConversations => Count,
        CampaignCall => CampaignStarted,
        ForgetBot => Ack,
        EraseConversation => Ack,
        SetRetention => Ack,
        Deliveries => DeliveryList,
        StatsQuery => Vec<HourRow>,
        DayQuery => Day,
        NoteOrigin => Ack,
    }
}

/// Events from a conversation's outbox, in order: the hub numbers them, indexes them, counts
/// them and sends them to the dashboards (a repeat is ignored).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Announce(pub Vec<Announcement>);

/// Operator `id` is now `now` (`None`: removed): their open sockets follow at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReviseOperator {
    pub id: String,
    pub now: Option<Identity>,
}

/// Tracked-event sums from an isolate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddTracked(pub Vec<Tracked>);

/// Which conversation of `bot` has number `n` (seed 003's integer conversation id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindNumber {
    pub bot: WidgetToken,
    pub n: i64,
}

/// How many conversations `bot` has.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountConversations {
    pub bot: WidgetToken,
}

/// `bot` was deleted: its index goes now, its conversations and uploads in the background.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForgetBot {
    pub bot: WidgetToken,
}

/// Erases one conversation (its object, uploads and index row).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EraseConversation {
    pub bot: WidgetToken,
    pub chat_id: ChatId,
}

/// A bot's retention period: days a conversation is kept after its last activity (0: forever).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetRetention {
    pub bot: WidgetToken,
    pub days: u32,
}

/// The webhook deliveries of `bot`, newest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deliveries {
    pub bot: WidgetToken,
}

/// The service's public origin, as a dashboard call saw it (for links in emails).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoteOrigin(pub String);

/// One event a conversation hands to the hub: numbered per conversation, so the hub can ignore
/// a repeat after a retried delivery.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Announcement {
    /// `{token}/{chat_id}`.
    pub origin: String,
    /// The outbox number.
    pub n: i64,
    /// The event.
    pub event: Event,
    /// Statistics beyond the event.
    #[serde(default, skip_serializing_if = "Counts::is_empty")]
    pub counts: Counts,
}

/// The conversation list of some bots (or all) with filters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListQuery {
    /// The bots whose conversations are listed (`None`: every bot).
    pub bots: Option<Vec<String>>,
    /// Filters and paging.
    pub filter: ConversationFilter,
    /// An export: pages of up to [`EXPORT_MAX`].
    #[serde(default)]
    pub export: bool,
}

/// How many conversations a bot has.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Count {
    /// Conversations of the bot.
    pub count: i64,
}

/// The chat id of a numbered conversation, if the bot has one of that number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Numbered {
    /// The chat id.
    pub chat_id: Option<ChatId>,
}

/// A bot's hours from `from` to `to` (ms).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatsQuery {
    /// The bot.
    pub bot: WidgetToken,
    /// First ms.
    pub from: i64,
    /// Last ms.
    pub to: i64,
}

/// A proactive message to many visitors of a bot, sent by the hub's alarm.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignCall {
    /// The bot.
    pub bot: WidgetToken,
    /// Who sends it.
    pub operator: Assignee,
    /// The text.
    pub content: String,
    /// The chat ids to reach.
    pub sessions: Vec<String>,
}

/// One hour of one bot, as the hub keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRow {
    /// The hour's start (ms).
    pub hour: i64,
    /// Messages.
    pub messages: i64,
    /// Conversations started.
    pub conversations: i64,
    /// Votes, ratings, evaluations and hand-offs (the hub's `stats` columns of the same names).
    #[serde(flatten)]
    pub counts: Counts,
    /// Tracked events by name.
    #[serde(default)]
    pub events: BTreeMap<String, i64>,
}

/// Event names kept per bot and hour.
pub const NAMES_PER_HOUR: usize = 100;

/// What events of names beyond [`NAMES_PER_HOUR`] are counted as.
pub const OTHER: &str = "other";

/// A sum of events, as the hub adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    /// The bot (its token).
    pub bot: WidgetToken,
    /// The hour (ms since the epoch at its start).
    pub hour: i64,
    /// The event's name.
    pub event: String,
    /// How many.
    pub count: u64,
}

/// Each bot's totals from `from` to `to` (ms): the owners' digest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DayQuery {
    pub from: i64,
    pub to: i64,
}

/// One bot's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotDay {
    pub bot: String,
    pub conversations: i64,
    pub messages: i64,
    /// Visitors who asked for a person.
    pub handoffs: i64,
    /// First replies of a person to them, and their waits added up (ms).
    pub responses: i64,
    pub response_ms: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    /// Conversations waiting for a person now.
    pub waiting: i64,
}

/// What the hub says of the day.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Day {
    /// The service's public origin, once a dashboard call told it.
    pub origin: Option<String>,
    pub bots: Vec<BotDay>,
}
