//! Reads a streamed reply: the fetch body's bytes go through the shared incremental SSE
//! decoder, and each frame's JSON becomes a [`StreamEvent`] handed to the caller as it arrives.

use crate::json;
use porthole_shared::{SseDecoder, StreamEvent};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader};

/// How reading ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// A `done` or `error` frame arrived.
    Finished,
    /// The stream stopped early (network drop or abort); the last frame id seen, if any.
    Dropped(Option<String>),
}

/// Reads `body` to its end, calling `on_event` with each frame's id and event.
pub async fn read(
    body: ReadableStream,
    mut on_event: impl FnMut(Option<&str>, StreamEvent),
) -> Ended {
    let reader: ReadableStreamDefaultReader = match body.get_reader().dyn_into() {
        Ok(reader) => reader,
        Err(_) => return Ended::Dropped(None),
    };
    let mut decoder = SseDecoder::new();
    loop {
        let chunk = match JsFuture::from(reader.read()).await {
            Ok(chunk) => chunk,
            Err(_) => return Ended::Dropped(decoder.last_event_id().map(str::to_owned)),
        };
        if js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            return Ended::Dropped(decoder.last_event_id().map(str::to_owned));
        }
        let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) else {
            continue;
        };
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        for event in decoder.push_events(&bytes) {
            let Ok(parsed) = json::parse::<StreamEvent>(&event.data) else {
                continue;
            };
            let terminal = parsed.is_terminal();
            on_event(event.id.as_deref(), parsed);
            if terminal {
                let _ = reader.cancel();
                return Ended::Finished;
            }
        }
    }
}
