//! Operators — the people who answer visitors — and dashboard sign-in (seed 002): who they
//! are, what they may see, the bodies of the operator and login endpoints, and the claims of
//! the short-lived JWT that every dashboard call and the tenant WebSocket carry.

use crate::fields::Email;
use crate::fields::{Bounded, OptionalUrl};
use crate::ids::WidgetToken;
use serde::{Deserialize, Serialize};

/// Shortest password an operator may have, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Longest password, in characters (a KDF input, not a storage limit).
pub const PASSWORD_MAX_CHARS: usize = 200;
/// Seconds a dashboard JWT stays valid; renew before it runs out.
pub const JWT_TTL_SECS: i64 = 15 * 60;

/// What an operator may do: an owner manages every bot; an agent answers visitors of the bots
/// it was given, and nothing else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperatorRole {
    /// Every bot, every setting, operators and keys.
    Owner,
    /// Only the conversations of its bots.
    #[default]
    Agent,
}

/// A new password: 10 to 200 characters, not all the same character.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Accepts a password of [`PASSWORD_MIN_CHARS`]..=[`PASSWORD_MAX_CHARS`] characters.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let n = raw.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(format!(
                "password must be at least {PASSWORD_MIN_CHARS} characters"
            ));
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(format!(
                "password must be at most {PASSWORD_MAX_CHARS} characters"
            ));
        }
        let mut chars = raw.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err("password must not repeat one character".into());
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password, for the key derivation only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl<'de> Deserialize<'de> for Password {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// An operator's display name, shown to visitors beside their replies.
pub type OperatorName = Bounded<1, 80>;

/// `POST /api/admin/operators`: a new operator.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOperator {
    /// Display name.
    pub name: OperatorName,
    /// Sign-in email (unique).
    pub email: Email,
    /// Avatar image URL, or `""`.
    #[serde(default)]
    pub avatar: OptionalUrl,
    /// Initial password.
    pub password: Password,
    /// `owner` or `agent` (default).
    #[serde(default)]
    pub role: OperatorRole,
    /// For agents: the bots they may see.
    #[serde(default)]
    pub bots: Vec<WidgetToken>,
}

/// `POST /api/admin/operators/invitations`: who is invited, as what. They choose their name
/// (this one is the form's first guess) and password when they accept.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    /// Where the invitation goes, and their sign-in email.
    pub email: Email,
    /// Their name, as the owner knows it.
    #[serde(default)]
    pub name: Option<OperatorName>,
    /// `owner` or `agent` (default).
    #[serde(default)]
    pub role: OperatorRole,
    /// For agents: the bots they will answer.
    #[serde(default)]
    pub bots: Vec<WidgetToken>,
}

/// An invitation as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// Their sign-in email.
    pub email: String,
    /// Their name, if the owner gave one (`""`).
    pub name: String,
    /// The role they get.
    pub role: OperatorRole,
    /// An agent's bots.
    pub bots: Vec<String>,
    /// When the link stops working (ISO 8601).
    pub expires_at: String,
    /// The link that accepts it: emailed when the deployment sends email, and shown to the
    /// owner to pass on themselves either way.
    pub link: String,
}

/// `POST /api/admin/operators/invitations` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationResponse {
    /// Always `true`.
    pub success: bool,
    /// The invitation.
    pub invitation: Invitation,
    /// Whether it went by email.
    pub emailed: bool,
}

/// `POST /api/auth/accept`: an invited person becomes an operator and is signed in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The code from the invitation's link.
    pub code: String,
    /// Their display name.
    pub name: OperatorName,
    /// Their password.
    pub password: Password,
}

/// `PATCH /api/admin/operators/{id}`: the fields to change.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorPatch {
    /// New display name.
    pub name: Option<OperatorName>,
    /// New avatar URL.
    pub avatar: Option<OptionalUrl>,
    /// New password.
    pub password: Option<Password>,
    /// New role.
    pub role: Option<OperatorRole>,
    /// New list of bots (agents).
    pub bots: Option<Vec<WidgetToken>>,
}

/// An operator as the API shows it (never the password or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    /// Stable id (`op_` + hex).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Sign-in email.
    pub email: String,
    /// Avatar URL or `""`.
    pub avatar: String,
    /// Owner or agent.
    pub role: OperatorRole,
    /// The bots an agent may see (empty for owners, who see all).
    pub bots: Vec<String>,
    /// When it was created (ISO 8601).
    pub created_at: String,
}

/// `{"success":true,"operator":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorResponse {
    /// Always `true`.
    pub success: bool,
    /// The operator.
    pub operator: Operator,
}

/// `{"success":true,"operators":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorList {
    /// Always `true`.
    pub success: bool,
    /// Every operator, oldest first.
    pub operators: Vec<Operator>,
}

/// `POST /api/auth/login` body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The operator's email.
    pub email: String,
    /// The password.
    pub password: String,
}

/// `GET /api/auth/setup`: whether this deployment still waits for its owner to choose the admin
/// token (no `ADMIN_TOKEN` secret, and nobody set it up from the link `wrangler deploy` printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupStatus {
    /// Always `true`.
    pub success: bool,
    /// `true` until the admin token exists.
    pub needed: bool,
}

/// `POST /api/auth/setup` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The code of the setup link the last `wrangler deploy` printed (after `#`).
    pub code: String,
    /// The admin token the owner chose: [`ADMIN_TOKEN_MIN_CHARS`] to 256 characters.
    pub admin_token: String,
}

/// The shortest admin token a deployment accepts (outside development).
pub const ADMIN_TOKEN_MIN_CHARS: usize = 32;

/// Who a dashboard caller is: an operator, or the owner holding the admin token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Operator id, or `owner` for the admin token.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Avatar URL or `""`.
    pub avatar: String,
    /// Owner or agent.
    pub role: OperatorRole,
    /// The bots an agent may see (empty for owners).
    pub bots: Vec<String>,
    /// They set themselves away: the widget does not count them as available.
    #[serde(default)]
    pub away: bool,
}

/// `POST /api/auth/login` and `POST /api/auth/refresh` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResponse {
    /// Always `true`.
    pub success: bool,
    /// The JWT to send as `Authorization: Bearer …` and in the tenant socket's auth message.
    pub token: String,
    /// When it stops being accepted (ISO 8601); renew before with `POST /api/auth/refresh`.
    pub expires_at: String,
    /// Who signed in.
    pub operator: Identity,
}

/// `PATCH /api/auth/me` body: how the caller is shown to visitors and in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    /// A new display name.
    #[serde(default)]
    pub name: Option<OperatorName>,
    /// A new avatar URL (`""`: none).
    #[serde(default)]
    pub avatar: Option<OptionalUrl>,
    /// Away (`true`) or available again (`false`).
    #[serde(default)]
    pub away: Option<bool>,
    /// Which emails the caller gets.
    #[serde(default)]
    pub alerts: Option<EmailAlerts>,
    /// The admin token's owner only: where their emails go (`""`: none). An operator's emails
    /// go to their sign-in address, which the owner changes.
    #[serde(default)]
    pub email: Option<String>,
}

/// Which emails an operator gets (each on unless they turn it off). Nothing is sent for what
/// they already saw: the alerts go only while nobody who sees the bot has the inbox open, and
/// never to someone whose console is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmailAlerts {
    /// A visitor asked for a person.
    pub handoff: bool,
    /// A visitor left contact details.
    pub contact: bool,
    /// Owners: each morning (UTC), the day's conversations, unanswered visitors and ratings.
    pub digest: bool,
}

impl Default for EmailAlerts {
    fn default() -> Self {
        Self {
            handoff: true,
            contact: true,
            digest: true,
        }
    }
}

/// How the owner of the admin token is shown (kept by the directory).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OwnerProfile {
    /// Display name.
    pub name: String,
    /// Avatar URL or `""`.
    pub avatar: String,
    /// Set themselves away.
    #[serde(default)]
    pub away: bool,
    /// Where their emails go (`""`: nowhere).
    #[serde(default)]
    pub email: String,
    /// Which emails they get.
    #[serde(default)]
    pub alerts: EmailAlerts,
}

/// `GET /api/auth/me` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeResponse {
    /// Always `true`.
    pub success: bool,
    /// The caller.
    pub operator: Identity,
    /// Where the caller's emails go (`""`: nowhere yet).
    #[serde(default)]
    pub email: String,
    /// Which emails they get.
    #[serde(default)]
    pub alerts: EmailAlerts,
    /// Whether this deployment sends email at all (the `EMAIL` binding and `EMAIL_FROM`).
    #[serde(default)]
    pub email_enabled: bool,
}

/// The claims of a dashboard JWT (HS256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Operator id.
    pub sub: String,
    /// Display name (shown with operator replies).
    pub name: String,
    /// Avatar URL or `""`.
    #[serde(default)]
    pub avatar: String,
    /// Owner or agent.
    pub role: OperatorRole,
    /// The bots an agent may see.
    #[serde(default)]
    pub bots: Vec<String>,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
}

impl Claims {
    /// The caller these claims describe.
    pub fn identity(&self) -> Identity {
        Identity {
            id: self.sub.clone(),
            name: self.name.clone(),
            avatar: self.avatar.clone(),
            role: self.role,
            bots: self.bots.clone(),
            away: false,
        }
    }
}

impl Identity {
    /// The owner acting with the admin token.
    pub fn owner() -> Self {
        Self {
            id: "owner".into(),
            name: "Support".into(),
            avatar: String::new(),
            role: OperatorRole::Owner,
            bots: Vec::new(),
            away: false,
        }
    }

    /// Whether this caller may see (and answer) the bot `token`.
    pub fn can_see(&self, token: &str) -> bool {
        self.role == OperatorRole::Owner || self.bots.iter().any(|b| b == token)
    }

    /// Whether this caller manages everything.
    pub fn is_owner(&self) -> bool {
        self.role == OperatorRole::Owner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Jane.Doe@Example.COM ").unwrap().as_str(),
            "jane.doe@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "jane@@example.com",
            "jane doe@example.com",
            "jane@exa mple.com",
            "<jane@example.com>",
            "jane@.example.com",
            "jane@example..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn short_or_monotonous_passwords_are_refused() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("aaaaaaaaaaaa").is_err());
        assert!(Password::parse(&"ab".repeat(101)).is_err());
        assert!(Password::parse("correct horse").is_ok());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn a_new_operator_defaults_to_an_agent_without_bots() {
        let op: NewOperator = serde_json::from_value(json!({
            "name": "Jane", "email": "jane@example.com", "password": "correct horse"
        }))
        .unwrap();
        assert_eq!(op.role, OperatorRole::Agent);
        assert!(op.bots.is_empty());
        assert!(
            serde_json::from_value::<NewOperator>(json!({
                "name": "Jane", "email": "jane@example.com", "password": "correct horse", "bots": ["nope"]
            }))
            .is_err()
        );
    }

    #[test]
    fn agents_see_only_their_bots_and_owners_see_all() {
        let agent = Identity {
            role: OperatorRole::Agent,
            bots: vec!["a".repeat(32)],
            ..Identity::owner()
        };
        assert!(agent.can_see(&"a".repeat(32)));
        assert!(!agent.can_see(&"b".repeat(32)));
        assert!(Identity::owner().can_see(&"b".repeat(32)));
    }
}
