//! The Directory Durable Object, one per deployment: the operators (name, email, avatar, role,
//! bots, password digest), the sign-in throttle and the saved replies ([`replies`]). Only
//! sign-in, operator management, saved replies and the keys of a deployment without secrets
//! ([`keys`]) reach it: dashboard calls carry a JWT that
//! is checked without it.
//!
//! Throttle: five failed sign-ins for one email from one address, or twenty from one address,
//! within fifteen minutes lock further attempts from that address for fifteen minutes (the
//! answer says for how long). The lock is the guesser's address: the operator signing in from
//! anywhere else is not locked out of their own account.
//!
//! What it is asked, and the one way to ask it: [`protocol`].

mod keys;
mod protocol;
mod replies;

pub use protocol::*;

use super::rpc::{self, Ask};
use super::sql::{exec, first, rows};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::api::Ack;
use porthole_shared::operators::{Identity, OperatorRole, OwnerProfile};
use serde::Deserialize;
use worker::{DurableObject, Env, Request, Response, SqlStorage, State, durable_object};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS operators (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, avatar TEXT NOT NULL,
        role TEXT NOT NULL, bots TEXT NOT NULL, password TEXT NOT NULL, created_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS failures (
        key TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at INTEGER NOT NULL, locked_until INTEGER NOT NULL)",
    replies::REPLIES_TABLE,
    keys::KEYS_TABLE,
    "CREATE TABLE IF NOT EXISTS profiles (id TEXT PRIMARY KEY, profile TEXT NOT NULL)",
];

/// The window in which failures count, and how long a lock lasts.
const WINDOW_MS: i64 = 15 * 60_000;
/// Failures per email (from one address) before a lock.
const PER_EMAIL: i64 = 5;
/// Failures per client address before a lock.
const PER_ADDRESS: i64 = 20;

/// Operators and sign-in throttling.
#[durable_object]
pub struct Directory {
    sql: SqlStorage,
}

impl DurableObject for Directory {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        super::sql::create(&sql, SCHEMA, "directory");
        // Directories made before operators could set themselves away.
        super::sql::add_column(&sql, "operators", "away", "INTEGER NOT NULL DEFAULT 0");
        // Directories made before operators chose their emails (`''`: the defaults).
        super::sql::add_column(&sql, "operators", "alerts", "TEXT NOT NULL DEFAULT ''");
        Self { sql }
    }

    async fn fetch(&self, req: Request) -> worker::Result<Response> {
        rpc::reply(self.route(req).await)
    }
}

#[derive(Deserialize)]
struct Row {
    id: String,
    email: String,
    name: String,
    avatar: String,
    role: String,
    bots: String,
    password: String,
    created_at: f64,
    away: f64,
    alerts: String,
}

impl Row {
    fn into_operator(self) -> StoredOperator {
        StoredOperator {
            id: self.id,
            email: self.email,
            name: self.name,
            avatar: self.avatar,
            role: if self.role == "owner" {
                OperatorRole::Owner
            } else {
                OperatorRole::Agent
            },
            bots: serde_json::from_str(&self.bots).unwrap_or_default(),
            password: self.password,
            created_at: self.created_at as i64,
            away: self.away != 0.0,
            alerts: serde_json::from_str(&self.alerts).unwrap_or_default(),
        }
    }
}

const COLUMNS: &str = "id, email, name, avatar, role, bots, password, created_at, away, alerts";

impl Directory {
    async fn route(&self, mut req: Request) -> ApiResult {
        match rpc::body::<DirectoryCall>(&mut req).await? {
            DirectoryCall::Operators(c) => c.answer(self.all()),
            DirectoryCall::GetOperator(c) => c.answer(self.require(&c.id)),
            DirectoryCall::AddOperator(c) => c.answer(self.create(c.0.clone())),
            DirectoryCall::PutOperator(c) => c.answer(self.update(c.0.clone())),
            DirectoryCall::RemoveOperator(c) => c.answer(self.delete(&c.id)),
            DirectoryCall::CheckAttempt(c) => c.answer(self.check(&c.0)),
            DirectoryCall::AttemptFailed(c) => c.answer(self.failed(&c.0)),
            DirectoryCall::AttemptSucceeded(c) => c.answer(self.succeeded(&c.0)),
            DirectoryCall::GetOwner(c) => c.answer(self.owner()),
            DirectoryCall::PutOwner(c) => c.answer(self.set_owner(c.0.clone())),
            DirectoryCall::Replies(c) => c.answer(self.replies()),
            DirectoryCall::GetReply(c) => c.answer(self.reply(&c.id)),
            DirectoryCall::AddReply(c) => c.answer(self.save_reply(c.0.clone(), true)),
            DirectoryCall::PutReply(c) => c.answer(self.save_reply(c.0.clone(), false)),
            DirectoryCall::RemoveReply(c) => c.answer(self.delete_reply(&c.id)),
            DirectoryCall::Keys(c) => c.answer(self.keys()),
            DirectoryCall::ClaimOwner(c) => c.answer(self.claim_owner(&c.admin_sha256)),
        }
    }

    /// Keeps the owner's profile.
    fn set_owner(&self, profile: OwnerProfile) -> ApiResult<OwnerProfile> {
        exec(
            &self.sql,
            "REPLACE INTO profiles (id, profile) VALUES ('owner', ?)",
            vec![
                serde_json::to_string(&profile)
                    .map_err(ApiError::internal)?
                    .into(),
            ],
        )?;
        Ok(profile)
    }

    /// How the admin token's owner is shown (`Support` and no avatar until they say).
    fn owner(&self) -> ApiResult<OwnerProfile> {
        #[derive(Deserialize)]
        struct Row {
            profile: String,
        }
        let row: Option<Row> = first(
            &self.sql,
            "SELECT profile FROM profiles WHERE id = 'owner'",
            vec![],
        )?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.profile).ok())
            .unwrap_or_else(|| {
                let owner = Identity::owner();
                OwnerProfile {
                    name: owner.name,
                    avatar: owner.avatar,
                    ..OwnerProfile::default()
                }
            }))
    }

    /// Every operator, oldest first.
    fn all(&self) -> ApiResult<Vec<StoredOperator>> {
        let list: Vec<Row> = rows(
            &self.sql,
            &format!("SELECT {COLUMNS} FROM operators ORDER BY created_at, id"),
            vec![],
        )?;
        Ok(list.into_iter().map(Row::into_operator).collect())
    }

    fn find(&self, column: &str, value: &str) -> ApiResult<Option<StoredOperator>> {
        Ok(first::<Row>(
            &self.sql,
            &format!("SELECT {COLUMNS} FROM operators WHERE {column} = ?"),
            vec![value.into()],
        )?
        .map(Row::into_operator))
    }

    fn require(&self, id: &str) -> ApiResult<StoredOperator> {
        self.find("id", id)?
            .ok_or_else(|| ApiError::not_found("operator"))
    }

    fn create(&self, op: StoredOperator) -> ApiResult<StoredOperator> {
        if self.find("email", &op.email)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "an operator with that email exists already",
            ));
        }
        self.write("INSERT", &op)?;
        Ok(op)
    }

    fn update(&self, op: StoredOperator) -> ApiResult<StoredOperator> {
        self.require(&op.id)?;
        self.write("REPLACE", &op)?;
        Ok(op)
    }

    fn write(&self, verb: &str, op: &StoredOperator) -> ApiResult<()> {
        let bots = serde_json::to_string(&op.bots).map_err(ApiError::internal)?;
        let role = match op.role {
            OperatorRole::Owner => "owner",
            OperatorRole::Agent => "agent",
        };
        exec(
            &self.sql,
            &format!("{verb} INTO operators ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            vec![
                op.id.clone().into(),
                op.email.clone().into(),
                op.name.clone().into(),
                op.avatar.clone().into(),
                role.into(),
                bots.into(),
                op.password.clone().into(),
                op.created_at.into(),
                i64::from(op.away).into(),
                serde_json::to_string(&op.alerts)
                    .map_err(ApiError::internal)?
                    .into(),
            ],
        )
    }

    fn delete(&self, id: &str) -> ApiResult<StoredOperator> {
        let op = self.require(id)?;
        exec(
            &self.sql,
            "DELETE FROM operators WHERE id = ?",
            vec![id.into()],
        )?;
        Ok(op)
    }

    /// Whether attempts for this email or from this address are locked, and the operator.
    fn check(&self, attempt: &Attempt) -> ApiResult<AttemptCheck> {
        let locked_until = [email_key(&attempt.email, &attempt.ip), ip_key(&attempt.ip)]
            .iter()
            .filter_map(|key| self.failure(key).ok().flatten())
            .map(|f| f.locked_until)
            .max()
            .unwrap_or(0);
        if locked_until > attempt.now {
            return Ok(AttemptCheck {
                locked_secs: Some(((locked_until - attempt.now) as u64).div_ceil(1000).max(1)),
                operator: None,
            });
        }
        Ok(AttemptCheck {
            locked_secs: None,
            operator: self.find("email", &attempt.email)?,
        })
    }

    fn failed(&self, attempt: &Attempt) -> ApiResult<Ack> {
        for (key, limit) in [
            (email_key(&attempt.email, &attempt.ip), PER_EMAIL),
            (ip_key(&attempt.ip), PER_ADDRESS),
        ] {
            let now = attempt.now;
            let (count, first_at) = match self.failure(&key)? {
                Some(f) if now - f.first_at < WINDOW_MS => (f.count + 1, f.first_at),
                _ => (1, now),
            };
            let locked_until = if count >= limit { now + WINDOW_MS } else { 0 };
            exec(
                &self.sql,
                "REPLACE INTO failures (key, count, first_at, locked_until) VALUES (?, ?, ?, ?)",
                vec![
                    key.into(),
                    count.into(),
                    first_at.into(),
                    locked_until.into(),
                ],
            )?;
        }
        exec(
            &self.sql,
            "DELETE FROM failures WHERE first_at < ? AND locked_until < ?",
            vec![(attempt.now - 2 * WINDOW_MS).into(), attempt.now.into()],
        )?;
        Ok(Ack::OK)
    }

    fn succeeded(&self, attempt: &Attempt) -> ApiResult<Ack> {
        exec(
            &self.sql,
            "DELETE FROM failures WHERE key = ?",
            vec![email_key(&attempt.email, &attempt.ip).into()],
        )?;
        Ok(Ack::OK)
    }

    fn failure(&self, key: &str) -> ApiResult<Option<Failure>> {
        first(
            &self.sql,
            "SELECT count, first_at, locked_until FROM failures WHERE key = ?",
            vec![key.into()],
        )
        .map(|row: Option<FailureRow>| {
            row.map(|r| Failure {
                count: r.count as i64,
                first_at: r.first_at as i64,
                locked_until: r.locked_until as i64,
            })
        })
    }
}

#[derive(Deserialize)]
struct FailureRow {
    count: f64,
    first_at: f64,
    locked_until: f64,
}

struct Failure {
    count: i64,
    first_at: i64,
    locked_until: i64,
}

/// Failures for one email from one address.
fn email_key(email: &str, ip: &str) -> String {
    format!("email:{email}|{ip}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}
