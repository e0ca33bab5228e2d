//! [`MessageText`]: what a visitor may send — 1 to 300 characters once surrounding
//! whitespace is trimmed, counted as Unicode characters (300 CJK characters pass); through the
//! API channel, up to [`API_MESSAGE_MAX_CHARS`].

use crate::limits::{API_MESSAGE_MAX_CHARS, MESSAGE_MAX_CHARS};
use std::fmt;

/// Why a message was refused; the text is safe to show to a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageTextError {
    /// Nothing but whitespace.
    #[error("message must not be empty")]
    Empty,
    /// More than the limit's characters (the limit, what came).
    #[error("message must be at most {0} characters (got {1})")]
    TooLong(usize, usize),
}

/// A visitor message that honours the contract. Surrounding whitespace is trimmed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct MessageText(String);

impl MessageText {
    /// Trims `raw` and accepts it when it holds 1 to 300 characters.
    pub fn parse(raw: &str) -> Result<Self, MessageTextError> {
        Self::parse_within(raw, MESSAGE_MAX_CHARS)
    }

    /// Trims `raw` and accepts it when it holds 1 to [`API_MESSAGE_MAX_CHARS`] characters (a
    /// message of the API channel).
    pub fn parse_api(raw: &str) -> Result<Self, MessageTextError> {
        Self::parse_within(raw, API_MESSAGE_MAX_CHARS)
    }

    fn parse_within(raw: &str, max: usize) -> Result<Self, MessageTextError> {
        let trimmed = raw.trim();
        let chars = trimmed.chars().count();
        match chars {
            0 => Err(MessageTextError::Empty),
            n if n > max => Err(MessageTextError::TooLong(max, n)),
            _ => Ok(Self(trimmed.to_owned())),
        }
    }

    /// The message as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for MessageText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_message_is_rejected() {
        assert_eq!(MessageText::parse(""), Err(MessageTextError::Empty));
        assert_eq!(MessageText::parse("  \n\t "), Err(MessageTextError::Empty));
    }

    #[test]
    fn an_api_message_may_hold_4000_chars() {
        assert!(MessageText::parse_api(&"a".repeat(4_000)).is_ok());
        assert_eq!(
            MessageText::parse_api(&"a".repeat(4_001)),
            Err(MessageTextError::TooLong(4_000, 4_001))
        );
        assert!(MessageText::parse(&"a".repeat(301)).is_err());
    }

    #[test]
    fn a_message_of_300_chars_is_accepted() {
        assert!(MessageText::parse(&"a".repeat(300)).is_ok());
    }

    #[test]
    fn a_message_of_301_chars_is_rejected() {
        assert_eq!(
            MessageText::parse(&"a".repeat(301)),
            Err(MessageTextError::TooLong(300, 301))
        );
    }

    #[test]
    fn three_hundred_cjk_characters_pass_although_they_are_900_bytes() {
        let text = "你".repeat(300);
        assert_eq!(text.len(), 900);
        assert!(MessageText::parse(&text).is_ok());
        assert!(MessageText::parse(&"你".repeat(301)).is_err());
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(MessageText::parse("  hi \n").unwrap().as_str(), "hi");
    }

    proptest! {
        #[test]
        fn accepted_iff_trimmed_length_is_1_to_300(s in "\\PC{0,320}") {
            let n = s.trim().chars().count();
            prop_assert_eq!(MessageText::parse(&s).is_ok(), (1..=300).contains(&n));
        }
    }
}
