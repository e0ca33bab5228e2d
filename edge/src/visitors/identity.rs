//! Signed-in visitors (identity verification): the bot's identity secret and the check of a
//! visitor's `user_hash` against it, and where a verified user's conversation is.
//!
//! In KV: `identity:{token}` → the secret (64 hex digits, kept as given: an HMAC needs the key
//! itself), whether a hash is required, when it was made; `vuser:{token}:{sha256(user_id)}` →
//! the chat id of the user's latest conversation, read when they sign in on any device. KV is
//! eventually consistent between Cloudflare's locations (about a minute): two devices that sign
//! in for the first time within that minute, far apart, may each start a conversation; both are
//! the user's, verified, in the inbox.

use crate::platform::bindings::CONFIG_KV;
use crate::platform::clock::{iso, now_ms};
use crate::web::error::{ApiError, ApiResult};
use hmac::{Hmac, Mac};
use porthole_shared::identity::IdentitySettings;
use porthole_shared::ids::hex;
use porthole_shared::{ChatId, WidgetToken};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use worker::Env;

/// What `identity:{token}` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secret {
    secret: String,
    required: bool,
    created_at: i64,
}

impl Secret {
    /// Whether `hash` (lowercase hex) is the HMAC-SHA256 of `user_id` by this secret; compared
    /// in constant time.
    pub fn proves(&self, user_id: &str, hash: &str) -> bool {
        let expected = user_hash(&self.secret, user_id);
        expected.as_bytes().ct_eq(hash.as_bytes()).into()
    }

    /// Whether `identify` without a valid hash is refused.
    pub fn required(&self) -> bool {
        self.required
    }

    /// The settings as the owner reads them.
    pub fn settings(&self) -> IdentitySettings {
        IdentitySettings {
            success: true,
            enabled: true,
            required: self.required,
            created_at: Some(iso(self.created_at)),
            hint: Some(self.secret[self.secret.len() - 4..].to_owned()),
        }
    }
}

/// The hex HMAC-SHA256 of `user_id` keyed by `secret` (as its text): what the host's server
/// computes, as README's lines in Node, Python, PHP, Ruby and Rust show.
pub fn user_hash(secret: &str, user_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(user_id.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn key(token: &WidgetToken) -> String {
    format!("identity:{}", token.as_str())
}

fn user_key(token: &WidgetToken, user_id: &str) -> String {
    format!(
        "vuser:{}:{}",
        token.as_str(),
        hex(&Sha256::digest(user_id.as_bytes()))
    )
}

/// The bot's secret, if it verifies visitors.
pub async fn find(env: &Env, token: &WidgetToken) -> ApiResult<Option<Secret>> {
    let text = env.kv(CONFIG_KV)?.get(&key(token)).text().await?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// The settings as the owner reads them (all off without a secret).
pub async fn settings(env: &Env, token: &WidgetToken) -> ApiResult<IdentitySettings> {
    Ok(find(env, token)
        .await?
        .map(|s| s.settings())
        .unwrap_or(IdentitySettings {
            success: true,
            ..IdentitySettings::default()
        }))
}

async fn put(env: &Env, token: &WidgetToken, secret: &Secret) -> ApiResult<()> {
    let json = serde_json::to_string(secret).map_err(ApiError::internal)?;
    env.kv(CONFIG_KV)?.put(&key(token), json)?.execute().await?;
    Ok(())
}

/// Makes a new secret (the old one, if any, stops proving anyone), keeping `required`.
pub async fn rotate(env: &Env, token: &WidgetToken) -> ApiResult<(Secret, String)> {
    let required = find(env, token).await?.is_some_and(|s| s.required);
    let secret = format!(
        "{}{}",
        hex(&crate::platform::random::bytes16()?),
        hex(&crate::platform::random::bytes16()?)
    );
    let record = Secret {
        secret: secret.clone(),
        required,
        created_at: now_ms(),
    };
    put(env, token, &record).await?;
    Ok((record, secret))
}

/// Sets whether a valid hash is required. Errors: 409 `conflict` without a secret.
pub async fn require(env: &Env, token: &WidgetToken, required: bool) -> ApiResult<Secret> {
    let mut record = find(env, token).await?.ok_or_else(|| {
        ApiError::new(
            porthole_shared::ErrorCode::Conflict,
            "make an identity secret first (POST …/identity/secret)",
        )
    })?;
    record.required = required;
    put(env, token, &record).await?;
    Ok(record)
}

/// Stops verifying visitors: the secret is forgotten (conversations stay verified as they were).
pub async fn remove(env: &Env, token: &WidgetToken) -> ApiResult<()> {
    env.kv(CONFIG_KV)?.delete(&key(token)).await?;
    Ok(())
}

/// The chat id of the verified user's latest conversation.
pub async fn latest_chat(
    env: &Env,
    token: &WidgetToken,
    user_id: &str,
) -> ApiResult<Option<ChatId>> {
    let text = env
        .kv(CONFIG_KV)?
        .get(&user_key(token, user_id))
        .text()
        .await?;
    Ok(text.and_then(|t| ChatId::parse(&t).ok()))
}

/// Notes `chat` as the verified user's latest conversation.
pub async fn set_latest_chat(
    env: &Env,
    token: &WidgetToken,
    user_id: &str,
    chat: &ChatId,
) -> ApiResult<()> {
    env.kv(CONFIG_KV)?
        .put(&user_key(token, user_id), chat.as_str())?
        .execute()
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_hmac_every_language_computes() {
        // RFC 4231's test case 2 (key "Jefe").
        assert_eq!(
            user_hash("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let s = Secret {
            secret: "k".repeat(64),
            required: false,
            created_at: 0,
        };
        assert!(s.proves("42", &user_hash(&"k".repeat(64), "42")));
        assert!(!s.proves("43", &user_hash(&"k".repeat(64), "42")));
        assert_eq!(s.settings().hint.as_deref(), Some("kkkk"));
    }
}
