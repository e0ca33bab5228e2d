//! Request bodies of the public endpoints, parsed in one step from raw JSON bytes into typed
//! values. Each refusal carries the [`ErrorCode`] (and so the status) the contract names:
//! malformed JSON → 400, bad token → 404, bad message / history / chat id → 400.
//!
//! The token is checked before the other fields, so an unknown bot is always a 404.

use crate::error::ErrorCode;
use crate::history::History;
use crate::ids::{ChatId, MessageId, VisitorId, WidgetToken};
use crate::limits::BODY_MAX_BYTES;
use crate::text::MessageText;
use serde_json::{Map, Value};

/// Why a request body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    /// The code (and so the status) to answer with.
    pub code: ErrorCode,
    /// A message safe to show to the client.
    pub message: String,
}

impl RequestError {
    /// A refusal with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// `POST /api/widget/ping` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PingRequest {
    /// The bot.
    pub token: WidgetToken,
}

/// `POST /api/widget/message` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRequest {
    /// The bot.
    pub token: WidgetToken,
    /// What the visitor wrote.
    pub message: MessageText,
    /// Up to the last ten earlier messages, as the client knows them.
    pub history: History,
    /// The conversation; a new one is made when absent.
    pub chat_id: Option<ChatId>,
    /// The client's id of this message (not in seed 000; optional): a retried request with the
    /// same id gets the same reply and runs no second turn.
    pub message_id: Option<MessageId>,
}

/// `POST /api/v1/chat/stream` body (seed 003: `site_key`, `session_id`, `message`, `lang`,
/// `message_id`). `site_key` is the widget token and `session_id` the chat id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamRequest {
    /// The bot (`site_key`).
    pub token: WidgetToken,
    /// What the visitor wrote.
    pub message: MessageText,
    /// The conversation (`session_id`); a new one is made when absent.
    pub chat_id: Option<ChatId>,
    /// The client's id for this message; resending it replays the same turn.
    pub message_id: Option<MessageId>,
    /// The visitor's language (BCP 47, e.g. `en`, `zh-TW`), when known.
    pub lang: Option<String>,
    /// The visitor's browser id, when the client sends one.
    pub visitor_id: Option<VisitorId>,
}

/// The session a visitor-side call is about: `site_key`, `session_id` (both required) and the
/// optional `visitor_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRef {
    /// The bot (`site_key`).
    pub token: WidgetToken,
    /// The conversation (`session_id`).
    pub chat_id: ChatId,
    /// The visitor's browser id.
    pub visitor_id: Option<VisitorId>,
}

impl SessionRef {
    /// Reads the session fields of a body (404 for the token, 400 for the rest).
    pub fn from_body(body: &Map<String, Value>) -> Result<Self, RequestError> {
        Ok(Self {
            token: token(body, "site_key")?,
            chat_id: chat_id(body, "session_id")?.ok_or_else(|| {
                RequestError::new(ErrorCode::InvalidChatId, "session_id is required")
            })?,
            visitor_id: visitor_id(optional_str(body, "visitor_id", ErrorCode::InvalidField)?)?,
        })
    }
}

/// `POST /api/v1/chat/handoff {"site_key","session_id","visitor_id"?,"cancel"?}`: the visitor
/// asks for a person (or, with `cancel`, no longer waits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffRequest {
    /// The session.
    pub session: SessionRef,
    /// Stop waiting instead.
    pub cancel: bool,
}

impl HandoffRequest {
    /// Parses a handoff body.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            session: SessionRef::from_body(&body)?,
            cancel: optional_bool(&body, "cancel")?.unwrap_or(false),
        })
    }
}

/// `POST /api/v1/chat/stop {"site_key","session_id","message_id"?}`: stop the reply being
/// written (that turn, or any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRequest {
    /// The session.
    pub session: SessionRef,
    /// The turn to stop.
    pub message_id: Option<MessageId>,
}

impl StopRequest {
    /// Parses a stop body.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            session: SessionRef::from_body(&body)?,
            message_id: message_id(&body)?,
        })
    }
}

/// Parses an optional `visitor_id`.
pub fn visitor_id(raw: Option<&str>) -> Result<Option<VisitorId>, RequestError> {
    raw.map(|raw| {
        VisitorId::parse(raw)
            .map_err(|e| RequestError::new(ErrorCode::InvalidField, format!("visitor_id {}", e.0)))
    })
    .transpose()
}

impl PingRequest {
    /// Parses a ping body.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            token: token(&body, "token")?,
        })
    }
}

impl MessageRequest {
    /// Parses a message body.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            token: token(&body, "token")?,
            message: message(&body)?,
            history: History::from_json(body.get("history"))
                .map_err(|e| RequestError::new(ErrorCode::InvalidHistory, e.to_string()))?,
            chat_id: chat_id(&body, "chat_id")?,
            message_id: message_id(&body)?,
        })
    }
}

impl StreamRequest {
    /// Parses a stream body.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        Ok(Self {
            token: token(&body, "site_key")?,
            message: message(&body)?,
            chat_id: chat_id(&body, "session_id")?,
            message_id: message_id(&body)?,
            lang: optional_str(&body, "lang", ErrorCode::InvalidField)?
                .map(parse_lang)
                .transpose()?,
            visitor_id: visitor_id(optional_str(&body, "visitor_id", ErrorCode::InvalidField)?)?,
        })
    }
}

fn message_id(body: &Map<String, Value>) -> Result<Option<MessageId>, RequestError> {
    optional_str(body, "message_id", ErrorCode::InvalidMessageId)?
        .map(|raw| {
            MessageId::parse(raw).map_err(|e| {
                RequestError::new(ErrorCode::InvalidMessageId, format!("message_id {}", e.0))
            })
        })
        .transpose()
}

/// A field that may be absent or `null`, and otherwise must be a boolean.
fn optional_bool(body: &Map<String, Value>, field: &str) -> Result<Option<bool>, RequestError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(RequestError::new(
            ErrorCode::InvalidField,
            format!("{field} must be true or false"),
        )),
    }
}

/// The body as a JSON object, or `invalid_json`.
pub fn object(bytes: &[u8]) -> Result<Map<String, Value>, RequestError> {
    if bytes.len() > BODY_MAX_BYTES {
        return Err(RequestError::new(
            ErrorCode::PayloadTooLarge,
            "request body is too large",
        ));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(RequestError::new(
            ErrorCode::InvalidJson,
            "request body must be a JSON object",
        )),
        Err(_) => Err(RequestError::new(
            ErrorCode::InvalidJson,
            "request body is not valid JSON",
        )),
    }
}

/// How the token under `field` is read: seed 003's `site_key` may carry the seed's `sk_`.
pub fn token_reader(field: &str) -> fn(&str) -> Result<WidgetToken, crate::ids::IdError> {
    if field == "site_key" {
        WidgetToken::of_site_key
    } else {
        WidgetToken::parse
    }
}

/// The token under `field` ([`token_reader`]); anything but a well-formed token is the same 404
/// as an unknown one.
pub fn token(body: &Map<String, Value>, field: &str) -> Result<WidgetToken, RequestError> {
    let parse = token_reader(field);
    body.get(field)
        .and_then(Value::as_str)
        .and_then(|raw| parse(raw).ok())
        .ok_or_else(|| {
            RequestError::new(
                ErrorCode::TokenNotFound,
                "unknown or malformed widget token",
            )
        })
}

fn message(body: &Map<String, Value>) -> Result<MessageText, RequestError> {
    let raw = body
        .get("message")
        .and_then(Value::as_str)
        .ok_or_else(|| RequestError::new(ErrorCode::InvalidMessage, "message must be a string"))?;
    MessageText::parse(raw).map_err(|e| RequestError::new(ErrorCode::InvalidMessage, e.to_string()))
}

/// The chat id under `field`; seed 003's `session_id` may also be a session id of the client's
/// own making ([`ChatId::of_session`]).
fn chat_id(body: &Map<String, Value>, field: &str) -> Result<Option<ChatId>, RequestError> {
    let parse = if field == "session_id" {
        ChatId::of_session
    } else {
        ChatId::parse
    };
    optional_str(body, field, ErrorCode::InvalidChatId)?
        .map(|raw| {
            parse(raw).map_err(|e| {
                RequestError::new(ErrorCode::InvalidChatId, format!("{field} {}", e.0))
            })
        })
        .transpose()
}

/// A field that may be absent or `null`, and otherwise must be a string.
pub fn optional_str<'a>(
    body: &'a Map<String, Value>,
    field: &str,
    code: ErrorCode,
) -> Result<Option<&'a str>, RequestError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(RequestError::new(code, format!("{field} must be a string"))),
    }
}

fn parse_lang(raw: &str) -> Result<String, RequestError> {
    let ok = !raw.is_empty()
        && raw.len() <= 16
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(RequestError::new(
            ErrorCode::InvalidField,
            "lang must be a language tag such as \"en\" or \"zh-TW\"",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn parse_message(body: Value) -> Result<MessageRequest, RequestError> {
        MessageRequest::from_json(body.to_string().as_bytes())
    }

    #[test]
    fn a_valid_message_body_parses() {
        let req = parse_message(json!({
            "token": TOKEN, "message": "Hello", "history": [], "chat_id": "web_abcd1234"
        }))
        .unwrap();
        assert_eq!(req.message.as_str(), "Hello");
        assert_eq!(req.chat_id.unwrap().as_str(), "web_abcd1234");
    }

    #[test]
    fn chat_id_and_history_may_be_absent() {
        let req = parse_message(json!({"token": TOKEN, "message": "Hi"})).unwrap();
        assert!(req.chat_id.is_none());
        assert!(req.history.is_empty());
    }

    #[test]
    fn each_bad_message_body_gets_its_code() {
        let cases = [
            (
                json!({"token": "nope", "message": "x"}),
                ErrorCode::TokenNotFound,
            ),
            (
                json!({"token": 5, "message": "x"}),
                ErrorCode::TokenNotFound,
            ),
            (json!({"message": "x"}), ErrorCode::TokenNotFound),
            (json!({"token": TOKEN}), ErrorCode::InvalidMessage),
            (
                json!({"token": TOKEN, "message": ""}),
                ErrorCode::InvalidMessage,
            ),
            (
                json!({"token": TOKEN, "message": 42}),
                ErrorCode::InvalidMessage,
            ),
            (
                json!({"token": TOKEN, "message": ["a"]}),
                ErrorCode::InvalidMessage,
            ),
            (
                json!({"token": TOKEN, "message": "a".repeat(301)}),
                ErrorCode::InvalidMessage,
            ),
            (
                json!({"token": TOKEN, "message": "x", "history": "x"}),
                ErrorCode::InvalidHistory,
            ),
            (
                json!({"token": TOKEN, "message": "x", "history": [{"role": "user"}]}),
                ErrorCode::InvalidHistory,
            ),
            (
                json!({"token": TOKEN, "message": "x", "chat_id": "web_xyz"}),
                ErrorCode::InvalidChatId,
            ),
            (
                json!({"token": TOKEN, "message": "x", "chat_id": 12345678}),
                ErrorCode::InvalidChatId,
            ),
            (json!(["not", "an", "object"]), ErrorCode::InvalidJson),
        ];
        for (body, code) in cases {
            assert_eq!(
                parse_message(body.clone()).unwrap_err().code,
                code,
                "{body}"
            );
        }
    }

    #[test]
    fn malformed_json_is_invalid_json() {
        let err = MessageRequest::from_json(b"{\"token\":").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidJson);
        assert_eq!(err.code.status(), 400);
    }

    #[test]
    fn a_bad_token_wins_over_a_bad_message() {
        let err = parse_message(json!({"token": "x", "message": ""})).unwrap_err();
        assert_eq!(err.code, ErrorCode::TokenNotFound);
    }

    #[test]
    fn a_stream_body_uses_the_seed_003_names() {
        let req = StreamRequest::from_json(
            json!({"site_key": TOKEN, "session_id": "web_abcd1234", "message": "Do you ship?", "lang": "en", "message_id": "m_abc"})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(req.token.as_str(), TOKEN);
        assert_eq!(req.chat_id.unwrap().as_str(), "web_abcd1234");
        assert_eq!(req.message_id.unwrap().as_str(), "m_abc");
        assert_eq!(req.lang.as_deref(), Some("en"));
    }

    #[test]
    fn a_stream_body_with_a_bad_message_id_or_lang_is_refused() {
        let bad_id = json!({"site_key": TOKEN, "message": "x", "message_id": "has space"});
        let bad_lang = json!({"site_key": TOKEN, "message": "x", "lang": "<script>"});
        assert_eq!(
            StreamRequest::from_json(bad_id.to_string().as_bytes())
                .unwrap_err()
                .code,
            ErrorCode::InvalidMessageId
        );
        assert_eq!(
            StreamRequest::from_json(bad_lang.to_string().as_bytes())
                .unwrap_err()
                .code,
            ErrorCode::InvalidField
        );
    }

    #[test]
    fn a_ping_needs_only_a_token() {
        assert!(PingRequest::from_json(json!({"token": TOKEN}).to_string().as_bytes()).is_ok());
        assert_eq!(
            PingRequest::from_json(b"{}").unwrap_err().code,
            ErrorCode::TokenNotFound
        );
        assert_eq!(
            PingRequest::from_json(b"nope").unwrap_err().code,
            ErrorCode::InvalidJson
        );
    }
}
