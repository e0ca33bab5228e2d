//! Building responses: JSON bodies with a status, and reading request bodies within the size
//! limit. Every response the API sends is JSON (or SSE), never an HTML error page.

use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::limits::BODY_MAX_BYTES;
use serde::Serialize;
use worker::{Headers, Request, Response};

/// A JSON response with `status`. Serialization of our own types cannot fail; should it,
/// the client still gets a JSON 500.
pub fn json_with_status<T: Serialize>(body: &T, status: u16) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| {
        r#"{"success":false,"error":{"code":"internal","message":"could not encode the response"}}"#
            .to_owned()
    });
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json; charset=utf-8");
    Response::builder()
        .with_status(status)
        .with_headers(headers)
        .fixed(text.into_bytes())
}

/// A `200` JSON response.
pub fn json<T: Serialize>(body: &T) -> ApiResult {
    Ok(json_with_status(body, 200))
}

/// Reads the request body, refusing anything larger than the public limit with 413.
pub async fn body_bytes(req: &mut Request) -> ApiResult<Vec<u8>> {
    body_bytes_within(req, BODY_MAX_BYTES).await
}

/// Reads the request body, refusing anything larger than `max` bytes with 413.
pub async fn body_bytes_within(req: &mut Request, max: usize) -> ApiResult<Vec<u8>> {
    let declared = req
        .headers()
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let bytes = req
        .bytes()
        .await
        .map_err(|_| ApiError::new(ErrorCode::InvalidJson, "could not read the request body"))?;
    if bytes.len() > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Parses a JSON body of at most `max` bytes into `T`: 400 `invalid_json` when it is not
/// JSON, 400 `invalid_field` (with serde's explanation) when it does not fit `T`.
pub async fn body_json_within<T: serde::de::DeserializeOwned>(
    req: &mut Request,
    max: usize,
) -> ApiResult<T> {
    let bytes = body_bytes_within(req, max).await?;
    // Parsed once; converting the value into `T` moves its strings rather than parsing again.
    let value = if bytes.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|_| ApiError::new(ErrorCode::InvalidJson, "request body is not valid JSON"))?
    };
    serde_json::from_value(value).map_err(|e| ApiError::invalid(e.to_string()))
}

fn too_large() -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, "request body is too large")
}

/// [`body_json_within`] at the public body limit.
pub async fn body_json<T: serde::de::DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    body_json_within(req, BODY_MAX_BYTES).await
}
