//! The Directory's whole protocol: every call the Worker makes to it, with what each sends and
//! what it gets back ([`DirectoryCall`]), the stored operator record they exchange, and
//! [`ask`], the one way to call it.

use crate::objects::rpc::{self, Ask, protocol};
use crate::platform::clock::iso;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use porthole_shared::operators::{EmailAlerts, Identity, Operator, OperatorRole, OwnerProfile};
use porthole_shared::replies::SavedReply;
use serde::{Deserialize, Serialize};
use worker::Env;

/// Sends `call` to the deployment's Directory and returns its answer.
pub async fn ask<A: Ask<Call = DirectoryCall>>(env: &Env, call: A) -> ApiResult<A::Answer> {
    rpc::ask(&rpc::directory(env)?, call).await
}

protocol! {
    /// What the Directory is asked.
    DirectoryCall {
        Operators => Vec<StoredOperator>,
        GetOperator => StoredOperator,
        AddOperator => StoredOperator,
        PutOperator => StoredOperator,
        RemoveOperator => StoredOperator,
        CheckAttempt => AttemptCheck,
        AttemptFailed => Ack,
        AttemptSucceeded => Ack,
        GetOwner => OwnerProfile,
        PutOwner => OwnerProfile,
        Replies => Vec<SavedReply>,
        GetReply => SavedReply,
        AddReply => SavedReply,
        PutReply => SavedReply,
        RemoveReply => SavedReply,
        Keys => DeploymentKeys,
        ClaimOwner => Ack,
    }
}

/// Every operator, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operators;

/// Operator `id` (404 when there is none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetOperator {
    pub id: String,
}

/// A new operator (409 when their email is taken); answers it as kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddOperator(pub StoredOperator);

/// Replaces the operator with this one's id (404 when there is none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutOperator(pub StoredOperator);

/// Removes operator `id`; answers who it was.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemoveOperator {
    pub id: String,
}

/// Whether a sign-in attempt may go on, and the operator with its email.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckAttempt(pub Attempt);

/// A sign-in attempt failed (it counts towards a lock).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttemptFailed(pub Attempt);

/// A sign-in attempt succeeded (its email's failures from that address are forgotten).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttemptSucceeded(pub Attempt);

/// How the admin token's owner is shown, and their email settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetOwner;

/// Keeps the owner's profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutOwner(pub OwnerProfile);

/// The deployment's own keys ([`DeploymentKeys`]); the signing secret is made on the first ask.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Keys;

/// What a deployment without the secrets keeps itself: the secret that signs dashboard sessions
/// (used when `JWT_SECRET` is not set), and the digest of the admin token its owner chose at
/// setup (used when neither `ADMIN_TOKEN` nor `ADMIN_TOKEN_SHA256` is set).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeploymentKeys {
    /// 64 hex digits of random.
    pub jwt_secret: String,
    /// The admin token's SHA-256, hex; none before setup.
    pub admin_sha256: Option<String>,
}

/// Keeps the admin token's digest (hex SHA-256) chosen at setup: once only (409 after).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimOwner {
    pub admin_sha256: String,
}

/// Every saved reply, by shortcut.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Replies;

/// Saved reply `id` (404 when there is none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GetReply {
    pub id: String,
}

/// A new saved reply (409 when its shortcut is taken where it applies).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddReply(pub SavedReply);

/// Replaces the saved reply with this one's id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutReply(pub SavedReply);

/// Removes saved reply `id`; answers what it was.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemoveReply {
    pub id: String,
}

/// An operator record as stored, with its password digest (never leaves the worker).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredOperator {
    /// `op_…`.
    pub id: String,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Avatar URL or `""`.
    pub avatar: String,
    /// Owner or agent.
    pub role: OperatorRole,
    /// The agent's bots.
    pub bots: Vec<String>,
    /// PBKDF2 digest.
    pub password: String,
    /// ms since the epoch.
    pub created_at: i64,
    /// Set themselves away.
    #[serde(default)]
    pub away: bool,
    /// Which emails they get.
    #[serde(default)]
    pub alerts: EmailAlerts,
}

impl StoredOperator {
    /// The operator as the API shows it.
    pub fn public(&self) -> Operator {
        Operator {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            avatar: self.avatar.clone(),
            role: self.role,
            bots: self.bots.clone(),
            created_at: iso(self.created_at),
        }
    }

    /// Who this operator is, for a session.
    pub fn identity(&self) -> Identity {
        Identity {
            id: self.id.clone(),
            name: self.name.clone(),
            avatar: self.avatar.clone(),
            role: self.role,
            bots: if self.role == OperatorRole::Owner {
                Vec::new()
            } else {
                self.bots.clone()
            },
            away: self.away,
        }
    }
}

/// A sign-in attempt: the email and the client's address.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    /// The email as typed (lowercased).
    pub email: String,
    /// The client's address.
    pub ip: String,
    /// Now (ms).
    pub now: i64,
}

/// What the directory says about an attempt before the password is checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AttemptCheck {
    /// Seconds until attempts are accepted again, when locked.
    pub locked_secs: Option<u64>,
    /// The operator with that email, if any.
    pub operator: Option<StoredOperator>,
}
