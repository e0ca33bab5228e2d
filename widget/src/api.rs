//! The service's chat endpoints as the app calls them, with the browser's `fetch` (the loader
//! fetches the config and sends the ping). Bodies are
//! sent as `text/plain` JSON, which browsers send cross-origin without a CORS preflight (the
//! service reads JSON whatever the content type), so a visitor's first message costs one round
//! trip, not two.

use crate::chat::Failure;
use crate::json;
use porthole_shared::api::{
    HandoffResponse, HistoryResponse, LONG_POLL_MAX_SECS, OperatorMessagesResponse,
    ProactiveResponse,
};
use porthole_shared::message::ChatMessage;
use porthole_shared::{ErrorCode, ErrorResponse};
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
    /// The visitor's browser id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<&'a str>,
}

/// The body of `POST /api/v1/chat/handoff`.
#[derive(Debug, Serialize)]
struct HandoffBody<'a> {
    site_key: &'a str,
    session_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    visitor_id: Option<&'a str>,
    cancel: bool,
}

/// A visitor-side body: the session and what it carries.
#[derive(Debug, Serialize)]
struct SessionBody<'a, T: Serialize> {
    site_key: &'a str,
    session_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    visitor_id: Option<&'a str>,
    #[serde(flatten)]
    fields: T,
}

/// Contact details for `POST /api/v1/chat/contact`.
#[derive(Debug, Default, Serialize)]
pub struct ContactFields {
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Which session a visitor-side call is about.
#[derive(Debug, Clone)]
pub struct Session {
    /// The widget token.
    pub token: String,
    /// The chat id.
    pub chat_id: String,
    /// The visitor's browser id.
    pub visitor: Option<String>,
}

/// The body of `POST /api/v1/chat/stop`.
#[derive(Debug, Serialize)]
struct StopBody<'a> {
    site_key: &'a str,
    session_id: &'a str,
    message_id: &'a str,
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
        let body: HistoryResponse = self.get("history", token, chat_id, "").await?;
        Ok(body.messages)
    }

    /// `GET /api/v1/chat/operator-messages`: operator messages after the message id `after`;
    /// with `known` (the `state_key` of the last answer), a long poll that the service answers
    /// when something changes, or after [`LONG_POLL_MAX_SECS`].
    pub async fn operator_messages(
        &self,
        token: &str,
        chat_id: &str,
        after: i64,
        visitor: Option<&str>,
        known: Option<&str>,
    ) -> Result<OperatorMessagesResponse, JsValue> {
        let mut extra = format!("&after={after}");
        if let Some(v) = visitor {
            extra.push_str(&format!("&visitor_id={v}"));
        }
        if let Some(k) = known {
            extra.push_str(&format!("&wait={LONG_POLL_MAX_SECS}&known={k}"));
        }
        self.get("operator-messages", token, chat_id, &extra).await
    }

    /// `GET /api/v1/chat/pending-proactive`: each queued message once.
    pub async fn pending_proactive(
        &self,
        token: &str,
        chat_id: &str,
    ) -> Result<Vec<ChatMessage>, JsValue> {
        let body: ProactiveResponse = self.get("pending-proactive", token, chat_id, "").await?;
        Ok(body.messages)
    }

    /// A visitor-side GET of `endpoint` for the session (ids are hex: nothing to escape).
    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: &str,
        token: &str,
        chat_id: &str,
        extra: &str,
    ) -> Result<T, JsValue> {
        let url = format!(
            "{}api/v1/chat/{endpoint}?site_key={token}&session_id={chat_id}{extra}",
            self.base
        );
        let response = fetch(&url, None, None, None).await?;
        if response.status() != 200 {
            return Err(JsValue::from_str("unavailable"));
        }
        json::parse(&text(&response).await?)
    }

    /// `POST /api/v1/chat/handoff`: ask for a person (or, with `cancel`, stop waiting).
    pub async fn handoff(
        &self,
        token: &str,
        chat_id: &str,
        visitor: Option<&str>,
        cancel: bool,
    ) -> Result<HandoffResponse, Failure> {
        let body = HandoffBody {
            site_key: token,
            session_id: chat_id,
            visitor_id: visitor,
            cancel,
        };
        let response = self.post("handoff", &body).await?;
        match response.status() {
            200 => json::parse(&text(&response).await.map_err(|_| Failure::Network)?)
                .map_err(|_| Failure::Network),
            _ => Err(refusal(&response).await),
        }
    }

    /// `POST /api/v1/chat/share`: a read-only link to the conversation.
    pub async fn share(&self, token: &str, chat_id: &str) -> Result<String, Failure> {
        #[derive(Serialize)]
        struct Body<'a> {
            site_key: &'a str,
            session_id: &'a str,
        }
        #[derive(serde::Deserialize)]
        struct Link {
            url: String,
        }
        let response = self
            .post(
                "share",
                &Body {
                    site_key: token,
                    session_id: chat_id,
                },
            )
            .await?;
        if response.status() != 200 {
            return Err(refusal(&response).await);
        }
        let text = text(&response).await.map_err(|_| Failure::Network)?;
        json::parse::<Link>(&text)
            .map(|l| l.url)
            .map_err(|_| Failure::Network)
    }

    /// `POST /api/widgets/{widgetId}/voice/start` (seed 002): records the call request.
    pub async fn voice_start(&self, token: &str, widget_id: &str, chat_id: &str) {
        let init = RequestInit::new();
        init.set_method("POST");
        if let Ok(headers) = Headers::new() {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
            let _ = headers.set("Content-Type", "application/json");
            init.set_headers(&headers);
        }
        init.set_body(&JsValue::from_str(&format!(
            "{{\"sessionId\":\"{chat_id}\",\"conversationId\":\"{chat_id}\"}}"
        )));
        let url = format!("{}api/widgets/{widget_id}/voice/start", self.base);
        if let (Ok(request), Some(window)) = (
            Request::new_with_str_and_init(&url, &init),
            web_sys::window(),
        ) {
            let _ = JsFuture::from(window.fetch_with_request(&request)).await;
        }
    }

    /// `POST /api/v1/chat/stop`: the server stops writing the reply of `turn`.
    pub async fn stop(&self, token: &str, chat_id: &str, turn: &str) {
        let body = StopBody {
            site_key: token,
            session_id: chat_id,
            message_id: turn,
        };
        let _ = self.post("stop", &body).await;
    }

    /// `POST /api/v1/chat/{endpoint}` with the session and `fields`; the service's refusal
    /// message on failure.
    pub async fn send_for<T: Serialize>(
        &self,
        endpoint: &str,
        session: &Session,
        fields: T,
    ) -> Result<(), Failure> {
        let body = SessionBody {
            site_key: &session.token,
            session_id: &session.chat_id,
            visitor_id: session.visitor.as_deref(),
            fields,
        };
        let response = self.post(endpoint, &body).await?;
        if response.status() == 200 {
            Ok(())
        } else {
            Err(refusal(&response).await)
        }
    }

    async fn post<B: Serialize>(&self, endpoint: &str, body: &B) -> Result<Response, Failure> {
        let body = json::stringify(body).map_err(|_| Failure::Network)?;
        fetch(
            &format!("{}api/v1/chat/{endpoint}", self.base),
            Some(&body),
            None,
            None,
        )
        .await
        .map_err(|_| Failure::Network)
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
            // A busy or restarting edge: the same message (same id, one turn) may be sent again.
            502..=504 => Err(Failure::Network),
            429 => {
                let secs = response
                    .headers()
                    .get("retry-after")
                    .ok()
                    .flatten()
                    .and_then(|v| v.parse().ok());
                Err(Failure::RateLimited(secs))
            }
            _ => Err(refusal(&response).await),
        }
    }
}

/// What a refusal means for the visitor: blocked, or the service's message.
async fn refusal(response: &Response) -> Failure {
    let body = text(response).await.unwrap_or_default();
    match json::parse::<ErrorResponse>(&body) {
        Ok(e) if e.error.code == ErrorCode::Blocked => Failure::Blocked,
        Ok(e) => Failure::Service(e.error.message),
        Err(_) => Failure::Service(String::new()),
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

/// Uploads `file` to `POST /api/v1/chat/upload-image` (XMLHttpRequest, for its progress
/// events); `progress` gets the share sent (0 to 1). Answers the image's URL.
pub async fn upload_image(
    api: &Api,
    session: &Session,
    file: &web_sys::File,
    progress: impl Fn(f64) + 'static,
) -> Result<String, Failure> {
    use wasm_bindgen::closure::Closure;
    let form = web_sys::FormData::new().map_err(|_| Failure::Network)?;
    let field = |k: &str, v: &str| form.append_with_str(k, v).map_err(|_| Failure::Network);
    field("site_key", &session.token)?;
    field("session_id", &session.chat_id)?;
    if let Some(v) = &session.visitor {
        field("visitor_id", v)?;
    }
    form.append_with_blob_and_filename("image", file, &file.name())
        .map_err(|_| Failure::Network)?;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| Failure::Network)?;
    xhr.open("POST", &format!("{}api/v1/chat/upload-image", api.base))
        .map_err(|_| Failure::Network)?;
    let on_progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress(e.loaded() / e.total());
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| Failure::Network)?;
    let _ = JsFuture::from(done).await;
    drop(on_progress);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match xhr.status().unwrap_or(0) {
        200 => json::parse::<porthole_shared::api::UploadResponse>(&text)
            .map(|r| r.url)
            .map_err(|_| Failure::Network),
        0 => Err(Failure::Network),
        _ => Err(match json::parse::<ErrorResponse>(&text) {
            Ok(e) if e.error.code == ErrorCode::Blocked => Failure::Blocked,
            Ok(e) => Failure::Service(e.error.message),
            Err(_) => Failure::Service(String::new()),
        }),
    }
}
