//! Random identifiers from the runtime's cryptographic random source (`crypto.getRandomValues`).

use crate::web::error::{ApiError, ApiResult};
use porthole_shared::{ChatId, MessageId, WidgetToken};

/// 16 cryptographically random bytes; never a predictable fallback.
pub fn bytes16() -> ApiResult<[u8; 16]> {
    let mut buf = [0u8; 16];
    getrandom::getrandom(&mut buf).map_err(|e| ApiError::internal(format!("getrandom: {e}")))?;
    Ok(buf)
}

/// A fresh widget token.
pub fn token() -> ApiResult<WidgetToken> {
    bytes16().map(WidgetToken::from_random_bytes)
}

/// A fresh chat id.
pub fn chat_id() -> ApiResult<ChatId> {
    bytes16().map(ChatId::from_random_bytes)
}

/// A fresh server-side message id.
pub fn message_id() -> ApiResult<MessageId> {
    bytes16().map(MessageId::from_random_bytes)
}

/// `prefix` followed by 32 random hex digits (for ids of sockets, operators, campaigns, keys).
pub fn hex_id(prefix: &str) -> ApiResult<String> {
    Ok(format!(
        "{prefix}{}",
        porthole_shared::ids::hex(&bytes16()?)
    ))
}
