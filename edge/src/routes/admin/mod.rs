//! The admin and dashboard API, behind `Authorization: Bearer <admin token or dashboard JWT>`
//! (see [`crate::auth`]). Owners manage bots, knowledge, operators; agents read and answer the
//! conversations of the bots they were given. Every handler names its access through
//! [`owner`] or [`bot_access`], so the check lives in one place.

pub mod answers;
pub mod bots;
pub mod conversations;
pub mod export;
pub mod gaps;
pub mod identity;
pub mod invitations;
pub mod keys;
pub mod knowledge;
pub mod operators;
pub mod replies;
pub mod sites;
pub mod trial;
pub mod usage;

use crate::auth;
use crate::objects::bot::BotCall;
use crate::objects::rpc::Ask;
use crate::routes::{Ctx, path_token};
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::json_with_status;
use porthole_shared::operators::Identity;
use porthole_shared::{BotConfig, WidgetToken};
use worker::Request;

/// What a handler does with a bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Change its settings or knowledge (owners).
    Manage,
    /// Read it and answer its visitors (owners, and agents given the bot).
    Answer,
}

/// The whole number at the path's `:id` (`1x2`, `+12` and `012` name nothing): 404 `what`.
pub(super) fn path_id(ctx: &Ctx, what: &str) -> ApiResult<i64> {
    ctx.param("id")
        .and_then(|id| porthole_shared::admin::parse_document_id(id))
        .ok_or_else(|| ApiError::not_found(what))
}

/// The caller, who must be an owner; 401 or 403 otherwise.
pub(super) async fn owner(req: &Request, ctx: &Ctx) -> ApiResult<Identity> {
    let caller = auth::caller(req, &ctx.env).await?;
    auth::require_owner(&caller)?;
    Ok(caller)
}

/// The caller and the bot at `:token` with its config, when the caller may act on it as
/// `access` says. Errors: 401, 403, 404.
pub(super) async fn bot_access(
    req: &Request,
    ctx: &Ctx,
    access: Access,
) -> ApiResult<(Identity, WidgetToken, BotConfig)> {
    let caller = auth::caller(req, &ctx.env).await?;
    let token = path_token(ctx)?;
    match access {
        Access::Manage => auth::require_owner(&caller)?,
        Access::Answer => auth::require_bot(&caller, &token)?,
    }
    let config = crate::bots::read_fresh(&ctx.env, &token)
        .await?
        .ok_or_else(ApiError::unknown_token)?;
    Ok((caller, token, config))
}

/// Asks the bot's object `call` and answers with what it says, with `status`.
pub(super) async fn relay<A: Ask<Call = BotCall>>(
    ctx: &Ctx,
    token: &WidgetToken,
    call: A,
    status: u16,
) -> ApiResult {
    let answer = crate::objects::bot::ask(&ctx.env, token, call).await?;
    Ok(json_with_status(&answer, status))
}
