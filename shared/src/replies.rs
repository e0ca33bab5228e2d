//! Saved replies (canned responses): a shortcut and a text in Markdown an operator inserts in the
//! inbox by typing `/` and the shortcut, for one bot or shared by every bot
//! (`/api/admin/replies`). Their placeholders (`{visitor_name}`, …) are filled from the
//! conversation when inserted ([`fill`]).

use crate::fields::Bounded;
use crate::limits::API_MESSAGE_MAX_CHARS;
use serde::{Deserialize, Serialize};

/// Most saved replies in a deployment.
pub const SAVED_REPLIES_MAX: usize = 1_000;
/// Most characters of a shortcut.
pub const SHORTCUT_MAX_CHARS: usize = 40;
/// The placeholders a reply may hold, and what each stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("visitor_name", "the visitor's name (empty when unknown)"),
    ("visitor_first_name", "the first word of the visitor's name"),
    ("visitor_email", "the email the visitor left"),
    ("visitor_phone", "the phone number the visitor left"),
    ("operator_name", "your name"),
    ("bot_name", "the bot's name"),
];

/// A shortcut: 1 to [`SHORTCUT_MAX_CHARS`] lowercase letters (any script), digits, `-` or `_`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortcut(String);

impl Shortcut {
    /// Accepts `raw` (a leading `/` and surrounding space dropped, letters lowercased).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let s = raw.trim().trim_start_matches('/').to_lowercase();
        let n = s.chars().count();
        if n == 0 || n > SHORTCUT_MAX_CHARS {
            return Err(format!(
                "shortcut must be 1 to {SHORTCUT_MAX_CHARS} characters (got {n})"
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err("shortcut may hold only letters, digits, - and _".to_owned());
        }
        Ok(Self(s))
    }

    /// The shortcut.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Shortcut {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// `POST /api/admin/replies` and `PUT /api/admin/replies/{id}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedReplyInput {
    /// What the operator types after `/`.
    pub shortcut: Shortcut,
    /// A name for it in lists (the shortcut when absent).
    #[serde(default)]
    pub title: Option<Bounded<0, 100>>,
    /// The reply, in Markdown, with placeholders (see [`PLACEHOLDERS`]).
    pub text: Bounded<1, API_MESSAGE_MAX_CHARS>,
    /// The bot it is for (its token); none: every bot.
    #[serde(default)]
    pub bot: Option<crate::WidgetToken>,
}

/// A saved reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReply {
    /// `sr_…`.
    pub id: String,
    /// What the operator types after `/`.
    pub shortcut: String,
    /// Its name in lists.
    pub title: String,
    /// The reply (Markdown, with placeholders).
    pub text: String,
    /// The bot it is for; `null`: every bot.
    pub bot: Option<String>,
    /// When it was made (ISO 8601).
    pub created_at: String,
    /// When it was last changed.
    pub updated_at: String,
}

/// `GET /api/admin/replies` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReplyList {
    /// Always `true`.
    pub success: bool,
    /// The replies the caller may use, by shortcut.
    pub replies: Vec<SavedReply>,
}

/// The answer about one saved reply (made or changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReplySaved {
    /// Always `true`.
    pub success: bool,
    /// The reply.
    pub reply: SavedReply,
}

/// What placeholders are filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filling {
    /// The visitor's name.
    pub visitor_name: Option<String>,
    /// Their email.
    pub visitor_email: Option<String>,
    /// Their phone.
    pub visitor_phone: Option<String>,
    /// The operator's name.
    pub operator_name: Option<String>,
    /// The bot's name.
    pub bot_name: Option<String>,
}

/// `text` with its placeholders filled (`{visitor_name}`, and `{ visitor_name }` too); an unknown
/// value leaves nothing, and the space or comma before it goes with it ("Hi {visitor_name}," →
/// "Hi,"). Anything else in braces stays.
pub fn fill(text: &str, with: &Filling) -> String {
    let value = |name: &str| -> Option<Option<String>> {
        let first = with
            .visitor_name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .map(str::to_owned);
        Some(match name {
            "visitor_name" => with.visitor_name.clone(),
            "visitor_first_name" => first,
            "visitor_email" => with.visitor_email.clone(),
            "visitor_phone" => with.visitor_phone.clone(),
            "operator_name" => with.operator_name.clone(),
            "bot_name" => with.bot_name.clone(),
            _ => return None,
        })
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + close].trim();
        out.push_str(&rest[..open]);
        match value(name) {
            Some(Some(v)) if !v.trim().is_empty() => out.push_str(v.trim()),
            Some(_) => {
                // Nothing to say: the space before it goes too.
                let kept = out.trim_end_matches(' ').len();
                out.truncate(kept);
            }
            None => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `reply` matches what the operator typed after `/` (its shortcut starts with it, or
/// its title holds it), and how well: 0 best.
pub fn rank(reply: &SavedReply, typed: &str) -> Option<u8> {
    let typed = typed.to_lowercase();
    if reply.shortcut.starts_with(&typed) {
        Some(if reply.shortcut == typed { 0 } else { 1 })
    } else if reply.shortcut.contains(&typed) || reply.title.to_lowercase().contains(&typed) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_a_missing_one_leaves_no_gap() {
        let with = Filling {
            visitor_name: Some("Ana María Costa".into()),
            operator_name: Some("Sam".into()),
            ..Filling::default()
        };
        assert_eq!(
            fill(
                "Hi {visitor_first_name}, this is {operator_name}. {unknown} {x",
                &with
            ),
            "Hi Ana, this is Sam. {unknown} {x"
        );
        assert_eq!(
            fill("Hi { visitor_name }! Mail: {visitor_email}.", &with),
            "Hi Ana María Costa! Mail:."
        );
        let nobody = Filling::default();
        assert_eq!(fill("Hi {visitor_name}, welcome", &nobody), "Hi, welcome");
        assert_eq!(fill("Café ☕ {bot_name}", &nobody), "Café ☕");
    }

    #[test]
    fn shortcuts_are_words() {
        assert_eq!(Shortcut::parse(" /Refund ").unwrap().as_str(), "refund");
        assert_eq!(Shortcut::parse("退款").unwrap().as_str(), "退款");
        assert!(Shortcut::parse("two words").is_err());
        assert!(Shortcut::parse("/").is_err());
        assert!(Shortcut::parse(&"a".repeat(41)).is_err());
    }

    #[test]
    fn typed_text_ranks_shortcuts_before_titles() {
        let reply = |shortcut: &str, title: &str| SavedReply {
            id: "sr_1".into(),
            shortcut: shortcut.into(),
            title: title.into(),
            text: "x".into(),
            bot: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        assert_eq!(rank(&reply("refund", "Refunds"), "ref"), Some(1));
        assert_eq!(rank(&reply("refund", "Refunds"), "refund"), Some(0));
        assert_eq!(rank(&reply("ship", "Shipping times"), "TIMES"), Some(2));
        assert_eq!(rank(&reply("ship", "Shipping"), "hours"), None);
    }
}
