//! The admin API for site owners, behind `Authorization: Bearer <ADMIN_TOKEN>`: bots and their
//! config, knowledge documents, conversations. The token is compared as a SHA-256 digest in
//! constant time; production can store only the digest (`ADMIN_TOKEN_SHA256`).

pub mod bots;
pub mod conversations;
pub mod knowledge;
pub mod usage;

use crate::bindings::{self, ADMIN_TOKEN, ADMIN_TOKEN_SHA256};

use crate::error::{ApiError, ApiResult};
use crate::objects::rpc;
use crate::respond::json_with_status;
use crate::routes::{Ctx, path_token};
use porthole_shared::{ErrorCode, WidgetToken};
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use worker::{Env, Method, Request};

/// Lets the request through only with the right bearer token; 401 otherwise (also when no
/// admin token is configured at all).
pub fn authorize(req: &Request, env: &Env) -> ApiResult<()> {
    let presented = req
        .headers()
        .get("Authorization")?
        .and_then(|h| h.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty());
    let expected = expected_digest(env);
    match (presented, expected) {
        (Some(token), Some(expected))
            if bool::from(Sha256::digest(token.as_bytes()).as_slice().ct_eq(&expected)) =>
        {
            Ok(())
        }
        _ => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "a valid admin bearer token is required",
        )),
    }
}

/// An authorized request about an existing bot: its `:token`; 401 or 404 otherwise.
pub(super) async fn known_bot(req: &Request, ctx: &Ctx) -> ApiResult<WidgetToken> {
    authorize(req, &ctx.env)?;
    let token = path_token(ctx)?;
    crate::bots::read_fresh(&ctx.env, &token)
        .await?
        .ok_or_else(ApiError::unknown_token)?;
    Ok(token)
}

/// Asks the bot's object `method path` and answers with what it says, as JSON with `status`.
pub(super) async fn relay<B: Serialize>(
    ctx: &Ctx,
    token: &WidgetToken,
    method: Method,
    path: &str,
    body: Option<&B>,
    status: u16,
) -> ApiResult {
    let answer: serde_json::Value =
        rpc::call(&rpc::bot(&ctx.env, token)?, method, path, body).await?;
    Ok(json_with_status(&answer, status))
}

/// The SHA-256 of the admin token, from `ADMIN_TOKEN_SHA256` (hex) or by hashing `ADMIN_TOKEN`.
fn expected_digest(env: &Env) -> Option<Vec<u8>> {
    if let Some(hex) = bindings::var(env, ADMIN_TOKEN_SHA256) {
        return decode_hex(hex.trim()).filter(|d| d.len() == 32);
    }
    bindings::var(env, ADMIN_TOKEN).map(|t| Sha256::digest(t.as_bytes()).to_vec())
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
