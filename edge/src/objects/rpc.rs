//! Calls between the worker and the Durable Objects: JSON over the stub's `fetch`, on paths
//! of an internal host. Objects answer errors with the public JSON error body, so a refusal
//! inside an object reaches the client with its code and status unchanged.
//!
//! An object's protocol is typed ([`Ask`], [`protocol!`]): each call is a type of its own, one
//! variant of the object's request enum, with the type of its answer. The caller sends it with
//! [`ask`] and gets that answer; the object parses the enum, matches it and answers each call
//! through [`Ask::answer`], so the compiler checks that both sides agree on both halves.

use crate::bindings::{BOT_DO, CONVERSATION_DO, DIRECTORY_DO, HUB_DO};
use crate::error::{ApiError, ApiResult};
use crate::respond;
use porthole_shared::events::Event;
use porthole_shared::inbox::{Assignee, Channel, ConversationSummary};
use porthole_shared::{BotConfig, ChatId, ErrorResponse, HistoryItem, MessageId, WidgetToken};
use serde::{Serialize, de::DeserializeOwned};
use worker::{Env, Headers, Method, Request, RequestInit, Response, Stub};

/// The worker asks a Conversation to run (or replay) one turn.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TurnRequest {
    /// The bot.
    pub token: WidgetToken,
    /// The conversation.
    pub chat_id: ChatId,
    /// The visitor message's id; a repeat replays the first turn.
    pub message_id: MessageId,
    /// What the visitor wrote.
    pub message: String,
    /// The visitor's language.
    pub lang: Option<String>,
    /// History as the client sent it (used only for a conversation with none stored).
    pub client_history: Vec<HistoryItem>,
    /// The bot's configuration, as read by the worker.
    pub config: BotConfig,
    /// Frames up to this id were already received (a reconnect).
    pub last_event_id: Option<u64>,
    /// The visitor's browser id (`v_…`), when the client sent one.
    #[serde(default)]
    pub visitor_id: Option<String>,
    /// Where the conversation comes from.
    #[serde(default)]
    pub channel: Channel,
    /// API conversations: the integrator's visitor key.
    #[serde(default)]
    pub visitor_key: Option<String>,
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

impl TurnRequest {
    /// A turn of `message` in `chat_id`, with nothing else known (no language, no client
    /// history, a widget chat).
    pub fn new(
        token: WidgetToken,
        chat_id: ChatId,
        message_id: MessageId,
        message: String,
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
    pub visitor_id: Option<String>,
}

/// Queue a proactive message.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProactiveCall {
    /// The bot.
    pub token: String,
    /// The chat.
    pub chat_id: String,
    /// Who sends it.
    pub operator: Assignee,
    /// The text.
    pub content: String,
}

/// Which visitor a visitor-side call comes from (it may start the conversation).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct VisitorRef {
    /// The bot.
    pub token: String,
    /// The chat.
    pub chat_id: String,
    /// The visitor's browser id.
    pub visitor_id: Option<String>,
}

impl VisitorRef {
    /// The visitor of a parsed session.
    pub fn of(session: &porthole_shared::SessionRef) -> Self {
        Self {
            token: session.token.as_str().to_owned(),
            chat_id: session.chat_id.as_str().to_owned(),
            visitor_id: session.visitor_id.as_ref().map(|v| v.as_str().to_owned()),
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

/// What a change adds to a bot's statistics beyond its event (the hub counts messages and
/// conversations from the events themselves).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// Votes up added (negative: taken back).
    #[serde(default)]
    pub likes: i64,
    /// Votes down added.
    #[serde(default)]
    pub dislikes: i64,
    /// Ratings added.
    #[serde(default)]
    pub ratings: i64,
    /// Rating points added.
    #[serde(default)]
    pub rating_sum: i64,
    /// Replies evaluated.
    #[serde(default)]
    pub evaluated: i64,
    /// Of those, answered.
    #[serde(default)]
    pub answered: i64,
    /// Their support, in percent, added up.
    #[serde(default)]
    pub support_sum: i64,
    /// Visitors who asked for a person.
    #[serde(default)]
    pub handoffs: i64,
    /// First replies of a person to a visitor who asked for one.
    #[serde(default)]
    pub responses: i64,
    /// Their waits (ms) added up.
    #[serde(default)]
    pub response_ms: i64,
}

impl Counts {
    /// Whether it adds nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What a conversation's outbox holds: an event and what it adds to the statistics.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Outgoing {
    /// The event.
    pub event: Event,
    /// Statistics beyond the event.
    #[serde(default, skip_serializing_if = "Counts::is_empty")]
    pub counts: Counts,
}

/// The stub of the Bot object of `token`.
pub(super) fn bot(env: &Env, token: &WidgetToken) -> worker::Result<Stub> {
    env.durable_object(BOT_DO)?
        .id_from_name(token.as_str())?
        .get_stub()
}

/// The hub: the deployment's one object for dashboard sockets, events and the inbox index.
/// (Where it would shard per bot once one hub is hot: name it by token here.)
pub(super) fn hub(env: &Env) -> worker::Result<Stub> {
    env.durable_object(HUB_DO)?.id_from_name("hub")?.get_stub()
}

/// The directory of operators (asked through [`super::directory::ask`]).
pub(super) fn directory(env: &Env) -> worker::Result<Stub> {
    env.durable_object(DIRECTORY_DO)?
        .id_from_name("directory")?
        .get_stub()
}

/// The stub of the Conversation object of `chat_id` under `token`.
pub fn conversation(env: &Env, token: &WidgetToken, chat_id: &ChatId) -> worker::Result<Stub> {
    let name = format!("{}/{}", token.as_str(), chat_id.as_str());
    env.durable_object(CONVERSATION_DO)?
        .id_from_name(&name)?
        .get_stub()
}

/// Sends `method path` with an optional JSON body to `stub`.
pub async fn send<B: Serialize>(
    stub: &Stub,
    method: Method,
    path: &str,
    body: Option<&B>,
) -> ApiResult<Response> {
    let headers = Headers::new();
    let mut init = RequestInit::new();
    init.with_method(method);
    if let Some(body) = body {
        let text = serde_json::to_string(body).map_err(ApiError::internal)?;
        headers.set("Content-Type", "application/json")?;
        init.with_body(Some(text.into()));
    }
    init.with_headers(headers);
    let req = Request::new_with_init(&format!("https://object{path}"), &init)?;
    Ok(stub.fetch_with_request(req).await?)
}

/// Sends and decodes the JSON answer, turning an object's error body back into an [`ApiError`].
pub async fn call<B: Serialize, T: DeserializeOwned>(
    stub: &Stub,
    method: Method,
    path: &str,
    body: Option<&B>,
) -> ApiResult<T> {
    let response = send(stub, method, path, body).await?;
    decode(response).await
}

/// Sends and checks that the object accepted (its answer's body is not needed).
pub async fn invoke<B: Serialize>(
    stub: &Stub,
    method: Method,
    path: &str,
    body: Option<&B>,
) -> ApiResult<()> {
    let response = send(stub, method, path, body).await?;
    if (200..300).contains(&response.status_code()) {
        Ok(())
    } else {
        Err(refusal(response).await)
    }
}

/// Decodes an object's JSON answer.
pub async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status_code();
    let text = text(response).await?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text)
            .map_err(|e| ApiError::internal(format!("object answer: {e}: {text}")));
    }
    Err(refusal_of(status, &text))
}

/// An object's answer's body as text, read by the runtime in one step. (The `worker` crate's
/// `Response::text` reads a streamed body chunk by chunk through a stream reader, several
/// calls between wasm and JavaScript for each poll.)
async fn text(response: Response) -> ApiResult<String> {
    let js = |e| ApiError::from(worker::Error::from(e));
    let raw: worker::web_sys::Response = response.into();
    let text = wasm_bindgen_futures::JsFuture::from(raw.text().map_err(js)?)
        .await
        .map_err(js)?;
    Ok(text.as_string().unwrap_or_default())
}

/// An object's refusal (its JSON error body) as the [`ApiError`] it stands for.
pub async fn refusal(response: Response) -> ApiError {
    let status = response.status_code();
    match text(response).await {
        Ok(text) => refusal_of(status, &text),
        Err(e) => e,
    }
}

fn refusal_of(status: u16, text: &str) -> ApiError {
    match serde_json::from_str::<ErrorResponse>(text) {
        Ok(err) => ApiError::new(err.error.code, err.error.message),
        Err(_) => ApiError::internal(format!("object answered {status}: {text}")),
    }
}

/// One call of an object's protocol: the request (`Self`, a variant of the object's enum
/// [`Ask::Call`]) and what the object answers ([`Ask::Answer`]).
pub trait Ask: Sized + Into<Self::Call> {
    /// The object's request enum.
    type Call: Serialize;
    /// What the object answers this call.
    type Answer: Serialize + DeserializeOwned;

    /// The object's answer to this call, as it goes back to the caller.
    fn answer(&self, result: ApiResult<Self::Answer>) -> ApiResult {
        Self::answered(result)
    }

    /// [`Ask::answer`] for a call the object consumed (a large body it moved on):
    /// `AddDocument::answered(self.add_document(call))`.
    fn answered(result: ApiResult<Self::Answer>) -> ApiResult {
        respond::json(&result?)
    }
}

/// Sends `call` to `stub` and decodes the object's answer.
pub async fn ask<A: Ask>(stub: &Stub, call: A) -> ApiResult<A::Answer> {
    let call: A::Call = call.into();
    self::call(stub, Method::Post, "/", Some(&call)).await
}

/// Declares an object's request enum: one variant per call type (each a struct of its own,
/// declared beside it), and the answer of each.
///
/// ```ignore
/// protocol! {
///     /// What the Directory is asked.
///     DirectoryCall {
///         Operators => Vec<StoredOperator>,
///         RemoveOperator => StoredOperator,
///     }
/// }
/// ```
macro_rules! protocol {
    ($(#[$meta:meta])* $call:ident { $($name:ident => $answer:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        pub enum $call {
            $(
                #[allow(missing_docs)]
                $name($name),
            )*
        }
        $(
            impl From<$name> for $call {
                fn from(call: $name) -> Self {
                    Self::$name(call)
                }
            }
            impl $crate::objects::rpc::Ask for $name {
                type Call = $call;
                type Answer = $answer;
            }
        )*
    };
}
pub(crate) use protocol;

/// Reads a JSON request body inside an object.
pub async fn body<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    respond::body_json_within(req, usize::MAX).await
}

/// Turns an object method's result into its response.
pub fn reply(result: ApiResult) -> worker::Result<Response> {
    Ok(result.unwrap_or_else(ApiError::into_response))
}
