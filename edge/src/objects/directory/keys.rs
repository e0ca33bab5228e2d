//! The keys a deployment keeps itself when its owner set no secrets: the secret that signs
//! dashboard sessions, made at random on first need, and the digest of the admin token the
//! owner chose at setup (`routes::setup`), kept once and never replaced from here (a secret set
//! later with `wrangler secret put` takes precedence over both).

use super::Directory;
use crate::objects::sql::{exec, rows};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::api::Ack;
use serde::Deserialize;

/// The table: `jwt_secret` and `admin_sha256`, each once.
pub const KEYS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS keys (name TEXT PRIMARY KEY, value TEXT NOT NULL)";

impl Directory {
    /// The deployment's keys; the signing secret is made now if there is none yet.
    pub(super) fn keys(&self) -> ApiResult<super::DeploymentKeys> {
        #[derive(Deserialize)]
        struct Row {
            name: String,
            value: String,
        }
        let stored: Vec<Row> = rows(&self.sql, "SELECT name, value FROM keys", vec![])?;
        let find = |name: &str| {
            stored
                .iter()
                .find(|r| r.name == name)
                .map(|r| r.value.clone())
        };
        let jwt_secret = match find("jwt_secret") {
            Some(secret) => secret,
            None => {
                let secret = porthole_shared::ids::hex(
                    &[
                        crate::platform::random::bytes16()?,
                        crate::platform::random::bytes16()?,
                    ]
                    .concat(),
                );
                exec(
                    &self.sql,
                    "INSERT INTO keys (name, value) VALUES ('jwt_secret', ?)",
                    vec![secret.clone().into()],
                )?;
                secret
            }
        };
        Ok(super::DeploymentKeys {
            jwt_secret,
            admin_sha256: find("admin_sha256"),
        })
    }

    /// Keeps the admin token's digest chosen at setup; 409 when one is kept already.
    pub(super) fn claim_owner(&self, admin_sha256: &str) -> ApiResult<Ack> {
        if self.keys()?.admin_sha256.is_some() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "this deployment is set up already: sign in with its admin token",
            ));
        }
        exec(
            &self.sql,
            "INSERT INTO keys (name, value) VALUES ('admin_sha256', ?)",
            vec![admin_sha256.into()],
        )?;
        Ok(Ack::OK)
    }
}
