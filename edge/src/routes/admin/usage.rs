//! Admin: a bot's reports — LLM usage in the shape of seed 004 (per day or month, the tokens of
//! every model that answered, as the providers reported them or estimated) and statistics
//! (messages, conversations, likes per feedback, ratings, evaluations, widget events per hour,
//! day or month). Owners, and agents for their bots.

use super::{Access, bot_access};
use crate::routes::{Ctx, reports};
use crate::web::error::ApiResult;
use crate::web::respond::json;
use worker::Request;

/// `GET /api/admin/bots/{token}/llm-usage-statistics?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&timeGranularity=day|month`
/// → `[{"date","totalWordsCount","llmDetails":[{"chatbotId","wordsCount","llmModelId",
/// "llmModelName","llmModelProvider","promptTokens","completionTokens","turns"}]}]`, oldest
/// first; `wordsCount` counts tokens. Defaults: the last 30 days, by day.
/// Errors: 400 `invalid_field` (bad date or granularity), 401, 403, 404.
pub async fn statistics(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    json(&reports::usage(&ctx.env, &token, &req).await?)
}

/// `GET /api/admin/bots/{token}/statistics?datetimeFrom=&datetimeTo=&timeGranularity=hour|day|month`
/// → `[{"datetime","messagesCount","conversationsCount","avgMessagesPerConversation",
/// "avgLikesPerFeedback","likes","dislikes","ratings","avgRating","evaluated","answered",
/// "avgSupport","events"}]`. Errors: 400 `invalid_field`, 401, 403, 404.
pub async fn activity(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    json(&reports::statistics(&ctx.env, &token, &req).await?)
}
