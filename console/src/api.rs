//! HTTP to the service, with the session's credential: JSON in, JSON out, and the service's
//! refusals as a [`Failure`] carrying its code and message. A 401 while signed in ends the
//! session (the console then says so on the sign-in page). Also the one streamed read the
//! console makes: an operator watching a reply as it is written. Requests go through
//! `gloo-net` (the widget keeps its own measured fetch: its size matters more).

use crate::session;
use gloo_net::http::{Method, RequestBuilder, Response};
use porthole_shared::{SseDecoder, StreamEvent};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;

/// A refused or failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The HTTP status (0: no answer).
    pub status: u16,
    /// The service's error code (`network` when there was no answer).
    pub code: String,
    /// What to tell the user.
    pub message: String,
}

impl Failure {
    fn network() -> Self {
        Self {
            status: 0,
            code: "network".into(),
            message: "The service could not be reached. Check your connection and try again."
                .into(),
        }
    }

    fn unreadable(status: u16) -> Self {
        Self {
            status,
            code: "unreadable".into(),
            message: format!("The service answered {status} with something unexpected."),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    call("GET", path, None).await
}

/// `method path` with `body` as JSON.
pub async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, Failure> {
    let text = serde_json::to_string(body).map_err(|_| Failure::unreadable(0))?;
    call(method, path, Some(text)).await
}

/// `DELETE path`.
pub async fn delete(path: &str) -> Result<(), Failure> {
    call::<serde_json::Value>("DELETE", path, None)
        .await
        .map(|_| ())
}

/// `method path` with an optional JSON body; the answer decoded as `T`.
pub async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, Failure> {
    decode(fetch(method, path, body, session::credential()).await?).await
}

/// `GET path` with `credential` rather than the session's (signing in).
pub async fn get_as<T: DeserializeOwned>(credential: &str, path: &str) -> Result<T, Failure> {
    decode(fetch("GET", path, None, Some(credential.to_owned())).await?).await
}

/// `GET path` saved by the browser as the file `name` (an export).
pub async fn download(path: &str, name: &str) -> Result<(), Failure> {
    let response = fetch("GET", path, None, session::credential()).await?;
    if !response.ok() {
        return match decode::<serde_json::Value>(response).await {
            Err(refused) => Err(refused),
            Ok(_) => Err(Failure::network()),
        };
    }
    let raw: web_sys::Response = response.into();
    let blob: web_sys::Blob = JsFuture::from(raw.blob().map_err(|_| Failure::network())?)
        .await
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or_else(Failure::network)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| Failure::network())?;
    let link: Option<web_sys::HtmlAnchorElement> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The answer decoded as `T`, or the service's refusal.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(if text.is_empty() { "null" } else { &text })
            .map_err(|_| Failure::unreadable(status))
    } else {
        Err(refusal(status, &text))
    }
}

/// Sends the request with `credential`; a 401 with the session's own ends the session.
async fn fetch(
    method: &str,
    path: &str,
    body: Option<String>,
    credential: Option<String>,
) -> Result<Response, Failure> {
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| Failure::network())?;
    let mut request = RequestBuilder::new(path).method(method);
    if let Some(credential) = &credential {
        request = request.header("Authorization", &format!("Bearer {credential}"));
    }
    let request = match body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body),
        None => request.build(),
    };
    let response = request
        .map_err(|_| Failure::network())?
        .send()
        .await
        .map_err(|_| Failure::network())?;
    if response.status() == 401 && credential.is_some() && credential == session::credential() {
        session::ended();
    }
    Ok(response)
}

/// The service's refusal body, `{"error":{"code","message"}}` (or seed 004's `{"detail"}`).
fn refusal(status: u16, text: &str) -> Failure {
    let body: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let error = &body["error"];
    let message = error["message"]
        .as_str()
        .or_else(|| body["detail"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("The service answered {status}."));
    Failure {
        status,
        code: error["code"].as_str().unwrap_or("error").to_owned(),
        message,
    }
}

/// Reads the SSE stream at `path`, handing each event to `on_event`, until it ends.
pub async fn stream(path: &str, mut on_event: impl FnMut(StreamEvent)) -> Result<(), Failure> {
    let response = fetch("GET", path, None, session::credential()).await?;
    if response.status() != 200 {
        return Err(Failure::unreadable(response.status()));
    }
    let Some(body) = response.body() else {
        return Ok(());
    };
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| Failure::network())?;
    let mut decoder = SseDecoder::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| Failure::network())?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) else {
            continue;
        };
        for event in decoder.push_events(&js_sys::Uint8Array::new(&value).to_vec()) {
            if let Ok(parsed) = StreamEvent::from_json(&event.data) {
                on_event(parsed);
            }
        }
    }
}

/// `s` made safe for a query string.
pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}
