//! The owner's daily caps (seed-free; see [`porthole_shared::access`]): each visitor message the
//! AI is to answer takes one from the day's allowance, refused once the day's messages or the
//! day's AI tokens (from [`super::usage`]) reach the caps; each image a visitor sends takes one
//! from the day's images. Days are UTC.

use super::Bot;
use super::protocol::*;
use crate::objects::sql::{count, exec};
use crate::web::error::ApiResult;

impl Bot {
    /// Takes one image from today's allowance, unless the cap is reached.
    pub(super) fn take_image_quota(&self, ask: ImageQuotaAsk) -> ApiResult<QuotaAnswer> {
        let day = ask.day.as_str();
        let taken = count(
            &self.sql,
            "SELECT images AS n FROM image_quota WHERE day = ?",
            vec![day.into()],
        )?;
        let allowed = ask.images == 0 || taken < i64::from(ask.images);
        if allowed {
            self.count_one("image_quota", "images", day)?;
        }
        Ok(QuotaAnswer { allowed })
    }

    /// Takes one message from today's allowance, unless a cap is reached.
    pub(super) fn take_quota(&self, ask: QuotaAsk) -> ApiResult<QuotaAnswer> {
        let day = ask.day.as_str();
        let messages = count(
            &self.sql,
            "SELECT messages AS n FROM quota WHERE day = ?",
            vec![day.into()],
        )?;
        let tokens = count(
            &self.sql,
            "SELECT sum(prompt_tokens + completion_tokens) AS n FROM usage WHERE day = ?",
            vec![day.into()],
        )?;
        let allowed = (ask.messages == 0 || messages < i64::from(ask.messages))
            && (ask.tokens == 0 || tokens < ask.tokens as i64);
        if allowed {
            self.count_one("quota", "messages", day)?;
        }
        Ok(QuotaAnswer { allowed })
    }

    /// Adds one to `day`'s count in `column` of `table` (one of this module's two daily
    /// counters); yesterday's and older counts are no longer needed.
    fn count_one(&self, table: &str, column: &str, day: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            &format!(
                "INSERT INTO {table} (day, {column}) VALUES (?, 1)
                 ON CONFLICT (day) DO UPDATE SET {column} = {column} + 1"
            ),
            vec![day.into()],
        )?;
        exec(
            &self.sql,
            &format!("DELETE FROM {table} WHERE day < ?"),
            vec![day.into()],
        )
    }
}
