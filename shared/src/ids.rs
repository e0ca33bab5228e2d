//! Identifiers that arrive from clients: the bot's widget token, the chat id and the client's
//! message id. Each is a newtype whose only constructor, `parse`, enforces the contract.

use crate::limits::{
    CHAT_ID_HEX_MAX, CHAT_ID_HEX_MIN, EXTERNAL_ID_MAX_CHARS, MESSAGE_ID_MAX_LEN,
    WIDGET_TOKEN_HEX_LEN,
};
use std::fmt;

/// Why an identifier was refused: a phrase to follow the field's name ("must be …"), safe to
/// show to a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IdError(pub &'static str);

/// Implements the traits every string newtype here shares: `Display`, `AsRef<str>`,
/// `as_str`, and serde through `parse` (so a bad value fails deserialization).
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
        text_serde!($name);
    };
}

fn is_lower_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A bot's public widget token: exactly 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WidgetToken(String);
string_newtype!(WidgetToken);

impl WidgetToken {
    /// Accepts exactly [`WIDGET_TOKEN_HEX_LEN`] lowercase hex digits.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        if raw.len() == WIDGET_TOKEN_HEX_LEN && is_lower_hex(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(IdError("must be 32 lowercase hex characters"))
        }
    }

    /// Builds a token from 16 random bytes (the caller supplies the randomness).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(hex(&bytes))
    }

    /// A seed-003 `site_key`: the token, which the seed writes as `sk_…`; with or without
    /// that prefix.
    pub fn of_site_key(raw: &str) -> Result<Self, IdError> {
        Self::parse(raw.strip_prefix("sk_").unwrap_or(raw))
    }
}

/// Whether `raw` could be an id of a client's own making: `min` to 64 characters of
/// `A-Z a-z 0-9 _ - . :` (seed 003's `sess_…`, seed 002's `conv-456`).
pub fn client_made(raw: &str, min: usize) -> bool {
    let fits = |b: u8| b.is_ascii_alphanumeric() || b"_-.:".contains(&b);
    (min..=64).contains(&raw.len()) && raw.bytes().all(fits)
}

/// A conversation's id: `web_` (the widget's and seed 000's clients) or `api_` (seed 001's API
/// channel), followed by 8 to 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatId(String);
string_newtype!(ChatId);

impl ChatId {
    /// The prefix of widget chats.
    pub const PREFIX: &'static str = "web_";
    /// The prefix of API-channel conversations.
    pub const API_PREFIX: &'static str = "api_";

    /// Accepts `web_` or `api_` followed by 8 to 32 lowercase hex digits.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let hex_part = raw
            .strip_prefix(Self::PREFIX)
            .or_else(|| raw.strip_prefix(Self::API_PREFIX))
            .ok_or(IdError("must start with \"web_\""))?;
        let len_ok = (CHAT_ID_HEX_MIN..=CHAT_ID_HEX_MAX).contains(&hex_part.len());
        if len_ok && is_lower_hex(hex_part) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(IdError(
                "must be \"web_\" followed by 8 to 32 lowercase hex characters",
            ))
        }
    }

    /// The conversation's number (seed 003's `done` frame shows `"conversation_id": 50`): an
    /// integer from 1 to 2^53 − 1 (safe in JavaScript), the same for this chat of this bot
    /// every time, and in practice no other conversation's (53 bits of a SHA-256 of both:
    /// among a million conversations, two share one with a chance of about one in 18,000).
    /// Computed, never counted, so no object keeps a counter for it.
    pub fn number(&self, token: &WidgetToken) -> u64 {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(
            format!("porthole/conversation/{}/{}", token.as_str(), self.0).as_bytes(),
        );
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&digest[..8]);
        (u64::from_be_bytes(bytes) >> 11).max(1)
    }

    /// A seed-003 `session_id`: a chat id, or a session id of the client's own making (the
    /// seed's `sess_…`: 8 to 64 characters of `A-Z a-z 0-9 _ . : -`), which always names the
    /// same chat: `web_` and the first 16 bytes of its SHA-256.
    pub fn of_session(raw: &str) -> Result<Self, IdError> {
        use sha2::{Digest, Sha256};
        if let Ok(id) = Self::parse(raw) {
            return Ok(id);
        }
        if !client_made(raw, 8) {
            return Err(IdError(
                "must be \"web_\" followed by 8 to 32 lowercase hex characters, or a session id of 8 to 64 characters of A-Z, a-z, 0-9, _ . : or -",
            ));
        }
        let digest = Sha256::digest(format!("porthole/session/{raw}").as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Ok(Self::from_random_bytes(bytes))
    }

    /// Builds a fresh chat id from 16 random bytes (the caller supplies the randomness).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(format!("{}{}", Self::PREFIX, hex(&bytes)))
    }

    /// An API-channel conversation id from 16 bytes.
    pub fn api_from_bytes(bytes: [u8; 16]) -> Self {
        Self(format!("{}{}", Self::API_PREFIX, hex(&bytes)))
    }

    /// Whether this is an API-channel conversation.
    pub fn is_api(&self) -> bool {
        self.0.starts_with(Self::API_PREFIX)
    }
}

/// A client-chosen id for one visitor message, which makes sending it idempotent:
/// 1 to 64 characters from `A-Z a-z 0-9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(String);
string_newtype!(MessageId);

impl MessageId {
    /// Accepts 1 to [`MESSAGE_ID_MAX_LEN`] characters from `A-Z a-z 0-9 _ -`.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let charset_ok = raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !raw.is_empty() && raw.len() <= MESSAGE_ID_MAX_LEN && charset_ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(IdError(
                "must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -",
            ))
        }
    }

    /// Builds a server-side message id from 16 random bytes.
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(format!("m_{}", hex(&bytes)))
    }
}

/// A visitor's browser id: `v_` + 32 lowercase hex digits (128 random bits), kept by the
/// widget across chats, so that a blocked visitor stays blocked in a new chat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VisitorId(String);
string_newtype!(VisitorId);

impl VisitorId {
    /// Accepts `v_` followed by exactly 32 lowercase hex digits.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        match raw.strip_prefix("v_") {
            Some(hex) if hex.len() == 32 && is_lower_hex(hex) => Ok(Self(raw.to_owned())),
            _ => Err(IdError(
                "must be \"v_\" followed by 32 lowercase hex characters",
            )),
        }
    }
}

/// An API channel's visitor (seed 001's `visitor_key`): the integrator's
/// `user_external_id`, `_`, and the bot's public id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VisitorKey(String);
string_newtype!(VisitorKey);

impl VisitorKey {
    /// The key of the integrator's user `external` (trimmed; 1 to
    /// [`EXTERNAL_ID_MAX_CHARS`] characters) on the bot `bot`.
    pub fn of(external: &str, bot: &BotId) -> Result<Self, IdError> {
        let external = external.trim();
        if external.is_empty() || external.chars().count() > EXTERNAL_ID_MAX_CHARS {
            return Err(IdError("must be 1 to 200 characters"));
        }
        Ok(Self(format!("{external}_{bot}")))
    }

    /// Accepts what [`VisitorKey::of`] makes.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let (external, bot) = raw.rsplit_once('_').ok_or(IdError(
            "must be a user's external id, \"_\" and a bot's id",
        ))?;
        Self::of(external, &BotId::parse(bot)?).and_then(|key| {
            if key.0 == raw {
                Ok(key)
            } else {
                Err(IdError("must not start or end its user's id with a space"))
            }
        })
    }
}

/// A bot's public id: a UUID (version 4, lowercase). Seed 002 calls it `widgetId`, seed 004 the
/// web chat's and chatbot's `id`; the widget token stays the key to the bot itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BotId(String);
string_newtype!(BotId);

impl BotId {
    /// Accepts `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex (either case; kept lowercase).
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let lower = raw.to_ascii_lowercase();
        let groups: Vec<&str> = lower.split('-').collect();
        let shape_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups.iter().all(|g| is_lower_hex(g));
        if shape_ok {
            Ok(Self(lower))
        } else {
            Err(IdError("must be a UUID"))
        }
    }

    /// A version-4 UUID from 16 random bytes.
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let h = hex(&bytes);
        Self(format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        ))
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_visitor_key_is_the_users_id_and_the_bots() {
        let bot = BotId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap();
        let key = VisitorKey::of(" crm_42_b ", &bot).unwrap();
        assert_eq!(
            key.as_str(),
            "crm_42_b_0f8fad5b-d9cb-469f-a165-70867728950e"
        );
        assert_eq!(VisitorKey::parse(key.as_str()), Ok(key));
        assert!(VisitorKey::of(" ", &bot).is_err());
        let long = "x".repeat(EXTERNAL_ID_MAX_CHARS + 1);
        let refused = VisitorKey::of(&long, &bot).unwrap_err();
        assert!(refused.0.contains(&EXTERNAL_ID_MAX_CHARS.to_string()));
        for bad in [
            "crm_42",
            "_0f8fad5b-d9cb-469f-a165-70867728950e",
            " a_0f8fad5b-d9cb-469f-a165-70867728950e",
        ] {
            assert!(VisitorKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_32_char_lowercase_hex_token_is_accepted() {
        assert!(WidgetToken::parse("0123456789abcdef0123456789abcdef").is_ok());
    }

    #[test]
    fn tokens_of_the_wrong_shape_are_rejected() {
        for bad in [
            "",
            "0123456789abcdef0123456789abcde",   // 31
            "0123456789abcdef0123456789abcdef0", // 33
            "0123456789ABCDEF0123456789abcdef",  // uppercase
            "0123456789abcdef0123456789abcdeg",  // g
            "../../etc/passwd0123456789abcdef0",
        ] {
            assert!(
                WidgetToken::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn chat_ids_from_8_to_32_hex_digits_are_accepted() {
        assert!(ChatId::parse("web_abcd1234").is_ok());
        assert!(ChatId::parse(&format!("web_{}", "a".repeat(32))).is_ok());
    }

    #[test]
    fn a_session_id_of_the_clients_making_always_names_the_same_chat() {
        let a = ChatId::of_session("sess_abc123").unwrap();
        assert!(a.as_str().starts_with("web_") && a.as_str().len() == 36);
        assert_eq!(ChatId::of_session("sess_abc123").unwrap(), a);
        assert_ne!(ChatId::of_session("sess_abc124").unwrap(), a);
        assert_eq!(
            ChatId::of_session("web_abcd1234").unwrap().as_str(),
            "web_abcd1234",
            "a chat id is itself"
        );
        for bad in ["sess_1", "", "sess abc123", "sess/abc123", &"s".repeat(65)] {
            assert!(ChatId::of_session(bad).is_err(), "{bad:?}");
        }
        let token = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            WidgetToken::of_site_key(&format!("sk_{token}"))
                .unwrap()
                .as_str(),
            token
        );
        assert!(WidgetToken::of_site_key("sk_nope").is_err());
    }

    #[test]
    fn chat_ids_of_the_wrong_shape_are_rejected() {
        for bad in [
            "web_abc1234",                           // 7 digits
            "web_ABCD1234",                          // uppercase
            "abcd1234",                              // no prefix
            "WEB_abcd1234",                          // prefix case
            "web_abcd12345678901234567890123456789", // 33
            "web_abcd-1234",
        ] {
            assert!(ChatId::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn generated_ids_parse() {
        let bytes = [0xab; 16];
        assert!(WidgetToken::parse(WidgetToken::from_random_bytes(bytes).as_str()).is_ok());
        assert!(ChatId::parse(ChatId::from_random_bytes(bytes).as_str()).is_ok());
        assert!(MessageId::parse(MessageId::from_random_bytes(bytes).as_str()).is_ok());
    }

    #[test]
    fn a_conversation_number_is_safe_in_javascript_stable_and_its_own() {
        let token = WidgetToken::parse("0123456789abcdef0123456789abcdef").unwrap();
        let other = WidgetToken::parse("fedcba9876543210fedcba9876543210").unwrap();
        let chat = ChatId::parse("web_abcd1234").unwrap();
        let n = chat.number(&token);
        assert!((1..(1u64 << 53)).contains(&n), "{n}");
        assert_eq!(chat.number(&token), n, "stable");
        assert_ne!(chat.number(&other), n, "of its bot");
        assert_ne!(ChatId::parse("web_abcd1235").unwrap().number(&token), n);
    }

    #[test]
    fn bot_ids_are_version_4_uuids() {
        let id = BotId::from_random_bytes([0xff; 16]);
        assert_eq!(id.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(BotId::parse(id.as_str()), Ok(id));
        assert!(BotId::parse("550E8400-E29B-41D4-A716-446655440000").is_ok());
        for bad in [
            "",
            "550e8400e29b41d4a716446655440000",
            "550e8400-e29b-41d4-a716-44665544000g",
        ] {
            assert!(BotId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_token_deserializes_only_when_valid() {
        let ok: Result<WidgetToken, _> =
            serde_json::from_str("\"0123456789abcdef0123456789abcdef\"");
        assert!(ok.is_ok());
        let bad: Result<WidgetToken, _> = serde_json::from_str("\"nope\"");
        assert!(bad.is_err());
    }

    proptest! {
        #[test]
        fn any_lowercase_hex_chat_id_in_range_parses(hex in "[0-9a-f]{8,32}") {
            let raw = format!("web_{hex}");
            let parsed = ChatId::parse(&raw).unwrap();
            prop_assert_eq!(parsed.as_str(), raw.as_str());
        }

        #[test]
        fn a_token_parses_iff_it_is_32_lowercase_hex(raw in "[0-9a-fA-Z_]{0,40}") {
            let expected = raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            prop_assert_eq!(WidgetToken::parse(&raw).is_ok(), expected);
        }

        #[test]
        fn hex_round_trips_length(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let h = hex(&bytes);
            prop_assert_eq!(h.len(), bytes.len() * 2);
            prop_assert!(h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
    }
}
