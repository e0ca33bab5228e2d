//! Admin: LLM usage statistics in the shape of seed 004 — per period (day or month), the tokens
//! of every model that answered, as the providers reported them (or estimated when they did not).

use super::{Access, bot_access};
use crate::clock::{day, now_ms};
use crate::error::{ApiError, ApiResult};
use crate::objects::rpc;
use crate::respond::json;
use crate::routes::{Ctx, query};
use crate::usage::{DailyUsage, Granularity, group};
use worker::{Method, Request};

/// Days covered when no `startDate` is given.
const DEFAULT_DAYS: i64 = 30;

/// `GET /api/admin/bots/{token}/llm-usage-statistics?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&timeGranularity=day|month`
/// → `[{"date","totalWordsCount","llmDetails":[{"chatbotId","wordsCount","llmModelId",
/// "llmModelName","llmModelProvider","promptTokens","completionTokens","turns"}]}]`, oldest
/// first; `wordsCount` counts tokens. Defaults: the last 30 days, by day.
/// Errors: 400 `invalid_field` (bad date or granularity), 401, 403, 404.
pub async fn statistics(req: Request, ctx: Ctx) -> ApiResult {
    let (_, token, _) = bot_access(&req, &ctx, Access::Answer).await?;
    let today = day(now_ms());
    let end = date(query(&req, "endDate")?, "endDate")?.unwrap_or_else(|| today.clone());
    let start = date(query(&req, "startDate")?, "startDate")?
        .unwrap_or_else(|| day(now_ms() - DEFAULT_DAYS * 86_400_000));
    if start > end {
        return Err(ApiError::invalid("startDate must not be after endDate"));
    }
    let granularity = match query(&req, "timeGranularity")?.as_deref() {
        None | Some("") => Granularity::Day,
        Some(raw) => Granularity::parse(raw)
            .ok_or_else(|| ApiError::invalid("timeGranularity must be day or month"))?,
    };
    let path = format!("/usage?from={start}&to={end}");
    let daily: Vec<DailyUsage> =
        rpc::call::<(), _>(&rpc::bot(&ctx.env, &token)?, Method::Get, &path, None).await?;
    json(&group(token.as_str(), &daily, granularity))
}

/// A `YYYY-MM-DD` date parameter.
fn date(raw: Option<String>, name: &str) -> ApiResult<Option<String>> {
    match raw.filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => chrono::NaiveDate::parse_from_str(&r, "%Y-%m-%d")
            .map(|d| Some(d.format("%Y-%m-%d").to_string()))
            .map_err(|_| ApiError::invalid(format!("{name} must be a date like 2026-11-21"))),
    }
}
