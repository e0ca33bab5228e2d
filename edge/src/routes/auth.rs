//! Dashboard sign-in (seed 002's JWT side): `login` exchanges an operator's email and password
//! for a short-lived JWT, `refresh` renews it (reading the operator again, so a removed operator
//! cannot renew and a changed one gets their new bots), `me` says who the token stands for.

use super::Ctx;
use crate::auth::{self, password};
use crate::objects::directory::{self, Attempt, StoredOperator};
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use crate::web::ratelimit::client_ip;
use crate::web::respond::{body_json, json};
use porthole_shared::ErrorCode;
use porthole_shared::operators::{LoginRequest, MeResponse, OwnerProfile, ProfilePatch};
use worker::Request;

/// `POST /api/auth/login {"email","password"}` → `{"success":true,"token","expires_at",
/// "operator":{…}}`. Errors: 400 (bad body), 401 `unauthorized` (the same answer for an unknown
/// email and a wrong password), 429 `rate_limited` with `Retry-After` after repeated failures.
pub async fn login(mut req: Request, ctx: Ctx) -> ApiResult {
    let body: LoginRequest = body_json(&mut req).await?;
    let email = body.email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 || body.password.len() > 1024 {
        return Err(ApiError::invalid("email and password are required"));
    }
    let attempt = Attempt {
        email,
        ip: client_ip(&req),
        now: now_ms(),
    };
    let check = directory::ask(&ctx.env, directory::CheckAttempt(attempt.clone())).await?;
    if let Some(secs) = check.locked_secs {
        let mut err = ApiError::new(
            ErrorCode::RateLimited,
            "Too many failed sign-ins. Please wait and try again.",
        );
        err.retry_after = Some(secs);
        return Err(err);
    }
    let stored = check.operator.as_ref().map(|o| o.password.as_str());
    let verified = password::verify(&body.password, stored).await?;
    if verified {
        directory::ask(&ctx.env, directory::AttemptSucceeded(attempt)).await?;
    } else {
        directory::ask(&ctx.env, directory::AttemptFailed(attempt)).await?;
    }
    match check.operator {
        Some(operator) if verified => json(&auth::issue(&ctx.env, operator.identity()).await?),
        _ => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "wrong email or password",
        )),
    }
}

/// `POST /api/auth/refresh` with a valid dashboard JWT (or the admin token) → a new session.
/// Errors: 401 (expired, invalid, or the operator was removed).
pub async fn refresh(req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    if caller.id == porthole_shared::operators::Identity::owner().id {
        return json(&auth::issue(&ctx.env, caller).await?);
    }
    let operator = stored_self(&ctx.env, caller.id).await?;
    json(&auth::issue(&ctx.env, operator.identity()).await?)
}

/// `PATCH /api/auth/me {"name"?,"avatar"?,"away"?,"alerts"?,"email"?}` → the caller as now
/// shown: how visitors and the inbox see them (the admin token's owner too, `Support` until they
/// say), whether they are away (the widget then does not count them as available), and which
/// emails they get (`email`, where they go, is the admin token owner's to set: an operator's
/// go to their sign-in address). Errors: 400, 401.
pub async fn update_me(mut req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let patch: ProfilePatch = crate::web::respond::body_json_within(&mut req, 4 * 1024).await?;
    let name = patch.name.map(|n| n.as_str().to_owned());
    let avatar = patch.avatar.map(|a| a.as_str().to_owned());
    let is_owner = caller.id == porthole_shared::operators::Identity::owner().id;
    let email = match patch.email.as_deref().map(str::trim) {
        Some(_) if !is_owner => {
            return Err(ApiError::invalid(
                "an operator's emails go to their sign-in address, which an owner changes",
            ));
        }
        Some("") => Some(String::new()),
        Some(raw) => Some(
            porthole_shared::fields::Email::parse(raw)
                .map_err(ApiError::invalid)?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let mut mine = read_me(&ctx.env, &caller).await?;
    if is_owner {
        let profile = OwnerProfile {
            name: name.unwrap_or(caller.name.clone()),
            avatar: avatar.unwrap_or(caller.avatar.clone()),
            away: patch.away.unwrap_or(caller.away),
            email: email.unwrap_or(mine.email),
            alerts: patch.alerts.unwrap_or(mine.alerts),
        };
        directory::ask(&ctx.env, directory::PutOwner(profile.clone())).await?;
        mine.email = profile.email;
        mine.alerts = profile.alerts;
        let now = porthole_shared::operators::Identity {
            name: profile.name,
            avatar: profile.avatar,
            away: profile.away,
            ..caller
        };
        crate::routes::admin::operators::tell_hub(&ctx.env, &now.id, Some(now.clone())).await?;
    } else {
        let id = caller.id.clone();
        let mut operator = directory::ask(&ctx.env, directory::GetOperator { id }).await?;
        operator.name = name.unwrap_or(operator.name);
        operator.avatar = avatar.unwrap_or(operator.avatar);
        operator.away = patch.away.unwrap_or(operator.away);
        operator.alerts = patch.alerts.unwrap_or(operator.alerts);
        let saved = directory::ask(&ctx.env, directory::PutOperator(operator)).await?;
        mine.alerts = saved.alerts;
        crate::routes::admin::operators::tell_hub(&ctx.env, &saved.id, Some(saved.identity()))
            .await?;
    }
    json(&MeResponse {
        operator: auth::caller(&req, &ctx.env).await?,
        ..mine
    })
}

/// `GET /api/auth/me` → `{"success":true,"operator":{"id","name","avatar","role","bots","away"},
/// "email","alerts","email_enabled"}`. Errors: 401.
pub async fn me(req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    json(&read_me(&ctx.env, &caller).await?)
}

/// The calling operator's record (401 once they were removed).
async fn stored_self(env: &worker::Env, id: String) -> ApiResult<StoredOperator> {
    directory::ask(env, directory::GetOperator { id })
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unauthorized, "this operator no longer exists"))
}

/// The caller with where their emails go and which they get.
async fn read_me(
    env: &worker::Env,
    caller: &porthole_shared::operators::Identity,
) -> ApiResult<MeResponse> {
    let (email, alerts) = if caller.id == porthole_shared::operators::Identity::owner().id {
        let owner = directory::ask(env, directory::GetOwner).await?;
        (owner.email, owner.alerts)
    } else {
        let operator = stored_self(env, caller.id.clone()).await?;
        (operator.email, operator.alerts)
    };
    Ok(MeResponse {
        success: true,
        operator: caller.clone(),
        email,
        alerts,
        email_enabled: crate::people::mail::Mailer::of(env).is_some(),
    })
}
