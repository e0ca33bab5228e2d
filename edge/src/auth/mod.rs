//! Who is calling the admin and dashboard API, decided in one place. A caller presents
//! `Authorization: Bearer <credential>`: either the admin token (the owner; compared as a
//! SHA-256 digest in constant time, and production may store only the digest), or a dashboard
//! JWT issued at sign-in (an operator, owner or agent). Handlers then ask [`require_owner`] or
//! [`require_bot`]; an agent never reaches another bot's data (403).
//!
//! The keys come from the deployment's secrets (`ADMIN_TOKEN` or `ADMIN_TOKEN_SHA256`,
//! `JWT_SECRET`) when they are set; a deployment without them keeps its own in the Directory
//! (a signing secret made at random, and the admin token's digest its owner chose at setup:
//! `routes::setup`), read once per isolate.

pub mod jwt;
pub mod password;
pub mod throttle;

use crate::objects::directory::{self, DeploymentKeys};
use crate::platform::bindings::{self, ADMIN_TOKEN, ADMIN_TOKEN_SHA256, ENVIRONMENT, JWT_SECRET};
use crate::platform::clock::{iso, now_ms};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::operators::{Claims, Identity, JWT_TTL_SECS, SessionResponse};
use porthole_shared::{ErrorCode, WidgetToken};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use worker::{Env, Request};

/// Shortest `JWT_SECRET` accepted.
const JWT_SECRET_MIN: usize = 32;
/// Shortest `ADMIN_TOKEN` accepted outside development (`ENVIRONMENT=development`).
pub const ADMIN_TOKEN_MIN: usize = porthole_shared::operators::ADMIN_TOKEN_MIN_CHARS;

/// The credential of `Authorization: Bearer …` (the scheme matched case-insensitively).
pub fn bearer(req: &Request) -> Option<String> {
    let header = req.headers().get("Authorization").ok().flatten()?;
    let (scheme, credential) = header.trim().split_once(' ')?;
    let credential = credential.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !credential.is_empty()).then(|| credential.to_owned())
}

/// The caller of `req`; 401 without a valid admin token or dashboard JWT. Wrong credentials
/// are counted per client address: past the limit, every attempt gets 429 for a while
/// (see [`throttle`]). An operator is who the directory says they are now: one removed is
/// refused (401) and one whose role or bots changed gets the new ones, from the next call on,
/// whatever their JWT says.
pub async fn caller(req: &Request, env: &Env) -> ApiResult<Identity> {
    throttle::refuse_locked(req, env)?;
    let credential = bearer(req).ok_or_else(|| {
        unauthorized("sign in: send Authorization: Bearer <admin token or dashboard JWT>")
    })?;
    let identity = match identify(env, &credential).await {
        Err(e) if e.code == ErrorCode::Unauthorized => {
            throttle::failed(req, env).await?;
            return Err(e);
        }
        other => other?,
    };
    let identity = current(env, identity).await?;
    note_origin(req, env).await;
    Ok(identity)
}

thread_local! {
    /// The console's origin this isolate told the hub, if it did.
    static NOTED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Tells the hub the service's public origin once per isolate (and when it changes), for the
/// links in emails sent from where no request is at hand (alerts, the digest).
async fn note_origin(req: &Request, env: &Env) {
    let Ok(url) = req.url() else { return };
    let origin = url.origin().ascii_serialization();
    if NOTED.with(|n| n.borrow().as_deref() == Some(origin.as_str())) {
        return;
    }
    let told = crate::objects::hub::ask(env, crate::objects::hub::NoteOrigin(origin.clone())).await;
    match told {
        Ok(_) => NOTED.with(|n| *n.borrow_mut() = Some(origin)),
        Err(e) => worker::console_error!("noting the origin: {}", e.message),
    }
}

/// `identity` as the directory has it now (the admin token's owner is always the owner); 401
/// for an operator who was removed.
pub async fn current(env: &Env, identity: Identity) -> ApiResult<Identity> {
    if identity.id == Identity::owner().id {
        let profile = directory::ask(env, directory::GetOwner).await?;
        return Ok(Identity {
            name: profile.name,
            avatar: profile.avatar,
            away: profile.away,
            ..identity
        });
    }
    let stored = directory::ask(env, directory::GetOperator { id: identity.id }).await;
    match stored {
        Ok(operator) => Ok(operator.identity()),
        Err(e) if e.code == ErrorCode::NotFound => Err(unauthorized(
            "this operator was removed: the session has ended",
        )),
        Err(e) => Err(e),
    }
}

/// Who `credential` stands for: the owner (admin token) or the operator of a valid JWT.
pub async fn identify(env: &Env, credential: &str) -> ApiResult<Identity> {
    session(env, credential).await.map(|(identity, _)| identity)
}

/// When a session of the admin token ends: never, said as the largest number of milliseconds
/// JavaScript holds exactly (`i64::MAX` would reach the storage as an inexact number, with a
/// runtime warning each time a socket signs in with it).
const NEVER_EXPIRES: i64 = (1 << 53) - 1;

/// Who `credential` stands for, and until when (ms; the admin token does not expire).
pub async fn session(env: &Env, credential: &str) -> ApiResult<(Identity, i64)> {
    if looks_like_jwt(credential) {
        return claims(env, credential)
            .await
            .map(|c| (c.identity(), c.exp.saturating_mul(1000)));
    }
    match admin_digest(env).await? {
        Some(expected) if digest_matches(credential, &expected) => {
            Ok((Identity::owner(), NEVER_EXPIRES))
        }
        _ => Err(unauthorized(
            "the admin token or dashboard JWT is not valid",
        )),
    }
}

/// The verified claims of a dashboard JWT; 401 when it is wrong or expired.
pub async fn claims(env: &Env, token: &str) -> ApiResult<Claims> {
    let secret = jwt_secret(env).await?;
    jwt::verify(token, &secret, now_ms() / 1000).map_err(|e| match e {
        jwt::JwtError::Expired => unauthorized("the session expired: sign in again"),
        _ => unauthorized("the dashboard token is not valid"),
    })
}

/// 403 unless the caller is an owner.
pub fn require_owner(caller: &Identity) -> ApiResult<()> {
    if caller.is_owner() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "only an owner may do this",
        ))
    }
}

/// 403 unless the caller may see the bot `token`.
pub fn require_bot(caller: &Identity, token: &WidgetToken) -> ApiResult<()> {
    if caller.can_see(token.as_str()) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "this operator may not see that bot",
        ))
    }
}

/// A fresh session (JWT and its expiry) for `identity`.
pub async fn issue(env: &Env, identity: Identity) -> ApiResult<SessionResponse> {
    let now = now_ms() / 1000;
    let claims = Claims {
        sub: identity.id.clone(),
        name: identity.name.clone(),
        avatar: identity.avatar.clone(),
        role: identity.role,
        bots: identity.bots.clone(),
        iat: now,
        exp: now + JWT_TTL_SECS,
    };
    Ok(SessionResponse {
        success: true,
        token: jwt::sign(&claims, &jwt_secret(env).await?),
        expires_at: iso(claims.exp * 1000),
        operator: identity,
    })
}

fn looks_like_jwt(credential: &str) -> bool {
    credential.matches('.').count() == 2
}

/// Whether the admin token is still to be chosen: no secret names it and no owner set the
/// deployment up yet (`routes::setup`).
pub async fn setup_needed(env: &Env) -> ApiResult<bool> {
    Ok(admin_digest(env).await?.is_none())
}

/// The SHA-256 digest of the admin token (`ADMIN_TOKEN_SHA256`, hex, or of `ADMIN_TOKEN`, or
/// the one kept at setup); none when there is none yet. A plain `ADMIN_TOKEN` shorter than
/// [`ADMIN_TOKEN_MIN`] is refused (401 saying so) unless `ENVIRONMENT=development`.
async fn admin_digest(env: &Env) -> ApiResult<Option<Vec<u8>>> {
    if let Some(hex) = bindings::var(env, ADMIN_TOKEN_SHA256) {
        return Ok(decode_hex(hex.trim()).filter(|d| d.len() == 32));
    }
    let Some(token) = bindings::var(env, ADMIN_TOKEN) else {
        let kept = kept(env, true).await?.admin_sha256;
        return Ok(kept.and_then(|hex| decode_hex(&hex)));
    };
    let development = bindings::var(env, ENVIRONMENT).as_deref() == Some("development");
    if !admin_token_long_enough(&token, development) {
        return Err(unauthorized(&format!(
            "this service's ADMIN_TOKEN is shorter than {ADMIN_TOKEN_MIN} characters: its owner must set a longer one (openssl rand -hex 32)"
        )));
    }
    Ok(Some(Sha256::digest(token.as_bytes()).to_vec()))
}

/// Whether a plain admin token may be used: long enough, or in development.
pub fn admin_token_long_enough(token: &str, development: bool) -> bool {
    development || token.chars().count() >= ADMIN_TOKEN_MIN
}

/// Whether `token`'s SHA-256 is `expected`, compared in constant time.
pub fn digest_matches(token: &str, expected: &[u8]) -> bool {
    bool::from(Sha256::digest(token.as_bytes()).as_slice().ct_eq(expected))
}

/// The secret that signs dashboard sessions: `JWT_SECRET`, or the deployment's own when it is
/// not set (a `JWT_SECRET` shorter than [`JWT_SECRET_MIN`] is an error, not ignored).
async fn jwt_secret(env: &Env) -> ApiResult<Vec<u8>> {
    match bindings::var(env, JWT_SECRET) {
        Some(secret) if secret.len() >= JWT_SECRET_MIN => Ok(secret.into_bytes()),
        Some(_) => Err(ApiError::internal(format!(
            "JWT_SECRET is shorter than {JWT_SECRET_MIN} characters"
        ))),
        None => Ok(kept(env, false).await?.jwt_secret.into_bytes()),
    }
}

thread_local! {
    /// The Directory's keys, as last read.
    static KEPT: std::cell::RefCell<Option<DeploymentKeys>> = const { std::cell::RefCell::new(None) };
}

/// The keys the deployment keeps itself (the Directory's), asked once per isolate: the signing
/// secret never changes once made, and the admin token's digest never once it exists. Only a
/// caller that needs the digest while none was read asks again (the owner may have set the
/// deployment up through another isolate meanwhile).
async fn kept(env: &Env, needs_admin: bool) -> ApiResult<DeploymentKeys> {
    let cached = KEPT.with(|k| k.borrow().clone());
    if let Some(keys) = cached
        && (!needs_admin || keys.admin_sha256.is_some())
    {
        return Ok(keys);
    }
    let keys = directory::ask(env, directory::Keys).await?;
    KEPT.with(|k| *k.borrow_mut() = Some(keys.clone()));
    Ok(keys)
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, message)
}

/// The bytes of a hex string; none when it is not one.
pub fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_admin_token_is_refused_outside_development() {
        assert!(!admin_token_long_enough("dev-admin-token-change-me", false));
        assert!(admin_token_long_enough("dev-admin-token-change-me", true));
        assert!(admin_token_long_enough(&"a".repeat(ADMIN_TOKEN_MIN), false));
        assert!(!admin_token_long_enough(
            &"a".repeat(ADMIN_TOKEN_MIN - 1),
            false
        ));
    }
}
