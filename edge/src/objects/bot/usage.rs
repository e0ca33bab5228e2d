//! LLM usage per bot: each LLM turn adds its tokens to its UTC day's total per model; the
//! statistics endpoint reads the days of a range.

use super::Bot;
use super::protocol::*;
use crate::objects::sql::{exec, rows};
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use serde::Deserialize;

impl Bot {
    /// Adds one LLM turn to its day's total.
    pub(super) fn add_usage(&self, entry: UsageEntry) -> ApiResult<Ack> {
        let u = entry.usage;
        exec(
            &self.sql,
            "INSERT INTO usage (day, provider, model, prompt_tokens, completion_tokens, turns) VALUES (?, ?, ?, ?, ?, 1)
             ON CONFLICT (day, provider, model) DO UPDATE SET prompt_tokens = prompt_tokens + excluded.prompt_tokens,
               completion_tokens = completion_tokens + excluded.completion_tokens, turns = turns + 1",
            vec![entry.day.into(), u.provider.into(), u.model.into(), (u.prompt_tokens as i64).into(), (u.completion_tokens as i64).into()],
        )?;
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Daily totals between two days (inclusive).
    pub(super) fn usage(&self, range: &GetUsage) -> ApiResult<Vec<DailyUsage>> {
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
            vec![range.from.as_str().into(), range.to.as_str().into()],
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
        Ok(daily)
    }
}
