//! [`ApiError`]: what a handler returns when it refuses or fails a request, and the one place
//! where it becomes a JSON response with its status (and `Retry-After` for 429s). Internal
//! failures are logged with their detail; the client gets only a stable code and a message.

use crate::web::respond;
use porthole_shared::channel::ChannelError;
use porthole_shared::webchat::Detail;
use porthole_shared::{ErrorBody, ErrorCode, ErrorResponse, RequestError};
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
    /// The accepted values of a bad parameter (seed 004's `valid_types`).
    pub valid_types: Option<Vec<String>>,
    /// For a refused page origin: the origin CORS names instead of the caller's.
    pub allow_origin: Option<String>,
}

/// How a seed shapes its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// `{"success":false,"error":{"code","message"}}` (seeds 000, 002, 003, the admin API).
    Standard,
    /// `{"ok":false,"error":{"code","message"}}` (seed 001).
    Channel,
    /// `{"detail":"…","valid_types"?:[…]}` (seed 004).
    Detail,
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
            valid_types: None,
            allow_origin: None,
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
        self.into_response_as(ErrorShape::Standard)
    }

    /// The JSON response for this error, in `shape`.
    pub fn into_response_as(self, shape: ErrorShape) -> Response {
        let status = self.code.status();
        let mut response = match shape {
            ErrorShape::Standard => {
                respond::json_with_status(&ErrorResponse::new(self.code, self.message), status)
            }
            ErrorShape::Channel => respond::json_with_status(
                &ChannelError {
                    ok: false,
                    error: ErrorBody {
                        code: self.code,
                        message: self.message,
                    },
                },
                status,
            ),
            ErrorShape::Detail => respond::json_with_status(
                &Detail {
                    detail: self.message,
                    valid_types: self.valid_types,
                },
                status,
            ),
        };
        if let Some(secs) = self.retry_after {
            let _ = response.headers_mut().set("Retry-After", &secs.to_string());
        }
        if let Some(origin) = &self.allow_origin {
            let _ = response
                .headers_mut()
                .set("Access-Control-Allow-Origin", origin);
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
