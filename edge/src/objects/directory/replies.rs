//! Saved replies, kept by the Directory (they are the deployment's, like its operators): add,
//! list, change, remove. Who may touch which is decided by the worker (`routes::admin::replies`);
//! here a shortcut is unique among the replies of one bot, and among the shared ones (a bot's
//! own reply may take a shared one's shortcut: the inbox lists both).

use super::Directory;
use crate::objects::sql::{count, exec, first, rows};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::replies::{SAVED_REPLIES_MAX, SavedReply};
use serde::Deserialize;

/// The table.
pub const REPLIES_TABLE: &str = "CREATE TABLE IF NOT EXISTS saved_replies (
    id TEXT PRIMARY KEY, shortcut TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    bot TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)";

const COLUMNS: &str = "id, shortcut, title, text, bot, created_at, updated_at";

#[derive(Deserialize)]
struct Row {
    id: String,
    shortcut: String,
    title: String,
    text: String,
    bot: String,
    created_at: String,
    updated_at: String,
}

impl Row {
    fn reply(self) -> SavedReply {
        SavedReply {
            id: self.id,
            shortcut: self.shortcut,
            title: self.title,
            text: self.text,
            bot: Some(self.bot).filter(|b| !b.is_empty()),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl Directory {
    /// Every saved reply, by shortcut.
    pub(super) fn replies(&self) -> ApiResult<Vec<SavedReply>> {
        let list: Vec<Row> = rows(
            &self.sql,
            &format!("SELECT {COLUMNS} FROM saved_replies ORDER BY shortcut, bot"),
            vec![],
        )?;
        Ok(list.into_iter().map(Row::reply).collect())
    }

    /// Saved reply `id`.
    pub(super) fn reply(&self, id: &str) -> ApiResult<SavedReply> {
        first::<Row>(
            &self.sql,
            &format!("SELECT {COLUMNS} FROM saved_replies WHERE id = ?"),
            vec![id.into()],
        )?
        .map(Row::reply)
        .ok_or_else(|| ApiError::not_found("saved reply"))
    }

    /// Keeps `reply`, new or replacing the one with its id.
    pub(super) fn save_reply(&self, reply: SavedReply, new: bool) -> ApiResult<SavedReply> {
        if new
            && count(&self.sql, "SELECT count(*) AS n FROM saved_replies", vec![])? as usize
                >= SAVED_REPLIES_MAX
        {
            return Err(ApiError::invalid(format!(
                "a deployment may keep at most {SAVED_REPLIES_MAX} saved replies"
            )));
        }
        if !new {
            self.reply(&reply.id)?;
        }
        let bot = reply.bot.clone().unwrap_or_default();
        let taken = count(
            &self.sql,
            "SELECT count(*) AS n FROM saved_replies WHERE shortcut = ? AND bot = ? AND id <> ?",
            vec![
                reply.shortcut.clone().into(),
                bot.clone().into(),
                reply.id.clone().into(),
            ],
        )?;
        if taken > 0 {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("/{} is taken already", reply.shortcut),
            ));
        }
        exec(
            &self.sql,
            &format!("REPLACE INTO saved_replies ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            vec![
                reply.id.clone().into(),
                reply.shortcut.clone().into(),
                reply.title.clone().into(),
                reply.text.clone().into(),
                bot.into(),
                reply.created_at.clone().into(),
                reply.updated_at.clone().into(),
            ],
        )?;
        Ok(reply)
    }

    /// Removes saved reply `id`.
    pub(super) fn delete_reply(&self, id: &str) -> ApiResult<SavedReply> {
        let reply = self.reply(id)?;
        exec(
            &self.sql,
            "DELETE FROM saved_replies WHERE id = ?",
            vec![id.into()],
        )?;
        Ok(reply)
    }
}
