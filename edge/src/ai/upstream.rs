//! Reading a model provider's reply stream (OpenAI's and Workers AI's are both SSE): bytes go
//! through the shared SSE decoder, each event's data through the provider's parser, the text
//! through the citation filter into the reply sink — with a timeout on every wait, so a stalled
//! provider ends the turn cleanly instead of hanging it.

use super::ReplySink;
use super::citations::CitationFilter;
use super::stop::Stop;
use futures_util::StreamExt;
use futures_util::future::{Either, select};
use porthole_shared::SseDecoder;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;

/// What one provider event carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    /// Text to append.
    pub content: Option<String>,
    /// `(prompt_tokens, completion_tokens)` when the provider reports usage.
    pub usage: Option<(u64, u64)>,
    /// The provider's end-of-stream marker.
    pub done: bool,
}

/// The usage object both protocols send in their last event.
#[derive(Debug, serde::Deserialize)]
pub struct UsageReport {
    prompt_tokens: u64,
    completion_tokens: u64,
}

impl UsageReport {
    /// `(prompt_tokens, completion_tokens)`.
    pub fn pair(self) -> (u64, u64) {
        (self.prompt_tokens, self.completion_tokens)
    }
}

/// Parses one provider event: `[DONE]` ends the stream; anything else must be a `T` (`what`
/// names it in errors), which `to_delta` reads.
pub fn parse_json_event<T: serde::de::DeserializeOwned>(
    data: &str,
    what: &str,
    to_delta: impl FnOnce(T) -> Delta,
) -> Result<Delta, String> {
    if data.trim() == "[DONE]" {
        return Ok(Delta {
            done: true,
            ..Delta::default()
        });
    }
    let value: T =
        serde_json::from_str(data).map_err(|e| format!("not {what} ({e}): {data:.120}"))?;
    Ok(to_delta(value))
}

/// How a reply stream ended badly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamError {
    /// Nothing arrived for too long.
    Stalled,
    /// The connection ended before the provider's end marker.
    Cut,
    /// An event could not be understood.
    Malformed(String),
    /// The body could not be read.
    Network(String),
    /// The turn was stopped (takeover or the visitor's stop): reading ended on purpose.
    Stopped,
}

/// What a reply stream produced (also when it failed part-way).
#[derive(Debug, Default)]
pub struct Streamed {
    /// The model's text as received, markers included (for token estimates).
    pub raw: String,
    /// Usage as the provider reported it.
    pub usage: Option<(u64, u64)>,
}

/// `fut`, or `None` when `limit` passes first.
pub async fn within<F: Future>(limit: Duration, fut: F) -> Option<F::Output> {
    match select(pin!(fut), pin!(worker::Delay::from(limit))).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => None,
    }
}

/// Reads `stream` to the provider's end marker, sending clean text to `sink`.
pub async fn read(
    mut stream: worker::ByteStream,
    parse: fn(&str) -> Result<Delta, String>,
    idle: Duration,
    stop: &Stop,
    filter: &mut CitationFilter,
    sink: &mut dyn ReplySink,
) -> (Streamed, Result<(), StreamError>) {
    let mut decoder = SseDecoder::new();
    let mut out = Streamed::default();
    loop {
        if stop.is_stopped() {
            return (out, Err(StreamError::Stopped));
        }
        let next = match select(pin!(stop.wait()), pin!(within(idle, stream.next()))).await {
            Either::Left(_) => return (out, Err(StreamError::Stopped)),
            Either::Right((next, _)) => next,
        };
        let bytes = match next {
            None => return (out, Err(StreamError::Stalled)),
            Some(None) => return (out, Err(StreamError::Cut)),
            Some(Some(Err(e))) => return (out, Err(StreamError::Network(e.to_string()))),
            Some(Some(Ok(bytes))) => bytes,
        };
        for event in decoder.push_events(&bytes) {
            let delta = match parse(&event.data) {
                Ok(delta) => delta,
                Err(why) => return (out, Err(StreamError::Malformed(why))),
            };
            if let Some(usage) = delta.usage {
                out.usage = Some(usage);
            }
            if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                out.raw.push_str(&text);
                sink.chunk(&filter.push(&text));
                if stop.is_stopped() {
                    return (out, Err(StreamError::Stopped));
                }
            }
            if delta.done {
                sink.chunk(&filter.finish());
                return (out, Ok(()));
            }
        }
    }
}
