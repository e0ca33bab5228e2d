//! The service's chat endpoints as the app calls them, with the browser's `fetch` (the loader
//! fetches the config and sends the ping). Bodies are
//! sent as `text/plain` JSON, which browsers send cross-origin without a CORS preflight (the
//! service reads JSON whatever the content type), so a visitor's first message costs one round
//! trip, not two.

use crate::chat::Failure;
use crate::json;
use porthole_shared::ErrorResponse;
use porthole_shared::api::{ChatMessage, HistoryResponse};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, Request, RequestInit, Response};

/// Where the service lives (`https://host/`, from the loader's own URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    base: String,
}

/// How a stream request was answered.
pub enum Started {
    /// An event stream to read.
    Events(web_sys::ReadableStream),
    /// The bot is paused.
    Paused,
}

/// The body of `POST /api/v1/chat/stream`.
#[derive(Debug, Serialize)]
pub struct StreamBody<'a> {
    /// The widget token.
    pub site_key: &'a str,
    /// The chat id.
    pub session_id: &'a str,
    /// The visitor's message.
    pub message: &'a str,
    /// The visitor's language.
    pub lang: &'a str,
    /// The turn's id.
    pub message_id: &'a str,
}

impl Api {
    /// The API of the service at `base` (ends with `/`).
    pub fn new(base: &str) -> Self {
        let base = if base.ends_with('/') {
            base.to_owned()
        } else {
            format!("{base}/")
        };
        Self { base }
    }

    /// `GET /api/v1/chat/history`.
    pub async fn history(&self, token: &str, chat_id: &str) -> Result<Vec<ChatMessage>, JsValue> {
        let url = format!(
            "{}api/v1/chat/history?site_key={token}&session_id={chat_id}",
            self.base
        );
        let response = fetch(&url, None, None, None).await?;
        if response.status() != 200 {
            return Err(JsValue::from_str("history unavailable"));
        }
        let body: HistoryResponse = json::parse(&text(&response).await?)?;
        Ok(body.messages)
    }

    /// `POST /api/v1/chat/stream`, resuming after `last_event_id` when given.
    pub async fn stream(
        &self,
        body: &StreamBody<'_>,
        last_event_id: Option<&str>,
        signal: &AbortSignal,
    ) -> Result<Started, Failure> {
        let body = json::stringify(body)
            .map_err(|_| Failure::Service("could not encode the message".into()))?;
        let response = fetch(
            &format!("{}api/v1/chat/stream", self.base),
            Some(&body),
            last_event_id,
            Some(signal),
        )
        .await
        .map_err(|_| Failure::Network)?;
        let is_events = response
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .is_some_and(|t| t.starts_with("text/event-stream"));
        match response.status() {
            200 if is_events => response.body().map(Started::Events).ok_or(Failure::Network),
            200 => Ok(Started::Paused),
            429 => {
                let secs = response
                    .headers()
                    .get("retry-after")
                    .ok()
                    .flatten()
                    .and_then(|v| v.parse().ok());
                Err(Failure::RateLimited(secs))
            }
            _ => {
                let body = text(&response).await.unwrap_or_default();
                let message = json::parse::<ErrorResponse>(&body)
                    .map(|e| e.error.message)
                    .unwrap_or_default();
                Err(Failure::Service(message))
            }
        }
    }
}

async fn fetch(
    url: &str,
    body: Option<&str>,
    last_event_id: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    let headers = Headers::new()?;
    if let Some(body) = body {
        init.set_method("POST");
        headers.set("Content-Type", "text/plain;charset=UTF-8")?;
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(id) = last_event_id {
        headers.set("Last-Event-ID", id)?;
    }
    init.set_headers(&headers);
    init.set_signal(signal);
    let request = Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into::<Response>()
}

async fn text(response: &Response) -> Result<String, JsValue> {
    JsFuture::from(response.text()?)
        .await?
        .as_string()
        .ok_or_else(|| JsValue::from_str("no text"))
}
