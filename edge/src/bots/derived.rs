//! Ids Porthole derives from an integrator's own: a seed-002 `sessionId` (or a `conversationId`
//! of the integrator's making, such as the seed's `conv-456`) becomes a chat id, a seed-001
//! `user_external_id` a visitor id (so the same external id is the same visitor, and a block
//! follows them). SHA-256 of the bot's token and the id, so each bot's ids are its own and
//! nothing needs storing.

use porthole_shared::{ChatId, VisitorId, WidgetToken};
use sha2::{Digest, Sha256};

fn bytes(token: &WidgetToken, kind: &str, id: &str) -> [u8; 16] {
    let digest = Sha256::digest(format!("porthole/{kind}/{}/{id}", token.as_str()).as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// The chat of a seed-002 session.
pub fn chat_of_session(token: &WidgetToken, session: &str) -> ChatId {
    ChatId::from_random_bytes(bytes(token, "session", session))
}

/// The chat a seed-002 `conversationId` of the integrator's own names: 1 to 64 characters of
/// `A-Z a-z 0-9 _ - . :`; `None` for anything else.
pub fn chat_of_conversation(token: &WidgetToken, named: &str) -> Option<ChatId> {
    porthole_shared::ids::client_made(named, 1)
        .then(|| ChatId::from_random_bytes(bytes(token, "conversation", named)))
}

/// The chat of a seed-000 message sent with a `message_id` but no `chat_id`, so that a retry
/// lands in the same conversation (and so gets the same turn).
pub fn chat_of_message(token: &WidgetToken, message_id: &str) -> ChatId {
    ChatId::from_random_bytes(bytes(token, "message", message_id))
}

/// The visitor of a seed-001 external id.
pub fn visitor_of_external(token: &WidgetToken, external: &str) -> VisitorId {
    let hex = porthole_shared::ids::hex(&bytes(token, "visitor", external));
    VisitorId::parse(&format!("v_{hex}")).unwrap_or_else(|_| unreachable!("32 hex digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_id_gives_the_same_chat_and_bots_are_apart() {
        let a = WidgetToken::parse(&"a".repeat(32)).unwrap();
        let b = WidgetToken::parse(&"b".repeat(32)).unwrap();
        assert_eq!(chat_of_session(&a, "s1"), chat_of_session(&a, "s1"));
        assert_ne!(chat_of_session(&a, "s1"), chat_of_session(&a, "s2"));
        assert_ne!(chat_of_session(&a, "s1"), chat_of_session(&b, "s1"));
        assert!(visitor_of_external(&a, "x").as_str().starts_with("v_"));
        let named = chat_of_conversation(&a, "conv-456").unwrap();
        assert_eq!(chat_of_conversation(&a, "conv-456"), Some(named.clone()));
        assert_ne!(chat_of_conversation(&b, "conv-456"), Some(named.clone()));
        assert_ne!(
            chat_of_session(&a, "conv-456"),
            named,
            "apart from sessions"
        );
        for bad in ["", "a b", "../x", &"x".repeat(65)] {
            assert_eq!(chat_of_conversation(&a, bad), None, "{bad:?}");
        }
    }
}
