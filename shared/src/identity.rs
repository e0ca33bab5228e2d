//! Signed-in visitors: the host page says who its visitor is with
//! `Porthole('identify', {user_id, email?, name?, user_hash})`, where `user_hash` is the
//! HMAC-SHA256 of `user_id` keyed by the bot's identity secret, made on the host's server. A
//! verified visitor's conversation follows them across devices; a wrong hash is refused. This
//! module holds the wire types of the widget's call and of the owner's settings.

use crate::error::ErrorCode;
use crate::fields::Email;
use crate::ids::{ChatId, WidgetToken};
use crate::request::{RequestError, object, optional_str, token};
use crate::visitor::NAME_MAX_CHARS;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Most characters of a `user_id`.
pub const USER_ID_MAX_CHARS: usize = 256;

/// `POST /api/widget/identify
/// {"token","chat_id"?,"user_id","email"?,"name"?,"user_hash"?,"new"?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifyRequest {
    /// The bot.
    pub token: WidgetToken,
    /// The conversation this browser has, if any.
    pub chat_id: Option<ChatId>,
    /// The host's id of its user: 1 to [`USER_ID_MAX_CHARS`] characters, no control characters.
    pub user_id: String,
    /// Their email.
    pub email: Option<Email>,
    /// Their name.
    pub name: Option<String>,
    /// Lowercase hex HMAC-SHA256 of `user_id` by the bot's identity secret.
    pub user_hash: Option<String>,
    /// The visitor started a new conversation: do not return to their latest one.
    pub new: bool,
}

impl IdentifyRequest {
    /// Parses the widget's body. Errors: 404 for the token, 400 `invalid_field` (user id, hash),
    /// `invalid_email`, `invalid_name`, `invalid_chat_id`.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RequestError> {
        let body = object(bytes)?;
        let token = token(&body, "token")?;
        let chat_id = optional_str(&body, "chat_id", ErrorCode::InvalidChatId)?
            .map(|raw| {
                ChatId::parse(raw).map_err(|e| {
                    RequestError::new(ErrorCode::InvalidChatId, format!("chat_id {}", e.0))
                })
            })
            .transpose()?;
        let user_id = match body.get("user_id") {
            Some(Value::String(s)) => s.clone(),
            // Hosts often keep numeric ids: 42 names the same user as "42".
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(invalid("user_id must be a string")),
        };
        let length = user_id.chars().count();
        if !(1..=USER_ID_MAX_CHARS).contains(&length) || user_id.chars().any(char::is_control) {
            return Err(invalid(&format!(
                "user_id must be 1 to {USER_ID_MAX_CHARS} characters, none of them control characters"
            )));
        }
        let email = crate::visitor::email(&body)?;
        let name = optional_str(&body, "name", ErrorCode::InvalidName)?
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| {
                if n.chars().count() <= NAME_MAX_CHARS {
                    Ok(n.to_owned())
                } else {
                    Err(RequestError::new(
                        ErrorCode::InvalidName,
                        format!("name must be at most {NAME_MAX_CHARS} characters"),
                    ))
                }
            })
            .transpose()?;
        let user_hash = optional_str(&body, "user_hash", ErrorCode::InvalidField)?
            .filter(|h| !h.is_empty())
            .map(|h| {
                let h = h.trim().to_ascii_lowercase();
                if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(h)
                } else {
                    Err(invalid(
                        "user_hash must be the 64 hex digits of an HMAC-SHA256",
                    ))
                }
            })
            .transpose()?;
        let new = match body.get("new") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(invalid("new must be true or false")),
        };
        Ok(Self {
            token,
            chat_id,
            user_id,
            email,
            name,
            user_hash,
            new,
        })
    }
}

fn invalid(why: &str) -> RequestError {
    RequestError::new(ErrorCode::InvalidField, why)
}

/// `POST /api/widget/identify` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifyResponse {
    /// Always `true`.
    pub success: bool,
    /// The conversation this browser continues: a verified user's own (the one they last wrote
    /// in, on any device), else the browser's.
    pub chat_id: String,
    /// Whether `user_hash` proved the user (false: their name and email are kept as given,
    /// unverified, and nothing of another device is shown).
    pub verified: bool,
}

/// `GET /api/admin/bots/{token}/identity` answer (and of `PATCH`, `DELETE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySettings {
    /// Always `true`.
    pub success: bool,
    /// Whether the bot has an identity secret (visitors can be verified).
    pub enabled: bool,
    /// Whether `identify` without a valid `user_hash` is refused (401).
    pub required: bool,
    /// When the secret was made (RFC 3339), if there is one.
    pub created_at: Option<String>,
    /// Its last four characters, to tell secrets apart.
    pub hint: Option<String>,
}

/// `POST /api/admin/bots/{token}/identity/secret` answer: a new secret, shown this once (the
/// old one stops working at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySecret {
    /// The settings with the new secret.
    #[serde(flatten)]
    pub settings: IdentitySettings,
    /// The secret (64 hex digits): keep it on the host's server, never in a page.
    pub secret: String,
}

/// `PATCH /api/admin/bots/{token}/identity {"required"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityPatch {
    /// Refuse `identify` without a valid hash.
    pub required: bool,
}

/// Seed 004's `inbox.signAuth` for a bot that verifies its visitors: the method (`hmac`) and how
/// the host signs (`signParams.hmac`); `id` and `signSource.id` are stable per bot. Never the
/// secret.
pub fn sign_auth(bot_id: &str, settings: &IdentitySettings) -> Option<Value> {
    settings.enabled.then(|| {
        json!({
            "id": bot_id,
            "signSource": {"id": bot_id, "accessType": "hmac"},
            "signParams": {"hmac": {
                "algorithm": "sha256",
                "message": "user_id",
                "field": "user_hash",
                "required": settings.required,
            }}
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn parse(body: Value) -> Result<IdentifyRequest, RequestError> {
        IdentifyRequest::from_json(body.to_string().as_bytes())
    }

    #[test]
    fn a_full_call_is_read_and_a_numeric_id_is_its_digits() {
        let hash = "AB".repeat(32);
        let ask = parse(json!({"token": TOKEN, "user_id": 42, "email": "A@B.co", "name": " Ann ", "user_hash": hash, "chat_id": "web_0123456789abcdef"})).unwrap();
        assert_eq!(ask.user_id, "42");
        assert_eq!(ask.email.unwrap().as_str(), "a@b.co");
        assert_eq!(ask.name.as_deref(), Some("Ann"));
        assert_eq!(ask.user_hash, Some("ab".repeat(32)));
        assert!(!ask.new);
    }

    #[test]
    fn bad_fields_are_refused_with_their_codes() {
        let code = |body| parse(body).unwrap_err().code;
        assert_eq!(
            code(json!({"token": TOKEN})),
            ErrorCode::InvalidField,
            "no user"
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": ""})),
            ErrorCode::InvalidField
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": "a\nb"})),
            ErrorCode::InvalidField
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": "x".repeat(257)})),
            ErrorCode::InvalidField
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": "u", "user_hash": "zz"})),
            ErrorCode::InvalidField
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": "u", "email": "nope"})),
            ErrorCode::InvalidEmail
        );
        assert_eq!(
            code(json!({"token": "x", "user_id": "u"})),
            ErrorCode::TokenNotFound
        );
        assert_eq!(
            code(json!({"token": TOKEN, "user_id": "u", "chat_id": "web_x"})),
            ErrorCode::InvalidChatId
        );
    }

    #[test]
    fn sign_auth_names_the_method_and_never_a_secret() {
        assert_eq!(sign_auth("b", &IdentitySettings::default()), None);
        let on = IdentitySettings {
            enabled: true,
            required: true,
            ..IdentitySettings::default()
        };
        let v = sign_auth("b", &on).unwrap();
        assert_eq!(v["signSource"]["accessType"], "hmac");
        assert_eq!(v["signParams"]["hmac"]["required"], true);
    }
}
