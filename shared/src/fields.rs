//! The field types of the wire, parsed once: a CSS color, a text of bounded length, an
//! optional web address, an email address. Each deserializes only from a valid value, so a
//! struct made of them is valid as a whole; every other module builds on these and this one on
//! nothing of the crate.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A CSS hex color, `#rgb` or `#rrggbb`, stored as lowercase `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexColor(pub(crate) String);

impl HexColor {
    /// Accepts `#rgb` or `#rrggbb` (any case) and normalizes to lowercase `#rrggbb`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let digits = raw
            .strip_prefix('#')
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("{raw:?} is not a #rgb or #rrggbb color"))?
            .to_ascii_lowercase();
        match digits.len() {
            6 => Ok(Self(format!("#{digits}"))),
            3 => Ok(Self(digits.chars().fold(String::from("#"), |mut s, c| {
                s.push(c);
                s.push(c);
                s
            }))),
            _ => Err(format!("{raw:?} is not a #rgb or #rrggbb color")),
        }
    }

    /// The color as `#rrggbb`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The red, green and blue components.
    pub fn rgb(&self) -> (u8, u8, u8) {
        let channel = |i: usize| u8::from_str_radix(&self.0[i..i + 2], 16).unwrap_or(0);
        (channel(1), channel(3), channel(5))
    }
}

impl fmt::Display for HexColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_serde!(HexColor);

/// Text of `MIN..=MAX` characters (trimmed), for configurable labels and messages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bounded<const MIN: usize, const MAX: usize>(pub(crate) String);

impl<const MIN: usize, const MAX: usize> Bounded<MIN, MAX> {
    /// Trims `raw` and accepts it when its length in characters is within bounds.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        let n = trimmed.chars().count();
        if (MIN..=MAX).contains(&n) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(format!("must be {MIN} to {MAX} characters (got {n})"))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MIN: usize, const MAX: usize> Serialize for Bounded<MIN, MAX> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de, const MIN: usize, const MAX: usize> Deserialize<'de> for Bounded<MIN, MAX> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// An `http(s)://` URL of at most 2048 characters, or the empty string for "none".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptionalUrl(pub(crate) String);

impl OptionalUrl {
    /// Accepts `""` or an absolute `http://` / `https://` URL without spaces or quotes.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let scheme_ok = raw.starts_with("https://") || raw.starts_with("http://");
        let chars_ok = !raw
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
        if raw.is_empty() || (scheme_ok && chars_ok && raw.len() <= 2048) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("{raw:?} is not an http(s) URL"))
        }
    }

    /// The URL, or `""`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(OptionalUrl);

/// An email address (an operator's sign-in, a visitor's contact): trimmed, lowercased, `local@domain.tld`, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(pub(crate) String);

impl Email {
    /// Accepts a plausible address (one `@`, a dotted domain, no spaces or angle brackets).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.contains('.')
                    && !domain.contains("..")
                    && !domain.contains('@')
                    && domain
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            })
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c));
        if valid {
            Ok(Self(email))
        } else {
            Err(format!("{:?} is not an email address", raw.trim()))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_serde!(Email);
