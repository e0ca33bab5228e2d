//! Error codes and the JSON error body every endpoint answers with:
//! `{"success":false,"error":{"code":"…","message":"…"}}`. Each code has one HTTP status;
//! the code is stable and machine-readable, the message is for humans.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON, not an object, or too large to parse.
    InvalidJson,
    /// `message` is missing, not a string, empty or over 300 characters.
    InvalidMessage,
    /// `history` is not a list of `{role, content}` items.
    InvalidHistory,
    /// `chat_id` / `session_id` is not `web_` + 8–32 lowercase hex.
    InvalidChatId,
    /// `message_id` is not 1–64 characters of `A-Z a-z 0-9 _ -`.
    InvalidMessageId,
    /// Another field of the body or the query is wrong (the message names it).
    InvalidField,
    /// An email address that is not one.
    InvalidEmail,
    /// A phone number that is not E.164 once spaces and dashes are taken out.
    InvalidPhone,
    /// A name that is empty or too long.
    InvalidName,
    /// A rating that is not a whole number from 1 to 5.
    InvalidScore,
    /// A comment that is empty or too long.
    InvalidComment,
    /// The widget token is malformed or unknown (the same answer for both).
    TokenNotFound,
    /// The admin bearer token or the dashboard JWT is missing, wrong or expired.
    Unauthorized,
    /// The caller is known but may not do this (an agent and another bot's data).
    Forbidden,
    /// The visitor is blocked from this bot.
    Blocked,
    /// The page's origin is not one the bot's owner allowed.
    OriginNotAllowed,
    /// The request conflicts with what exists (an email already in use).
    Conflict,
    /// The route or the resource does not exist.
    NotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The body or an upload is larger than allowed.
    PayloadTooLarge,
    /// An upload of a type that is not accepted.
    UnsupportedMediaType,
    /// The endpoint is a WebSocket: the request must ask to upgrade.
    UpgradeRequired,
    /// Too many requests from this client; see `Retry-After`.
    RateLimited,
    /// The bot reached its owner's daily cap on messages or AI tokens.
    QuotaExceeded,
    /// The AI layer failed to produce a reply.
    AiError,
    /// Something failed inside the service.
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            InvalidJson | InvalidMessage | InvalidHistory | InvalidChatId | InvalidMessageId
            | InvalidField | InvalidEmail | InvalidPhone | InvalidName | InvalidScore
            | InvalidComment => 400,
            Unauthorized => 401,
            Forbidden | Blocked | OriginNotAllowed => 403,
            Conflict => 409,
            TokenNotFound | NotFound => 404,
            MethodNotAllowed => 405,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            UpgradeRequired => 426,
            RateLimited | QuotaExceeded => 429,
            AiError | Internal => 500,
        }
    }

    /// The wire name of the code.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidJson => "invalid_json",
            InvalidMessage => "invalid_message",
            InvalidHistory => "invalid_history",
            InvalidChatId => "invalid_chat_id",
            InvalidMessageId => "invalid_message_id",
            InvalidField => "invalid_field",
            InvalidEmail => "invalid_email",
            InvalidPhone => "invalid_phone",
            InvalidName => "invalid_name",
            InvalidScore => "invalid_score",
            InvalidComment => "invalid_comment",
            TokenNotFound => "token_not_found",
            Unauthorized => "unauthorized",
            Forbidden => "forbidden",
            Blocked => "blocked",
            OriginNotAllowed => "origin_not_allowed",
            Conflict => "conflict",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            PayloadTooLarge => "payload_too_large",
            UnsupportedMediaType => "unsupported_media_type",
            UpgradeRequired => "upgrade_required",
            RateLimited => "rate_limited",
            QuotaExceeded => "quota_exceeded",
            AiError => "ai_error",
            Internal => "internal",
        }
    }
}

/// The `error` object of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Human-readable explanation, safe to show (never internal details).
    pub message: String,
}

/// A whole error response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// Always `false`.
    pub success: bool,
    /// What went wrong.
    pub error: ErrorBody,
}

impl ErrorResponse {
    /// An error response with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            success: false,
            error: ErrorBody {
                code,
                message: message.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_to_their_wire_names() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::TokenNotFound,
            ErrorCode::RateLimited,
            ErrorCode::AiError,
            ErrorCode::MethodNotAllowed,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn an_error_response_has_the_documented_shape() {
        let body =
            serde_json::to_value(ErrorResponse::new(ErrorCode::TokenNotFound, "nope")).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"success": false, "error": {"code": "token_not_found", "message": "nope"}})
        );
        assert_eq!(ErrorCode::TokenNotFound.status(), 404);
        assert_eq!(ErrorCode::RateLimited.status(), 429);
    }
}
