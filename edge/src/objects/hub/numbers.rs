//! Conversations by number: seed 003's `done` frame names a conversation by an integer
//! (`porthole_shared::ChatId::number`, computed from the bot and the chat id), and every
//! endpoint that reads a conversation id accepts it. The number cannot be turned back into the
//! chat id, so the hub keeps the pairs, written when a conversation is first announced (and,
//! once, for the conversations indexed before numbers existed).

use super::Hub;
use super::protocol::Numbered;
use crate::objects::sql::{exec, first, meta, rows, set_meta};
use crate::web::error::ApiResult;
use porthole_shared::{ChatId, WidgetToken};
use serde::Deserialize;

/// The table of numbers.
pub const NUMBERS_TABLE: &str = "CREATE TABLE IF NOT EXISTS numbers (
    bot TEXT NOT NULL, number INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (bot, number))";

/// Where the hub notes that the index's older conversations have their numbers.
const BACKFILLED_KEY: &str = "numbers_backfilled";

/// The number of chat `id` of `bot`, when both are well-formed.
fn number_of(bot: &str, id: &str) -> Option<i64> {
    let token = WidgetToken::parse(bot).ok()?;
    let chat = ChatId::parse(id).ok()?;
    i64::try_from(chat.number(&token)).ok()
}

impl Hub {
    /// Keeps the number of a conversation announced for the first time.
    pub(super) fn number(&self, bot: &str, id: &str) -> ApiResult<()> {
        let Some(n) = number_of(bot, id) else {
            return Ok(());
        };
        exec(
            &self.sql,
            "INSERT OR IGNORE INTO numbers (bot, number, id) VALUES (?, ?, ?)",
            vec![bot.into(), n.into(), id.into()],
        )
    }

    /// Numbers the conversations indexed before numbers existed (once).
    pub(super) fn backfill_numbers(&self) -> ApiResult<()> {
        if meta(&self.sql, BACKFILLED_KEY)?.is_some() {
            return Ok(());
        }
        #[derive(Deserialize)]
        struct Row {
            bot: String,
            id: String,
        }
        let all: Vec<Row> = rows(&self.sql, "SELECT bot, id FROM conversations", vec![])?;
        for row in all {
            self.number(&row.bot, &row.id)?;
        }
        set_meta(&self.sql, BACKFILLED_KEY, "1")
    }

    /// Which conversation of `bot` has number `n`.
    pub(super) fn numbered(&self, bot: &str, n: i64) -> ApiResult<Numbered> {
        #[derive(Deserialize)]
        struct Row {
            id: ChatId,
        }
        let chat_id = first::<Row>(
            &self.sql,
            "SELECT id FROM numbers WHERE bot = ? AND number = ?",
            vec![bot.into(), n.into()],
        )?
        .map(|r| r.id);
        Ok(Numbered { chat_id })
    }
}
