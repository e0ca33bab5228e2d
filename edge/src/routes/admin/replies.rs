//! Admin: saved replies, the answers operators insert in the inbox by typing `/` and a
//! shortcut. A reply is for one bot or shared by all: every operator may use the shared ones and
//! those of the bots they see; owners manage all of them, agents those of their own bots. The
//! Directory object keeps them (`crate::objects::directory`).

use crate::auth;
use crate::objects::directory;
use crate::platform::clock::{iso, now_ms};
use crate::routes::{Ctx, query};
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json_within, json, json_with_status};
use porthole_shared::WidgetToken;
use porthole_shared::api::Ack;
use porthole_shared::operators::Identity;
use porthole_shared::replies::{SavedReply, SavedReplyInput, SavedReplyList, SavedReplySaved};
use worker::Request;

/// Most bytes of a body (a reply holds up to 4,000 characters).
const BODY_MAX_BYTES: usize = 32 * 1024;

/// `GET /api/admin/replies?bot={token}` → `{"success":true,"replies":[…]}`: the shared replies
/// and those of the bots the caller sees (with `bot`: only the shared ones and that bot's), by
/// shortcut. Errors: 400 (a malformed `bot`), 401, 403 (a bot the caller may not see).
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let only = match query(&req, "bot")? {
        Some(raw) => {
            let token = WidgetToken::parse(&raw)
                .map_err(|_| ApiError::invalid("bot must be a bot's token"))?;
            auth::require_bot(&caller, &token)?;
            Some(token)
        }
        None => None,
    };
    let all = directory::ask(&ctx.env, directory::Replies).await?;
    let replies = all
        .into_iter()
        .filter(|r| match (&r.bot, &only) {
            (None, _) => true,
            (Some(bot), Some(only)) => bot == only.as_str(),
            (Some(bot), None) => caller.can_see(bot),
        })
        .collect();
    json(&SavedReplyList {
        success: true,
        replies,
    })
}

/// `POST /api/admin/replies {"shortcut","title"?,"text","bot"?}` → 201 `{"success":true,"reply":{…}}`.
/// Errors: 400 (a bad field, an unknown bot), 401, 403 (a shared reply by an agent, or a bot
/// they do not see), 409 (the shortcut is taken among that bot's replies, or among the shared
/// ones when it is shared).
pub async fn add(mut req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let input: SavedReplyInput = body_json_within(&mut req, BODY_MAX_BYTES).await?;
    may_manage(&caller, input.bot.as_ref().map(WidgetToken::as_str))?;
    known_bot(&ctx, input.bot.as_ref()).await?;
    let now = iso(now_ms());
    let reply = stored(
        crate::platform::random::hex_id("sr_")?,
        input,
        now.clone(),
        now,
    );
    let saved = directory::ask(&ctx.env, directory::AddReply(reply)).await?;
    Ok(json_with_status(
        &SavedReplySaved {
            success: true,
            reply: saved,
        },
        201,
    ))
}

/// `PUT /api/admin/replies/{id}` with the whole reply → the reply as now stored. Errors: 400,
/// 401, 403, 404, 409.
pub async fn replace(mut req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let input: SavedReplyInput = body_json_within(&mut req, BODY_MAX_BYTES).await?;
    let old = existing(&ctx, &caller).await?;
    may_manage(&caller, input.bot.as_ref().map(WidgetToken::as_str))?;
    known_bot(&ctx, input.bot.as_ref()).await?;
    let reply = stored(old.id.clone(), input, old.created_at, iso(now_ms()));
    let saved = directory::ask(&ctx.env, directory::PutReply(reply)).await?;
    json(&SavedReplySaved {
        success: true,
        reply: saved,
    })
}

/// `DELETE /api/admin/replies/{id}` → `{"success":true}`. Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let old = existing(&ctx, &caller).await?;
    directory::ask(&ctx.env, directory::RemoveReply { id: old.id }).await?;
    json(&Ack::OK)
}

/// The reply at `:id`, when the caller may manage it (404 for one they may not even see).
async fn existing(ctx: &Ctx, caller: &Identity) -> ApiResult<SavedReply> {
    let id = ctx
        .param("id")
        .filter(|id| {
            id.starts_with("sr_")
                && id.len() <= 40
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .ok_or_else(|| ApiError::not_found("saved reply"))?;
    let id = id.clone();
    let reply = directory::ask(&ctx.env, directory::GetReply { id }).await?;
    if let Some(bot) = &reply.bot
        && !caller.can_see(bot)
    {
        return Err(ApiError::not_found("saved reply"));
    }
    may_manage(caller, reply.bot.as_deref())?;
    Ok(reply)
}

/// 403 unless the caller may manage the replies of `bot` (none: the shared ones, owners only).
fn may_manage(caller: &Identity, bot: Option<&str>) -> ApiResult<()> {
    match bot {
        None if caller.is_owner() => Ok(()),
        None => Err(ApiError::new(
            porthole_shared::ErrorCode::Forbidden,
            "only an owner may change the replies shared by every bot",
        )),
        Some(bot) if caller.can_see(bot) => Ok(()),
        Some(_) => Err(ApiError::new(
            porthole_shared::ErrorCode::Forbidden,
            "this operator may not see that bot",
        )),
    }
}

/// 400 unless `bot` is none or a bot of this deployment.
async fn known_bot(ctx: &Ctx, bot: Option<&WidgetToken>) -> ApiResult<()> {
    match bot {
        Some(token) if crate::bots::read_fresh(&ctx.env, token).await?.is_none() => {
            Err(ApiError::invalid("bot is not a bot of this deployment"))
        }
        _ => Ok(()),
    }
}

fn stored(
    id: String,
    input: SavedReplyInput,
    created_at: String,
    updated_at: String,
) -> SavedReply {
    let shortcut = input.shortcut.as_str().to_owned();
    let title = input
        .title
        .map(|t| t.as_str().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| shortcut.clone());
    SavedReply {
        id,
        shortcut,
        title,
        text: input.text.as_str().to_owned(),
        bot: input.bot.map(|b| b.as_str().to_owned()),
        created_at,
        updated_at,
    }
}
