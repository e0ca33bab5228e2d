//! Seed 004, with `Authorization: Api-Key <key>` (a key of the bot, from the admin API): the
//! bot's web chat (`GET`, and `PATCH` beyond the seed), its LLM usage and statistics, and the
//! evaluation switch. `{id}` is the bot's public id; a key opens only its own bot (another id
//! is not found). Errors are `{"detail":"…"}` (with `valid_types` for a bad parameter): 400,
//! 401, 404.

use super::{Ctx, reports};
use crate::web::error::{ApiError, ApiResult};
use crate::web::respond::{body_json, json};
use crate::{bots, bots::apikeys, bots::avatar};
use porthole_shared::webchat::{EnableEvaluation, WebChatObject, WebChatPatch};
use porthole_shared::{BotConfig, ErrorCode, WidgetToken};
use worker::Request;

/// The bot `{id}` opened by the request's `Api-Key`. Errors: 401, 404.
async fn authorize(req: &Request, ctx: &Ctx) -> ApiResult<(WidgetToken, BotConfig, String)> {
    let unauthorized = || ApiError::new(ErrorCode::Unauthorized, "Invalid API key.");
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    let key = header
        .trim()
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("api-key"))
        .map(|(_, key)| key.trim().to_owned())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthorized,
                "Authentication credentials were not provided: send Authorization: Api-Key <key>.",
            )
        })?;
    let token = apikeys::verify(&ctx.env, &ctx.data.ctx, &key)
        .await?
        .ok_or_else(unauthorized)?;
    let id = bots::bot_id(&token).to_string();
    if ctx.param("id").map(|p| p.to_ascii_lowercase()) != Some(id.clone()) {
        return Err(ApiError::new(ErrorCode::NotFound, "Not found."));
    }
    let config = bots::read_fresh(&ctx.env, &token)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "Not found."))?;
    Ok((token, config, id))
}

/// `GET /api/web-chats/{id}/` → the web chat, every field of the seed (colors as the widget
/// paints them, the generated avatar when none is set, unset images `null`).
pub async fn read(req: Request, ctx: Ctx) -> ApiResult {
    let (token, config, id) = authorize(&req, &ctx).await?;
    web_chat(&req, &ctx, &token, &config, &id).await
}

/// `PATCH /api/web-chats/{id}/` with fields of the web chat (seed names) → the web chat.
/// `id`, `inbox` and `accessType` cannot be changed (400).
pub async fn update(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, mut config, id) = authorize(&req, &ctx).await?;
    let patch: WebChatPatch = body_json(&mut req).await?;
    config.apply(patch.into_config_patch());
    bots::save(&ctx.env, &token, &config).await?;
    web_chat(&req, &ctx, &token, &config, &id).await
}

/// The web chat object; `inbox.signAuth` describes identity verification when the bot has it.
async fn web_chat(
    req: &Request,
    ctx: &Ctx,
    token: &WidgetToken,
    config: &BotConfig,
    id: &str,
) -> ApiResult {
    let mut object = WebChatObject::of(config, id, &avatar::url(req, id)?);
    let identity = crate::visitors::identity::settings(&ctx.env, token).await?;
    object.inbox.sign_auth = porthole_shared::identity::sign_auth(id, &identity);
    json(&object)
}

/// `GET /api/chatbots/{id}/llm-usage-statistics/?startDate&endDate&timeGranularity=day|month`
/// → `[{"date"|"month","totalWordsCount","llmDetails":[…]}]`.
pub async fn usage(req: Request, ctx: Ctx) -> ApiResult {
    let (token, _, _) = authorize(&req, &ctx).await?;
    json(&reports::usage(&ctx.env, &token, &req).await?)
}

/// `GET /api/chatbots/{id}/statistics/?datetimeFrom&datetimeTo&timeGranularity=hour|day|month`
/// → `[{"datetime","messagesCount","conversationsCount","avgMessagesPerConversation",
/// "avgLikesPerFeedback",…}]`.
pub async fn statistics(req: Request, ctx: Ctx) -> ApiResult {
    let (token, _, _) = authorize(&req, &ctx).await?;
    json(&reports::statistics(&ctx.env, &token, &req).await?)
}

/// `PATCH /api/chatbots/{id}/enable-evaluation/ {"enableEvaluation"}` →
/// `{"enableEvaluation":…}`: when on, every AI reply is scored (answered or not, how much of it
/// its passages support), shown per message to operators and summed in the statistics.
pub async fn enable_evaluation(mut req: Request, ctx: Ctx) -> ApiResult {
    let (token, mut config, _) = authorize(&req, &ctx).await?;
    let body: EnableEvaluation = body_json(&mut req).await?;
    if let Some(on) = body.enable_evaluation {
        config.evaluation = on;
        bots::save(&ctx.env, &token, &config).await?;
    }
    json(&EnableEvaluation {
        enable_evaluation: Some(config.evaluation),
    })
}
