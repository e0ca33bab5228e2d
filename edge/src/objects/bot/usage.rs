//! LLM usage per bot: each LLM turn adds its tokens to its UTC day's total per model; the
//! statistics endpoint reads the days of a range.

use super::Bot;
use crate::error::ApiResult;
use crate::objects::sql::{exec, rows};
use crate::respond::json;
use crate::routes::query;
use crate::usage::{DailyUsage, UsageEntry};
use serde::Deserialize;
use worker::Request;

impl Bot {
    /// Adds one LLM turn to its day's total.
    pub(super) fn add_usage(&self, entry: UsageEntry) -> ApiResult {
        let u = entry.usage;
        exec(
            &self.sql,
            "INSERT INTO usage (day, provider, model, prompt_tokens, completion_tokens, turns) VALUES (?, ?, ?, ?, ?, 1)
             ON CONFLICT (day, provider, model) DO UPDATE SET prompt_tokens = prompt_tokens + excluded.prompt_tokens,
               completion_tokens = completion_tokens + excluded.completion_tokens, turns = turns + 1",
            vec![entry.day.into(), u.provider.into(), u.model.into(), (u.prompt_tokens as i64).into(), (u.completion_tokens as i64).into()],
        )?;
        json(&porthole_shared::api::Ack::OK)
    }

    /// Daily totals between `?from=` and `?to=` (inclusive days).
    pub(super) fn usage(&self, req: &Request) -> ApiResult {
        let param = |name: &str| query(req, name).map(Option::unwrap_or_default);
        #[derive(Deserialize)]
        struct Row {
            day: String,
            provider: String,
            model: String,
            prompt_tokens: f64,
            completion_tokens: f64,
            turns: f64,
        }
        let rows: Vec<Row> = rows(
            &self.sql,
            "SELECT day, provider, model, prompt_tokens, completion_tokens, turns FROM usage
             WHERE day >= ? AND day <= ? ORDER BY day, provider, model",
            vec![param("from")?.into(), param("to")?.into()],
        )?;
        let daily: Vec<DailyUsage> = rows
            .into_iter()
            .map(|r| DailyUsage {
                day: r.day,
                provider: r.provider,
                model: r.model,
                prompt_tokens: r.prompt_tokens as u64,
                completion_tokens: r.completion_tokens as u64,
                turns: r.turns as u64,
            })
            .collect();
        json(&daily)
    }
}
