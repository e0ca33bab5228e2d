//! Admin: bots. Create (the server generates the token), list, read (with activity and
//! knowledge counts), update, replace-or-create at a chosen token (for seeding and
//! migration), delete.

use super::{Access, bot_access, owner};
use crate::auth;
use crate::objects::bot;
use crate::objects::hub::{self, CountConversations, ForgetBot, SetRetention};
use crate::routes::{Ctx, path_token};
use crate::web::error::ApiResult;
use crate::web::respond::{body_json, json, json_with_status};
use crate::{bots, people::staffing, platform::random};
use porthole_shared::admin::{BotList, BotListItem, BotRecord, BotStatus};
use porthole_shared::api::Ack;
use porthole_shared::{BotConfig, ConfigPatch, WidgetToken};
use worker::Request;

/// `GET /api/admin/bots` → `{"success":true,"bots":[{"token","id","bot_name"}]}` (an agent sees
/// only its bots). Errors: 401.
pub async fn list(req: Request, ctx: Ctx) -> ApiResult {
    let caller = auth::caller(&req, &ctx.env).await?;
    let bots = bots::list(&ctx.env)
        .await?
        .into_iter()
        .filter(|(token, _)| caller.can_see(token))
        .filter_map(|(token, bot_name)| {
            let id = bots::bot_id(&WidgetToken::parse(&token).ok()?).to_string();
            Some(BotListItem {
                token,
                id,
                bot_name,
            })
        })
        .collect();
    json(&BotList {
        success: true,
        bots,
    })
}

/// `POST /api/admin/bots` with an optional partial config → 201 with the new bot's token and
/// config. Errors: 400 (bad JSON, unknown or invalid field), 401, 403 (agents).
pub async fn create(mut req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let patch: ConfigPatch = body_json(&mut req).await?;
    let token = random::token()?;
    let mut config = configured(patch);
    config.staffed = staffing::for_bot(&ctx.env, &token).await?;
    persist(&ctx, &token, &config).await?;
    Ok(json_with_status(&record(&token, config, None), 201))
}

/// `GET /api/admin/bots/{token}` → the bot's config and status. Errors: 401, 403, 404.
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, config) = bot_access(&req, &ctx, Access::Answer).await?;
    let mut status: BotStatus = bot::ask(&ctx.env, &token, bot::GetStatus).await?;
    let counted = hub::ask(&ctx.env, CountConversations { bot: token.clone() }).await?;
    status.conversations = counted.count;
    json(&record(&token, config, Some(status)))
}

/// `PATCH /api/admin/bots/{token}` with a partial config → the updated bot.
/// Errors: 400, 401, 403, 404.
pub async fn update(mut req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, mut config) = bot_access(&req, &ctx, Access::Manage).await?;
    let patch: ConfigPatch = body_json(&mut req).await?;
    let embeddings = config.ai.embeddings.clone();
    config.apply(patch);
    persist(&ctx, &token, &config).await?;
    if config.ai.embeddings != embeddings {
        embedder_changed(&ctx, &token).await?;
    }
    json(&record(&token, config, None))
}

/// `PUT /api/admin/bots/{token}` with a partial config → the bot at that token, its config
/// being the defaults plus the given fields (201 when created, 200 when replaced).
/// Errors: 400, 401, 403, 404 (malformed token).
pub async fn replace(mut req: Request, ctx: Ctx) -> ApiResult {
    owner(&req, &ctx).await?;
    let token = path_token(&ctx)?;
    let patch: ConfigPatch = body_json(&mut req).await?;
    let existed = bots::read_fresh(&ctx.env, &token).await?.is_some();
    let mut config = configured(patch);
    config.staffed = staffing::for_bot(&ctx.env, &token).await?;
    persist(&ctx, &token, &config).await?;
    if existed {
        embedder_changed(&ctx, &token).await?;
    }
    Ok(json_with_status(
        &record(&token, config, None),
        if existed { 200 } else { 201 },
    ))
}

/// `DELETE /api/admin/bots/{token}` → the bot, its knowledge and its inbox index are gone at
/// once; its conversations and uploads are erased in the background (resumable, from the
/// hub's alarm). Errors: 401, 403, 404.
pub async fn delete(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Manage).await?;
    bot::ask(&ctx.env, &token, bot::Wipe).await?;
    crate::objects::bot::snapshots::forget(&token);
    hub::ask(&ctx.env, ForgetBot { bot: token.clone() }).await?;
    bots::delete(&ctx.env, &token).await?;
    json(&Ack::OK)
}

/// Checks the hours' time zone, saves the config, and tells the hub the bot's retention period (it sweeps old transcripts).
async fn persist(ctx: &Ctx, token: &WidgetToken, config: &BotConfig) -> ApiResult<()> {
    crate::platform::zone::check(&config.hours)?;
    bots::save(&ctx.env, token, config).await?;
    let retention = SetRetention {
        bot: token.clone(),
        days: config.access.retention_days,
    };
    hub::ask(&ctx.env, retention).await.map(|_| ())
}

/// Tells the Bot object that the bot's embedding settings may have changed: its alarm embeds
/// the knowledge again if they name another model.
async fn embedder_changed(ctx: &Ctx, token: &WidgetToken) -> ApiResult<()> {
    bot::ask(&ctx.env, token, bot::EmbedderChanged)
        .await
        .map(|_| ())
}

fn configured(patch: ConfigPatch) -> BotConfig {
    let mut config = BotConfig::default();
    config.apply(patch);
    config
}

/// The bot as answered: never with its webhook's signing secret (agents read bots too; the
/// owner reads the secret at `GET …/webhook`).
fn record(token: &WidgetToken, mut config: BotConfig, status: Option<BotStatus>) -> BotRecord {
    config.webhook_secret.clear();
    BotRecord {
        success: true,
        token: token.as_str().to_owned(),
        config,
        status,
    }
}
