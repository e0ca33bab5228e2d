//! Inviting an operator by email (owners): the owner names the address, the role and an
//! agent's bots; the person gets a link (by email where the deployment sends it, and the owner
//! sees it to pass on either way), chooses their name and password, and is signed in. No
//! password travels between people.
//!
//! In KV: `invite:{sha256(code)}` → the invitation, for seven days; accepting it removes it.

use super::owner;
use crate::auth::{self, password, throttle};
use crate::objects::directory::{self, StoredOperator};
use crate::people::mail::{Letter, Mailer};
use crate::platform::bindings::CONFIG_KV;
use crate::platform::clock::{iso, now_ms};
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json, json_with_status};
use crate::{people::staffing, platform::random};
use porthole_shared::ErrorCode;
use porthole_shared::ids::hex;
use porthole_shared::operators::{
    AcceptInvitation, Invitation, InvitationResponse, NewInvitation, OperatorRole,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worker::{Env, Request};

/// How long an invitation's link works.
const TTL_SECS: u64 = 7 * 24 * 3600;

/// What KV keeps of an invitation.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    email: String,
    role: OperatorRole,
    bots: Vec<String>,
}

fn key(code: &str) -> String {
    format!("invite:{}", hex(&Sha256::digest(code.trim().as_bytes())))
}

/// `POST /api/admin/operators/invitations {"email","name"?,"role"?,"bots"?}` → 201
/// `{"success":true,"invitation":{"email","name","role","bots","expires_at","link"},"emailed"}`.
/// Errors: 400 (bad field, unknown bot), 401, 403, 409 `conflict` (an operator has that email).
pub async fn create(mut req: Request, ctx: Ctx) -> ApiResult {
    let inviter = owner(&req, &ctx).await?;
    let new: NewInvitation = body_json(&mut req).await?;
    let bots = super::operators::known_bots(&ctx.env, new.role, new.bots).await?;
    let operators = staffing::operators(&ctx.env).await?;
    if operators.iter().any(|o| o.email == new.email.as_str()) {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "an operator with that email exists already",
        ));
    }
    let code = hex(&random::bytes16()?);
    let stored = Stored {
        email: new.email.as_str().to_owned(),
        role: new.role,
        bots,
    };
    ctx.env
        .kv(CONFIG_KV)?
        .put(
            &key(&code),
            serde_json::to_string(&stored).map_err(ApiError::internal)?,
        )?
        .expiration_ttl(TTL_SECS)
        .execute()
        .await?;
    let origin = req.url()?.origin().ascii_serialization();
    let name = new.name.map(|n| n.as_str().to_owned()).unwrap_or_default();
    let mut link = format!("{origin}/console/accept?code={code}");
    if !name.is_empty() {
        link.push_str(&format!(
            "&name={}",
            js_sys::encode_uri_component(&name)
                .as_string()
                .unwrap_or_default()
        ));
    }
    let emailed = match Mailer::of(&ctx.env) {
        Some(mailer) => {
            let text = format!(
                "{} invites you to answer visitors with them on Porthole, as {}.\n\nChoose your name and password here (the link works for 7 days): {link}",
                inviter.name,
                match stored.role {
                    OperatorRole::Owner => "an owner",
                    OperatorRole::Agent => "an agent",
                }
            );
            let letter = Letter {
                base: &origin,
                to: &stored.email,
                subject: &format!("{} invites you to their Porthole inbox", inviter.name),
                text: &text,
                footer: "No more emails from this console",
            };
            mailer.send(&ctx.env, &letter, None).await?
        }
        None => false,
    };
    let invitation = Invitation {
        email: stored.email,
        name,
        role: stored.role,
        bots: stored.bots,
        expires_at: iso(now_ms() + TTL_SECS as i64 * 1000),
        link,
    };
    Ok(json_with_status(
        &InvitationResponse {
            success: true,
            invitation,
            emailed,
        },
        201,
    ))
}

/// `POST /api/auth/accept {"code","name","password"}` → `{"success":true,"token","expires_at",
/// "operator"}`: the invited person is an operator now, signed in. Errors: 400 (bad field), 404
/// `not_found` (an unknown, used or expired code; counted against the address like a wrong
/// credential), 409 `conflict` (that email has an operator already), 429.
pub async fn accept(mut req: Request, ctx: Ctx) -> ApiResult {
    throttle::refuse_locked(&req, &ctx.env)?;
    let body: AcceptInvitation = body_json(&mut req).await?;
    let kv = ctx.env.kv(CONFIG_KV)?;
    let found = match body.code.trim().len() {
        1..=64 => kv.get(&key(&body.code)).text().await?,
        _ => None,
    };
    let Some(stored) = found.and_then(|t| serde_json::from_str::<Stored>(&t).ok()) else {
        throttle::failed(&req, &ctx.env).await?;
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "this invitation is unknown, used or expired: ask for a new one",
        ));
    };
    let operator = add(
        &ctx.env,
        StoredOperator {
            id: random::hex_id("op_")?,
            email: stored.email,
            name: body.name.as_str().to_owned(),
            avatar: String::new(),
            role: stored.role,
            bots: stored.bots,
            password: password::hash(body.password.expose()).await?,
            created_at: now_ms(),
            away: false,
            alerts: Default::default(),
        },
    )
    .await?;
    kv.delete(&key(&body.code)).await?;
    json(&auth::issue(&ctx.env, operator.identity()).await?)
}

/// Stores a new operator and recomputes which bots are staffed.
pub(super) async fn add(env: &Env, operator: StoredOperator) -> ApiResult<StoredOperator> {
    let stored = directory::ask(env, directory::AddOperator(operator)).await?;
    staffing::refresh(env).await?;
    Ok(stored)
}
