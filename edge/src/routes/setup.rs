//! A deployment's first visit. Deployed without an admin-token secret, Porthole waits for its
//! owner to choose one: `wrangler deploy` runs the build, which prints a one-time setup link
//! (`/console/setup#<code>`, `scripts/setup-link`) and ships only the code's SHA-256 among the
//! static assets (`/api/setup.sha256`, which the router never serves). Whoever holds the link
//! chooses the admin token once; the Directory keeps its digest, and from then on the link is
//! dead. An `ADMIN_TOKEN` (or `ADMIN_TOKEN_SHA256`) secret, set before or after, takes
//! precedence and the setup never opens. No default credential exists at any moment.

use super::Ctx;
use crate::auth::{self, ADMIN_TOKEN_MIN, throttle};
use crate::objects::directory;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json};
use porthole_shared::ErrorCode;
use porthole_shared::api::Ack;
use porthole_shared::operators::{SetupRequest, SetupStatus};
use sha2::{Digest, Sha256};
use worker::{Env, Request};

/// The longest setup code accepted (the build makes 32 characters).
const CODE_MAX: usize = 256;
/// The longest admin token accepted.
const ADMIN_TOKEN_MAX: usize = 256;

/// Where the build puts the setup code's digest (hex), among the static assets.
const DIGEST_ASSET: &str = "https://assets.local/api/setup.sha256";

/// `GET /api/auth/setup` → `{"success":true,"needed":bool}`: whether the admin token is still to
/// be chosen (the console's sign-in page then says where the setup link is).
pub async fn status(_req: Request, ctx: Ctx) -> ApiResult {
    json(&SetupStatus {
        success: true,
        needed: auth::setup_needed(&ctx.env).await?,
    })
}

/// `POST /api/auth/setup {"code","admin_token"}` → `{"success":true}`: the owner's admin token,
/// chosen once. Errors: 400 (bad body, a token of fewer than 32 or more than 256 characters),
/// 401 `unauthorized` (not the code of the last deploy's link; counted like a wrong sign-in),
/// 404 `not_found` (this deployment was built without a setup link), 409 `conflict` (set up
/// already, or an `ADMIN_TOKEN` secret is set), 429 after repeated wrong codes.
pub async fn complete(mut req: Request, ctx: Ctx) -> ApiResult {
    throttle::refuse_locked(&req, &ctx.env)?;
    let body: SetupRequest = body_json(&mut req).await?;
    if body.code.is_empty() || body.code.len() > CODE_MAX {
        return Err(ApiError::new(
            ErrorCode::InvalidField,
            format!("code must be 1 to {CODE_MAX} characters: the part of the setup link after #"),
        ));
    }
    let chars = body.admin_token.chars().count();
    if !(ADMIN_TOKEN_MIN..=ADMIN_TOKEN_MAX).contains(&chars) {
        return Err(ApiError::new(
            ErrorCode::InvalidField,
            format!(
                "admin_token must be {ADMIN_TOKEN_MIN} to {ADMIN_TOKEN_MAX} characters (the console makes one)"
            ),
        ));
    }
    if !auth::setup_needed(&ctx.env).await? {
        return Err(set_up_already());
    }
    let Some(expected) = code_digest(&ctx.env).await? else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "this deployment has no setup link: set the ADMIN_TOKEN secret (npx wrangler secret put ADMIN_TOKEN)",
        ));
    };
    if !auth::digest_matches(body.code.trim(), &expected) {
        throttle::failed(&req, &ctx.env).await?;
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "this is not the setup link of the last deploy: use the one `wrangler deploy` printed last",
        ));
    }
    let admin_sha256 = porthole_shared::ids::hex(&Sha256::digest(body.admin_token.as_bytes()));
    // Another isolate may have won the race: the Directory then refuses (409) the same way.
    directory::ask(&ctx.env, directory::ClaimOwner { admin_sha256 }).await?;
    json(&Ack::OK)
}

fn set_up_already() -> ApiError {
    ApiError::new(
        ErrorCode::Conflict,
        "this deployment is set up already: sign in with its admin token",
    )
}

/// The setup code's digest the build shipped; none when it shipped none (a build that was not
/// a deploy's).
async fn code_digest(env: &Env) -> ApiResult<Option<Vec<u8>>> {
    let mut response = env.assets("ASSETS")?.fetch(DIGEST_ASSET, None).await?;
    if response.status_code() != 200 {
        return Ok(None);
    }
    let text = response.text().await?;
    Ok(auth::decode_hex(text.trim()).filter(|d| d.len() == 32))
}
