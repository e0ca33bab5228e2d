//! Calls between the worker and the Durable Objects: JSON over the stub's `fetch` to an
//! internal host ([`send`]: in a header when small, else in the body). Objects answer errors
//! with the public JSON error body, so a refusal inside an object reaches the client with its
//! code and status unchanged.
//!
//! Each object's protocol is typed ([`Ask`], [`protocol!`]) and lives in its `protocol` module
//! (`directory`, `hub`, `bot`, `conversation`): each call is a type of its own, one variant of
//! the object's request enum, with the type of its answer. The caller sends it with its
//! object's `ask` and gets that answer; the object parses the enum, matches it and answers each
//! call through [`Ask::answer`], so the compiler checks that both sides agree on both halves.
//! Calls answered with a stream ([`Streams`]) are sent with `stream`. The stubs are private to
//! the objects: nothing else can send an object a path string.

use crate::platform::bindings::{BOT_DO, CONVERSATION_DO, DIRECTORY_DO, HUB_DO};
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond;
use porthole_shared::events::Event;
use porthole_shared::{ChatId, ErrorResponse, WidgetToken};
use serde::{Serialize, de::DeserializeOwned};
use worker::{Env, Headers, Method, Request, RequestInit, Response, Stub};

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

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Self) {
        self.likes += o.likes;
        self.dislikes += o.dislikes;
        self.ratings += o.ratings;
        self.rating_sum += o.rating_sum;
        self.evaluated += o.evaluated;
        self.answered += o.answered;
        self.support_sum += o.support_sum;
        self.handoffs += o.handoffs;
        self.responses += o.responses;
        self.response_ms += o.response_ms;
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

/// The stub of the Conversation object of `chat_id` under `token` (asked through
/// [`super::conversation::ask`]).
pub(super) fn conversation(
    env: &Env,
    token: &WidgetToken,
    chat_id: &ChatId,
) -> worker::Result<Stub> {
    let name = format!("{}/{}", token.as_str(), chat_id.as_str());
    env.durable_object(CONVERSATION_DO)?
        .id_from_name(&name)?
        .get_stub()
}

/// The header a small call travels in.
const CALL_HEADER: &str = "X-Porthole-Call";
/// Calls up to this size (in JSON, ASCII) travel in [`CALL_HEADER`] of a `GET`; larger ones
/// (a turn with its config, a document) in the body of a `POST`. A body is a stream between
/// the isolate and the object, which costs a poll about a fifth of its rate in `wrangler dev`
/// (measured: bench/README.md §3).
const HEADER_CALL_MAX: usize = 2048;

/// Sends `call` (JSON) to `stub`.
async fn send<C: Serialize>(stub: &Stub, call: &C) -> ApiResult<Response> {
    let text = serde_json::to_string(call).map_err(ApiError::internal)?;
    let headers = Headers::new();
    let mut init = RequestInit::new();
    if text.len() <= HEADER_CALL_MAX && text.is_ascii() {
        init.with_method(Method::Get);
        headers.set(CALL_HEADER, &text)?;
    } else {
        init.with_method(Method::Post);
        headers.set("Content-Type", "application/json")?;
        init.with_body(Some(text.into()));
    }
    init.with_headers(headers);
    let req = Request::new_with_init("https://object/", &init)?;
    Ok(stub.fetch_with_request(req).await?)
}

/// Decodes an object's JSON answer.
async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
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
async fn refusal(response: Response) -> ApiError {
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

/// One call of an object's protocol that is answered with a stream (Server-Sent Events).
pub trait Streams: Serialize + Into<Self::Call> {
    /// The object's request enum.
    type Call: Serialize;
    /// Its variant's name there.
    const VARIANT: &'static str;
}

/// A call as its object's enum carries it (`{"Variant": call}`), written from a borrow.
struct Tagged<'a, S>(&'static str, &'a S);

impl<S: Serialize> Serialize for Tagged<'_, S> {
    fn serialize<Z: serde::Serializer>(&self, to: Z) -> Result<Z::Ok, Z::Error> {
        use serde::ser::SerializeMap;
        let mut map = to.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// Sends `call` to `stub`; its streamed answer (a refusal comes back as its error).
pub async fn stream<S: Streams>(stub: &Stub, call: &S) -> ApiResult<Response> {
    let response = send(stub, &Tagged(S::VARIANT, call)).await?;
    if response.status_code() == 200 {
        Ok(response)
    } else {
        Err(refusal(response).await)
    }
}

/// Sends `call` to `stub` and decodes the object's answer.
pub async fn ask<A: Ask>(stub: &Stub, call: A) -> ApiResult<A::Answer> {
    let call: A::Call = call.into();
    decode(send(stub, &call).await?).await
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
///
/// Calls whose answer is a stream (a turn's frames) are listed after `streams`: they implement
/// [`Streams`] instead of [`Ask`], and are sent with [`stream`].
macro_rules! protocol {
    ($(#[$meta:meta])* $call:ident { $($name:ident => $answer:ty,)* } $(streams { $($stream:ident,)* })?) => {
        $(#[$meta])*
        // One call is parsed per request and moved once: a large variant (a turn) costs nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        pub enum $call {
            $(
                #[allow(missing_docs)]
                $name($name),
            )*
            $($(
                #[allow(missing_docs)]
                $stream($stream),
            )*)?
        }
        $($(
            impl From<$stream> for $call {
                fn from(call: $stream) -> Self {
                    Self::$stream(call)
                }
            }
            impl $crate::objects::rpc::Streams for $stream {
                type Call = $call;
                const VARIANT: &'static str = stringify!($stream);
            }
        )*)?
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

/// Reads the call an object was sent ([`send`]): from its header, else its body (read in one
/// step), parsed straight into the object's enum.
pub async fn body<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    let text = match req.headers().get(CALL_HEADER)? {
        Some(text) => text,
        None => req.text().await?,
    };
    serde_json::from_str(&text).map_err(|e| ApiError::invalid(format!("object call: {e}")))
}

/// Turns an object method's result into its response.
pub fn reply(result: ApiResult) -> worker::Result<Response> {
    Ok(result.unwrap_or_else(ApiError::into_response))
}
