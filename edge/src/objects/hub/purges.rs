//! Erasure in the background: conversations to delete (a deleted bot's, or those past their
//! bot's retention period) wait in `purges` and are deleted a batch at a time from the hub's
//! alarm — each Conversation object erases its messages and the images they hold — so a bot with
//! a million conversations is deleted without one long request, and an interruption resumes
//! where it stopped. A deleted bot's leftover uploads (their R2 prefix) go last.
//! Retention: bots with a period are swept every hour for conversations idle longer than it.

use super::Hub;
use crate::objects::sql::{count, exec, meta, rows, set_meta};
use crate::platform::bindings::UPLOADS;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use porthole_shared::{ChatId, WidgetToken};
use serde::Deserialize;

/// Conversations erased per alarm.
const BATCH: i64 = 25;
/// Uploads deleted per alarm when sweeping a deleted bot's prefix.
const UPLOADS_BATCH: u32 = 100;
/// How often bots with a retention period are swept (ms; `RETENTION_SWEEP_MS` for tests).
const SWEEP_EVERY_MS: i64 = 60 * 60_000;
/// A retention day (ms; `RETENTION_DAY_MS` for tests).
const DAY_MS: i64 = 24 * 60 * 60_000;

impl Hub {
    /// A deleted bot: its conversations go to the purge queue (and out of the inbox at once),
    /// then its uploads.
    pub(super) fn purge_bot(&self, bot: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "INSERT OR IGNORE INTO purges (bot, chat_id) SELECT bot, id FROM conversations WHERE bot = ?",
            vec![bot.into()],
        )?;
        exec(
            &self.sql,
            "INSERT OR IGNORE INTO purges (bot, chat_id) VALUES (?, '')",
            vec![bot.into()],
        )?;
        exec(
            &self.sql,
            "DELETE FROM retention WHERE bot = ?",
            vec![bot.into()],
        )
    }

    /// One conversation, deleted by its owner: erased now, and out of the index.
    pub(super) async fn erase_one(&self, bot: &str, chat_id: &str) -> ApiResult<Ack> {
        self.erase(bot, chat_id).await?;
        Ok(Ack::OK)
    }

    /// Sets (or clears, with 0 days) a bot's retention period.
    pub(super) fn set_retention(&self, bot: &str, days: u32) -> ApiResult<Ack> {
        if days == 0 {
            exec(
                &self.sql,
                "DELETE FROM retention WHERE bot = ?",
                vec![bot.into()],
            )?;
        } else {
            exec(
                &self.sql,
                "REPLACE INTO retention (bot, days) VALUES (?, ?)",
                vec![bot.into(), i64::from(days).into()],
            )?;
        }
        Ok(Ack::OK)
    }

    /// When the next batch is due: now while purges wait, else the next retention sweep.
    pub(super) fn next_purge(&self) -> Option<i64> {
        if count(&self.sql, "SELECT count(*) AS n FROM purges", vec![]).ok()? > 0 {
            return Some(now_ms());
        }
        if count(&self.sql, "SELECT count(*) AS n FROM retention", vec![]).ok()? > 0 {
            let last = self.meta_i64("retention_swept_at").unwrap_or(0);
            return Some((last + self.sweep_every()).max(now_ms()));
        }
        None
    }

    /// Queues what retention says is due, then erases one batch.
    pub(super) async fn run_purges(&self) -> ApiResult<()> {
        let now = now_ms();
        if self.meta_i64("retention_swept_at").unwrap_or(0) + self.sweep_every() <= now {
            exec(
                &self.sql,
                "INSERT OR IGNORE INTO purges (bot, chat_id)
                 SELECT c.bot, c.id FROM conversations c JOIN retention r ON r.bot = c.bot
                 WHERE c.updated_at < ? - r.days * ?",
                vec![now.into(), self.day_ms().into()],
            )?;
            set_meta(&self.sql, "retention_swept_at", &now.to_string())?;
        }
        #[derive(Deserialize)]
        struct Row {
            bot: String,
            chat_id: String,
        }
        let batch: Vec<Row> = rows(
            &self.sql,
            "SELECT bot, chat_id FROM purges ORDER BY chat_id = '', rowid LIMIT ?",
            vec![BATCH.into()],
        )?;
        for row in batch {
            let done = if row.chat_id.is_empty() {
                self.sweep_uploads(&row.bot).await?
            } else {
                self.erase(&row.bot, &row.chat_id).await?;
                true
            };
            if done {
                exec(
                    &self.sql,
                    "DELETE FROM purges WHERE bot = ? AND chat_id = ?",
                    vec![row.bot.into(), row.chat_id.into()],
                )?;
            }
        }
        Ok(())
    }

    /// Erases one conversation's object and its index row.
    async fn erase(&self, bot: &str, chat_id: &str) -> ApiResult<()> {
        if let (Ok(token), Ok(chat)) = (WidgetToken::parse(bot), ChatId::parse(chat_id)) {
            let erase = crate::objects::conversation::Erase;
            crate::objects::conversation::ask(&self.env, &token, &chat, erase).await?;
        }
        self.unindex_text(bot, chat_id)?;
        exec(
            &self.sql,
            "DELETE FROM conversations WHERE bot = ? AND id = ?",
            vec![bot.into(), chat_id.into()],
        )
    }

    /// Deletes a batch of a deleted bot's uploads; whether none are left.
    async fn sweep_uploads(&self, bot: &str) -> ApiResult<bool> {
        // Only once the bot's conversations are gone (they erase their own images first).
        let left = count(
            &self.sql,
            "SELECT count(*) AS n FROM purges WHERE bot = ? AND chat_id <> ''",
            vec![bot.into()],
        )?;
        if left > 0 {
            return Ok(false);
        }
        let bucket = self.env.bucket(UPLOADS)?;
        let listed = bucket
            .list()
            .prefix(format!("{bot}/"))
            .limit(UPLOADS_BATCH)
            .execute()
            .await?;
        let keys: Vec<String> = listed.objects().iter().map(|o| o.key()).collect();
        for key in &keys {
            bucket.delete(key).await?;
        }
        Ok(!listed.truncated() && keys.len() < UPLOADS_BATCH as usize)
    }

    fn sweep_every(&self) -> i64 {
        self.setting("RETENTION_SWEEP_MS").unwrap_or(SWEEP_EVERY_MS)
    }

    fn day_ms(&self) -> i64 {
        self.setting("RETENTION_DAY_MS").unwrap_or(DAY_MS)
    }

    /// A positive number from the deployment's variable `name`.
    pub(super) fn setting(&self, name: &str) -> Option<i64> {
        crate::platform::bindings::millis(&self.env, name)
    }

    fn meta_i64(&self, key: &str) -> Option<i64> {
        meta(&self.sql, key).ok().flatten()?.parse().ok()
    }
}
