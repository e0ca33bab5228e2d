//! What visitors leave behind, parsed from seed 003's and seed 002's request bodies: contact
//! details (email, an E.164 phone number, a name), a rating of the conversation with its
//! comment, a vote on one reply, and tracked widget events. Each field has its own refusal code.

use crate::error::ErrorCode;
use crate::fields::Email;
use crate::request::{RequestError, SessionRef, object, optional_str};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Most characters of a visitor's name.
pub const NAME_MAX_CHARS: usize = 100;
/// Most characters of a rating comment.
pub const COMMENT_MAX_CHARS: usize = 1000;
/// Most bytes of a tracked event's `metadata` (as JSON).
pub const TRACK_METADATA_MAX_BYTES: usize = 2048;

/// A phone number in E.164: `+`, then 8 to 15 digits, the first not 0. Spaces, dashes, dots and
/// parentheses people type are taken out first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Parses a phone number as typed.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
            .collect();
        let digits = compact.strip_prefix('+').unwrap_or("");
        let valid = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(compact))
        } else {
            Err("phone must be an international number like +14165559999".into())
        }
    }

    /// The number, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number, `+` and digits.
    pub fn into_string(self) -> String {
        self.0
    }
}

text_serde!(Phone);

/// `POST /api/v1/chat/email` and `/contact`: the details given (at least an email or a phone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRequest {
    /// The session.
    pub session: SessionRef,
    /// Email address.
    pub email: Option<Email>,
    /// Phone number.
    pub phone: Option<Phone>,
    /// Name.
    pub name: Option<String>,
}

impl ContactRequest {
    /// `{"site_key","session_id","email"}` (the email is required).
    pub fn email_from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session = SessionRef::from_body(&body)?;
        let email = email(&body)?
            .ok_or_else(|| RequestError::new(ErrorCode::InvalidEmail, "email is required"))?;
        Ok(Self {
            session,
            email: Some(email),
            phone: None,
            name: None,
        })
    }

    /// `{"site_key","session_id","email"?,"phone"?,"name"?}` (an email or a phone).
    pub fn contact_from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session = SessionRef::from_body(&body)?;
        let email = email(&body)?;
        let phone = optional_str(&body, "phone", ErrorCode::InvalidPhone)?
            .filter(|p| !p.trim().is_empty())
            .map(|p| Phone::parse(p).map_err(|e| RequestError::new(ErrorCode::InvalidPhone, e)))
            .transpose()?;
        let name = optional_str(&body, "name", ErrorCode::InvalidName)?
            .map(|n| {
                let n = n.trim();
                let count = n.chars().count();
                if (1..=NAME_MAX_CHARS).contains(&count) {
                    Ok(n.to_owned())
                } else {
                    Err(RequestError::new(
                        ErrorCode::InvalidName,
                        format!("name must be 1 to {NAME_MAX_CHARS} characters"),
                    ))
                }
            })
            .transpose()?;
        if email.is_none() && phone.is_none() {
            return Err(RequestError::new(
                ErrorCode::InvalidField,
                "give an email or a phone number",
            ));
        }
        Ok(Self {
            session,
            email,
            phone,
            name,
        })
    }
}

/// The optional `email` of a body (`""` as absent); 400 `invalid_email` for a malformed one.
pub(crate) fn email(body: &Map<String, Value>) -> Result<Option<Email>, RequestError> {
    optional_str(body, "email", ErrorCode::InvalidEmail)?
        .filter(|e| !e.trim().is_empty())
        .map(|e| Email::parse(e).map_err(|why| RequestError::new(ErrorCode::InvalidEmail, why)))
        .transpose()
}

/// `POST /api/v1/chat/rate {"site_key","session_id","score"}`: a whole number from 1 to 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRequest {
    /// The session.
    pub session: SessionRef,
    /// 1 to 5.
    pub score: u8,
}

impl RateRequest {
    /// Parses a rating (`4.5`, `"5"`, `0` and `6` are refused with `invalid_score`).
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session = SessionRef::from_body(&body)?;
        let score = body
            .get("score")
            .and_then(Value::as_u64)
            .filter(|s| (1..=5).contains(s))
            .ok_or_else(|| {
                RequestError::new(
                    ErrorCode::InvalidScore,
                    "score must be a whole number from 1 to 5",
                )
            })?;
        Ok(Self {
            session,
            score: score as u8,
        })
    }
}

/// `POST /api/v1/chat/rate/comment {"site_key","session_id","comment"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRequest {
    /// The session.
    pub session: SessionRef,
    /// 1 to [`COMMENT_MAX_CHARS`] characters, trimmed.
    pub comment: String,
}

impl CommentRequest {
    /// Parses a rating comment.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session = SessionRef::from_body(&body)?;
        let comment = optional_str(&body, "comment", ErrorCode::InvalidComment)?
            .map(str::trim)
            .filter(|c| (1..=COMMENT_MAX_CHARS).contains(&c.chars().count()))
            .ok_or_else(|| {
                RequestError::new(
                    ErrorCode::InvalidComment,
                    format!("comment must be 1 to {COMMENT_MAX_CHARS} characters"),
                )
            })?;
        Ok(Self {
            session,
            comment: comment.to_owned(),
        })
    }
}

/// A visitor's vote on a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// Helpful.
    Up,
    /// Not helpful.
    Down,
}

impl Vote {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Up => "up",
            Vote::Down => "down",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "up" => Some(Vote::Up),
            "down" => Some(Vote::Down),
            _ => None,
        }
    }
}

/// `POST /api/v1/chat/feedback {"site_key","session_id","message_id","vote":"up"|"down"|null}`:
/// the visitor's vote on one reply (`null` takes it back); a new vote replaces the old one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRequest {
    /// The session.
    pub session: SessionRef,
    /// The reply's id (as the history and the `done` frame give it).
    pub message_id: i64,
    /// The vote, or none.
    pub vote: Option<Vote>,
}

impl FeedbackRequest {
    /// Parses a vote.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let session = SessionRef::from_body(&body)?;
        let message_id = match body.get("message_id") {
            Some(Value::String(s)) => s.parse::<i64>().ok(),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        }
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            RequestError::new(
                ErrorCode::InvalidMessageId,
                "message_id must be the id of a reply",
            )
        })?;
        let vote = match body.get("vote") {
            None | Some(Value::Null) => None,
            Some(Value::String(v)) => Some(Vote::parse(v).ok_or_else(bad_vote)?),
            Some(_) => return Err(bad_vote()),
        };
        Ok(Self {
            session,
            message_id,
            vote,
        })
    }
}

fn bad_vote() -> RequestError {
    RequestError::new(
        ErrorCode::InvalidField,
        "vote must be \"up\", \"down\" or null",
    )
}

/// `POST /api/widgets/{widgetId}/track {"sessionId","event","timestamp","metadata"}` (seed 002).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackRequest {
    /// The visitor's session (any 1–128 characters).
    pub session_id: String,
    /// The event's name: 1–64 of `a-z 0-9 _ . : -`.
    pub event: String,
}

impl TrackRequest {
    /// Parses a tracked event; `timestamp` (RFC 3339) and `metadata` (an object of at most
    /// 2 KB) are checked, and counting uses the server's clock.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let field = |name: &str| -> Result<String, RequestError> {
            optional_str(&body, name, ErrorCode::InvalidField)?
                .map(str::to_owned)
                .ok_or_else(|| {
                    RequestError::new(ErrorCode::InvalidField, format!("{name} is required"))
                })
        };
        let session_id = field("sessionId")?;
        if !(1..=128).contains(&session_id.chars().count()) {
            return Err(RequestError::new(
                ErrorCode::InvalidField,
                "sessionId must be 1 to 128 characters",
            ));
        }
        let event = field("event")?;
        let name_ok = (1..=64).contains(&event.len())
            && event
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.:-".contains(&b));
        if !name_ok {
            return Err(RequestError::new(
                ErrorCode::InvalidField,
                "event must be 1 to 64 characters of a-z, 0-9, _ . : -",
            ));
        }
        if let Some(ts) = optional_str(&body, "timestamp", ErrorCode::InvalidField)?
            && !looks_like_rfc3339(ts)
        {
            return Err(RequestError::new(
                ErrorCode::InvalidField,
                "timestamp must be an ISO 8601 time like 2024-01-15T10:00:00Z",
            ));
        }
        match body.get("metadata") {
            None | Some(Value::Null) => {}
            Some(meta @ Value::Object(_)) if meta.to_string().len() <= TRACK_METADATA_MAX_BYTES => {
            }
            Some(_) => {
                return Err(RequestError::new(
                    ErrorCode::InvalidField,
                    "metadata must be an object of at most 2 KB",
                ));
            }
        }
        Ok(Self { session_id, event })
    }
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction and a zone.
fn looks_like_rfc3339(ts: &str) -> bool {
    let b = ts.as_bytes();
    b.len() >= 20
        && b.len() <= 40
        && b[..19].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T' || *c == b't',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
        && (ts.ends_with('Z') || ts.ends_with('z') || ts[19..].contains(['+', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn body(extra: Value) -> Vec<u8> {
        let mut v = json!({"site_key": TOKEN, "session_id": "web_abcd1234"});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v.to_string().into_bytes()
    }

    #[test]
    fn phones_are_e164_once_spaces_and_dashes_are_gone() {
        assert_eq!(
            Phone::parse("+1 416-555-9999").unwrap().as_str(),
            "+14165559999"
        );
        assert_eq!(
            Phone::parse("+886 (2) 2345.6789").unwrap().as_str(),
            "+886223456789"
        );
        for bad in [
            "4165559999",
            "+0123456789",
            "+1234",
            "+1234567890123456",
            "+1 416 CALL ME",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_contact_needs_an_email_or_a_phone_and_each_field_has_its_code() {
        let ok = ContactRequest::contact_from_json(&body(
            json!({"phone": "+44 20 7946 0958", "name": " Jane "}),
        ))
        .unwrap();
        assert_eq!(ok.phone.unwrap().as_str(), "+442079460958");
        assert_eq!(ok.name.as_deref(), Some("Jane"));
        for (extra, code) in [
            (json!({"name": "Jane"}), ErrorCode::InvalidField),
            (json!({"email": "nope"}), ErrorCode::InvalidEmail),
            (json!({"phone": "555"}), ErrorCode::InvalidPhone),
            (
                json!({"email": "a@b.test", "name": "x".repeat(101)}),
                ErrorCode::InvalidName,
            ),
            (
                json!({"email": "a@b.test", "name": 5}),
                ErrorCode::InvalidName,
            ),
        ] {
            assert_eq!(
                ContactRequest::contact_from_json(&body(extra.clone()))
                    .unwrap_err()
                    .code,
                code,
                "{extra}"
            );
        }
        assert_eq!(
            ContactRequest::email_from_json(&body(json!({})))
                .unwrap_err()
                .code,
            ErrorCode::InvalidEmail
        );
    }

    #[test]
    fn scores_are_whole_numbers_from_1_to_5() {
        assert_eq!(
            RateRequest::from_json(&body(json!({"score": 4})))
                .unwrap()
                .score,
            4
        );
        for bad in [
            json!(0),
            json!(6),
            json!(4.5),
            json!("5"),
            json!(null),
            json!(-1),
        ] {
            assert_eq!(
                RateRequest::from_json(&body(json!({"score": bad.clone()})))
                    .unwrap_err()
                    .code,
                ErrorCode::InvalidScore,
                "{bad}"
            );
        }
    }

    #[test]
    fn a_comment_is_trimmed_and_bounded() {
        assert_eq!(
            CommentRequest::from_json(&body(json!({"comment": " Great! "})))
                .unwrap()
                .comment,
            "Great!"
        );
        for bad in [json!(""), json!("   "), json!("x".repeat(1001)), json!(3)] {
            assert_eq!(
                CommentRequest::from_json(&body(json!({"comment": bad})))
                    .unwrap_err()
                    .code,
                ErrorCode::InvalidComment
            );
        }
    }

    #[test]
    fn a_vote_names_a_reply_and_may_be_taken_back() {
        let v =
            FeedbackRequest::from_json(&body(json!({"message_id": "12", "vote": "down"}))).unwrap();
        assert_eq!((v.message_id, v.vote), (12, Some(Vote::Down)));
        let cleared =
            FeedbackRequest::from_json(&body(json!({"message_id": 12, "vote": null}))).unwrap();
        assert_eq!(cleared.vote, None);
        assert_eq!(
            FeedbackRequest::from_json(&body(json!({"message_id": "x", "vote": "up"})))
                .unwrap_err()
                .code,
            ErrorCode::InvalidMessageId
        );
        assert_eq!(
            FeedbackRequest::from_json(&body(json!({"message_id": 3, "vote": "meh"})))
                .unwrap_err()
                .code,
            ErrorCode::InvalidField
        );
    }

    #[test]
    fn tracked_events_need_a_session_and_a_plain_name() {
        let ok = TrackRequest::from_json(
            json!({"sessionId": "s_1", "event": "widget_opened", "timestamp": "2024-01-15T10:00:00Z",
                   "metadata": {"source": "landing_page"}})
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.event, "widget_opened");
        for bad in [
            json!({"event": "x"}),
            json!({"sessionId": "s"}),
            json!({"sessionId": "s", "event": "Widget Opened"}),
            json!({"sessionId": "s", "event": "x", "timestamp": "yesterday"}),
            json!({"sessionId": "s", "event": "x", "metadata": [1]}),
            json!({"sessionId": "s", "event": "x", "metadata": {"k": "v".repeat(3000)}}),
        ] {
            assert!(
                TrackRequest::from_json(bad.to_string().as_bytes()).is_err(),
                "{bad}"
            );
        }
    }
}
