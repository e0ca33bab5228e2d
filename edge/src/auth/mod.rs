//! Who is calling the admin and dashboard API, decided in one place. A caller presents
//! `Authorization: Bearer <credential>`: either the admin token (the owner; compared as a
//! SHA-256 digest in constant time, and production may store only the digest), or a dashboard
//! JWT issued at sign-in (an operator, owner or agent). Handlers then ask [`require_owner`] or
//! [`require_bot`]; an agent never reaches another bot's data (403).

pub mod jwt;
pub mod password;

use crate::bindings::{self, ADMIN_TOKEN, ADMIN_TOKEN_SHA256, JWT_SECRET};
use crate::clock::{iso, now_ms};
use crate::error::{ApiError, ApiResult};
use porthole_shared::operators::{Claims, Identity, JWT_TTL_SECS, SessionResponse};
use porthole_shared::{ErrorCode, WidgetToken};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use worker::{Env, Request};

/// Shortest `JWT_SECRET` accepted.
const JWT_SECRET_MIN: usize = 32;

/// The credential of `Authorization: Bearer …` (the scheme matched case-insensitively).
pub fn bearer(req: &Request) -> Option<String> {
    let header = req.headers().get("Authorization").ok().flatten()?;
    let (scheme, credential) = header.trim().split_once(' ')?;
    let credential = credential.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !credential.is_empty()).then(|| credential.to_owned())
}

/// The caller of `req`; 401 without a valid admin token or dashboard JWT.
pub fn caller(req: &Request, env: &Env) -> ApiResult<Identity> {
    let credential = bearer(req).ok_or_else(|| {
        unauthorized("sign in: send Authorization: Bearer <admin token or dashboard JWT>")
    })?;
    identify(env, &credential)
}

/// Who `credential` stands for: the owner (admin token) or the operator of a valid JWT.
pub fn identify(env: &Env, credential: &str) -> ApiResult<Identity> {
    session(env, credential).map(|(identity, _)| identity)
}

/// Who `credential` stands for, and until when (ms; the admin token does not expire).
pub fn session(env: &Env, credential: &str) -> ApiResult<(Identity, i64)> {
    if looks_like_jwt(credential) {
        return claims(env, credential).map(|c| (c.identity(), c.exp.saturating_mul(1000)));
    }
    if is_admin_token(env, credential) {
        Ok((Identity::owner(), i64::MAX))
    } else {
        Err(unauthorized(
            "the admin token or dashboard JWT is not valid",
        ))
    }
}

/// The verified claims of a dashboard JWT; 401 when it is wrong or expired.
pub fn claims(env: &Env, token: &str) -> ApiResult<Claims> {
    let secret = jwt_secret(env)?;
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
pub fn issue(env: &Env, identity: Identity) -> ApiResult<SessionResponse> {
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
        token: jwt::sign(&claims, &jwt_secret(env)?),
        expires_at: iso(claims.exp * 1000),
        operator: identity,
    })
}

fn looks_like_jwt(credential: &str) -> bool {
    credential.matches('.').count() == 2
}

/// Whether `token` is the admin token (`ADMIN_TOKEN_SHA256`, hex, or `ADMIN_TOKEN`).
fn is_admin_token(env: &Env, token: &str) -> bool {
    let expected = match bindings::var(env, ADMIN_TOKEN_SHA256) {
        Some(hex) => decode_hex(hex.trim()).filter(|d| d.len() == 32),
        None => bindings::var(env, ADMIN_TOKEN).map(|t| Sha256::digest(t.as_bytes()).to_vec()),
    };
    expected.is_some_and(|expected| {
        bool::from(Sha256::digest(token.as_bytes()).as_slice().ct_eq(&expected))
    })
}

fn jwt_secret(env: &Env) -> ApiResult<Vec<u8>> {
    match bindings::var(env, JWT_SECRET) {
        Some(secret) if secret.len() >= JWT_SECRET_MIN => Ok(secret.into_bytes()),
        _ => Err(ApiError::internal(format!(
            "JWT_SECRET is missing or shorter than {JWT_SECRET_MIN} characters"
        ))),
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, message)
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}
