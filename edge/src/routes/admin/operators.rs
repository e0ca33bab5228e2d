//! Admin: operators, owner only. Create (the password is stored as a PBKDF2 digest), list,
//! read, change (name, avatar, password, role, bots), remove. After each change every bot's
//! "staffed" flag is recomputed, so the widget offers a person exactly when one can answer.

use super::owner;
use crate::auth::password;
use crate::objects::directory::{self, StoredOperator};
use crate::objects::hub;
use crate::platform::clock::now_ms;
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json, json_with_status};
use crate::{bots, people::staffing, platform::random};
use porthole_shared::WidgetToken;
use porthole_shared::operators::{
    NewOperator, OperatorList, OperatorPatch, OperatorResponse, OperatorRole,
};
use worker::{Env, Request};

/// `GET /api/admin/operators` → `{"success":true,"operators":[…]}`. Errors: 401, 403.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let operators = staffing::operators(&ctx.env).await?;
    json(&OperatorList {
        success: true,
        operators: operators.iter().map(StoredOperator::public).collect(),
    })
}

/// `POST /api/admin/operators {"name","email","password","role"?,"bots"?,"avatar"?}` → 201
/// `{"success":true,"operator":{…}}`. Errors: 400 (bad field, unknown bot), 401, 403,
/// 409 `conflict` (email in use).
pub async fn create(mut req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let new: NewOperator = body_json(&mut req).await?;
    let bots = known_bots(&ctx.env, new.role, new.bots).await?;
    let operator = StoredOperator {
        id: random::hex_id("op_")?,
        email: new.email.as_str().to_owned(),
        name: new.name.as_str().to_owned(),
        avatar: new.avatar.as_str().to_owned(),
        role: new.role,
        bots,
        password: password::hash(new.password.expose()).await?,
        created_at: now_ms(),
        away: false,
        alerts: Default::default(),
    };
    let stored = super::invitations::add(&ctx.env, operator).await?;
    Ok(json_with_status(&response(&stored), 201))
}

/// `GET /api/admin/operators/{id}` → the operator. Errors: 401, 403, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    json(&response(&stored(&ctx).await?))
}

/// `PATCH /api/admin/operators/{id}` with the fields to change → the operator.
/// Errors: 400, 401, 403, 404.
pub async fn update(mut req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let patch: OperatorPatch = body_json(&mut req).await?;
    let mut operator = stored(&ctx).await?;
    if let Some(name) = patch.name {
        operator.name = name.as_str().to_owned();
    }
    if let Some(avatar) = patch.avatar {
        operator.avatar = avatar.as_str().to_owned();
    }
    if let Some(role) = patch.role {
        operator.role = role;
    }
    if let Some(list) = patch.bots {
        operator.bots = list.iter().map(|t| t.as_str().to_owned()).collect();
    }
    let bots = operator
        .bots
        .iter()
        .filter_map(|b| WidgetToken::parse(b).ok())
        .collect();
    operator.bots = known_bots(&ctx.env, operator.role, bots).await?;
    if let Some(new) = patch.password {
        operator.password = password::hash(new.expose()).await?;
    }
    let saved = directory::ask(&ctx.env, directory::PutOperator(operator)).await?;
    staffing::refresh(&ctx.env).await?;
    tell_hub(&ctx.env, &saved.id, Some(saved.identity())).await?;
    json(&response(&saved))
}

/// Tells the hub who operator `id` is now (`None`: removed), so their open dashboard sockets
/// follow at once (HTTP calls read the directory each time: `crate::auth::caller`).
pub(crate) async fn tell_hub(
    env: &Env,
    id: &str,
    now: Option<porthole_shared::operators::Identity>,
) -> ApiResult<()> {
    let revise = hub::ReviseOperator {
        id: id.to_owned(),
        now,
    };
    hub::ask(env, revise).await.map(|_| ())
}

/// `DELETE /api/admin/operators/{id}` → `{"success":true,"operator":{…}}`; the operator's
/// session ends at once: their next call gets 401 and their dashboard sockets are closed.
/// Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let id = operator_id(&ctx)?;
    let removed = directory::ask(&ctx.env, directory::RemoveOperator { id }).await?;
    staffing::refresh(&ctx.env).await?;
    tell_hub(&ctx.env, &removed.id, None).await?;
    json(&response(&removed))
}

fn response(operator: &StoredOperator) -> OperatorResponse {
    OperatorResponse {
        success: true,
        operator: operator.public(),
    }
}

fn operator_id(ctx: &Ctx) -> ApiResult<String> {
    ctx.param("id")
        .filter(|id| {
            id.starts_with("op_")
                && id.len() <= 40
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        .cloned()
        .ok_or_else(|| ApiError::not_found("operator"))
}

async fn stored(ctx: &Ctx) -> ApiResult<StoredOperator> {
    let id = operator_id(ctx)?;
    directory::ask(&ctx.env, directory::GetOperator { id }).await
}

/// An agent's bots, each checked to exist (owners see every bot: none are kept).
pub(super) async fn known_bots(
    env: &Env,
    role: OperatorRole,
    bots: Vec<WidgetToken>,
) -> ApiResult<Vec<String>> {
    if role == OperatorRole::Owner {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::with_capacity(bots.len());
    for token in bots {
        if bots::read_fresh(env, &token).await?.is_none() {
            return Err(ApiError::invalid(format!(
                "bots: no bot has the token {token}"
            )));
        }
        if !out.iter().any(|b| b == token.as_str()) {
            out.push(token.as_str().to_owned());
        }
    }
    Ok(out)
}
