//! A bot's reports, read the same way by the admin API and by seed 004's `Api-Key` routes:
//! LLM usage (per day or month, per model) and statistics (messages, conversations, likes per
//! feedback… per hour, day or month). A bad parameter is a 400 that lists the accepted values.

use crate::bots;
use crate::bots::statistics::{self, Period};
use crate::bots::usage::{DailyUsage, Granularity, group};
use crate::objects::hub::{self, HourRow, StatsQuery};
use crate::platform::clock::{day, now_ms};
use crate::routes::query;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::WidgetToken;
use porthole_shared::webchat::PeriodUsage;
use porthole_shared::webchat::StatisticsPoint;
use worker::{Env, Request};

/// Days covered when no start is given.
const DEFAULT_DAYS: i64 = 30;

fn bad_granularity(name: &str, valid: &[&str]) -> ApiError {
    let mut e = ApiError::invalid(format!("{name} must be one of: {}", valid.join(", ")));
    e.valid_types = Some(valid.iter().map(|v| (*v).to_owned()).collect());
    e
}

/// `?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&timeGranularity=day|month` → the usage per period,
/// oldest first (default: the last 30 days, by day).
pub async fn usage(env: &Env, token: &WidgetToken, req: &Request) -> ApiResult<Vec<PeriodUsage>> {
    let end = date(query(req, "endDate")?, "endDate")?.unwrap_or_else(|| day(now_ms()));
    let start = date(query(req, "startDate")?, "startDate")?
        .unwrap_or_else(|| day(now_ms() - DEFAULT_DAYS * 86_400_000));
    if start > end {
        return Err(ApiError::invalid("startDate must not be after endDate"));
    }
    let granularity = match query(req, "timeGranularity")?.as_deref() {
        None | Some("") => Granularity::Day,
        Some(raw) => Granularity::parse(raw)
            .ok_or_else(|| bad_granularity("timeGranularity", &["day", "month"]))?,
    };
    let range = crate::objects::bot::GetUsage {
        from: start.to_string(),
        to: end.to_string(),
    };
    let daily: Vec<DailyUsage> = crate::objects::bot::ask(env, token, range).await?;
    Ok(group(bots::bot_id(token).as_str(), &daily, granularity))
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

/// `?datetimeFrom=&datetimeTo=&timeGranularity=hour|day|month` → the statistics per period,
/// every period of the range included (default: the last 30 days, by day). Times are RFC 3339
/// (`2026-11-21T10:00:00Z`) or dates (`2026-11-21`; `datetimeTo` then means its end).
pub async fn statistics(
    env: &Env,
    token: &WidgetToken,
    req: &Request,
) -> ApiResult<Vec<StatisticsPoint>> {
    let now = now_ms();
    let from = moment(query(req, "datetimeFrom")?, "datetimeFrom", false)?
        .unwrap_or(now - DEFAULT_DAYS * 86_400_000);
    let to = moment(query(req, "datetimeTo")?, "datetimeTo", true)?.unwrap_or(now);
    if from > to {
        return Err(ApiError::invalid(
            "datetimeFrom must not be after datetimeTo",
        ));
    }
    let period = match query(req, "timeGranularity")?.as_deref() {
        None | Some("") => Period::Day,
        Some(raw) => Period::parse(raw)
            .ok_or_else(|| bad_granularity("timeGranularity", &["hour", "day", "month"]))?,
    };
    let ask = StatsQuery {
        bot: token.clone(),
        from,
        to,
    };
    let hours: Vec<HourRow> = hub::ask(env, ask).await?;
    Ok(statistics::group(&hours, from, to, period))
}

/// A time parameter in ms: RFC 3339, or a date (its start, or its end when `end`).
fn moment(raw: Option<String>, name: &str, end: bool) -> ApiResult<Option<i64>> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&raw) {
        return Ok(Some(t.timestamp_millis()));
    }
    chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis() + if end { 86_400_000 - 1 } else { 0 })
        .map(Some)
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "{name} must be a time like 2026-11-21T10:00:00Z or a date like 2026-11-21"
            ))
        })
}
