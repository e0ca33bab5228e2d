//! [`ApiError`]: what a handler returns when it refuses or fails a request, and the one place
//! where it becomes a JSON response with its status (and `Retry-After` for 429s). Internal
//! failures are logged with their detail; the client gets only a stable code and a message.

use crate::respond;
use porthole_shared::{ErrorCode, ErrorResponse, RequestError};
use worker::Response;

/// A refusal or failure, mapped to a status by its [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Code (and so status).
    pub code: ErrorCode,
    /// Message safe to show to the client.
    pub message: String,
    /// Seconds to wait before retrying, for 429s.
    pub retry_after: Option<u64>,
}

/// What handlers return.
pub type ApiResult<T = Response> = Result<T, ApiError>;

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 404 for a malformed or unknown widget token (the same answer for both).
    pub fn unknown_token() -> Self {
        Self::new(
            ErrorCode::TokenNotFound,
            "unknown or malformed widget token",
        )
    }

    /// 404 for a missing resource.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// 400 for a bad field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidField, message)
    }

    /// 500 that logs `detail` and tells the client only that something failed.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        worker::console_error!("internal error: {detail}");
        Self::new(
            ErrorCode::Internal,
            "something went wrong on our side; please try again",
        )
    }

    /// The JSON response for this error.
    pub fn into_response(self) -> Response {
        let body = ErrorResponse::new(self.code, self.message);
        let mut response = respond::json_with_status(&body, self.code.status());
        if let Some(secs) = self.retry_after {
            let _ = response.headers_mut().set("Retry-After", &secs.to_string());
        }
        response
    }
}

impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> Self {
        Self::new(e.code, e.message)
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        Self::internal(e)
    }
}

impl From<worker::KvError> for ApiError {
    fn from(e: worker::KvError) -> Self {
        Self::internal(format!("kv: {e:?}"))
    }
}
