//! The inbox index: one row per conversation with its latest summary and the columns the list
//! filters on (mode, waiting, unread, blocked, contact, rating, assignee, resolved, time, and
//! words through [`super::search`]), newest activity first, paged by a cursor on (time, id).

use super::Hub;
use super::protocol::ListQuery;
use crate::objects::sql::{count, exec, rows};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::events::Event;
use porthole_shared::inbox::{ConversationList, ConversationSummary, PAGE_DEFAULT, PAGE_MAX};
use serde::Deserialize;
use worker::SqlStorageValue;

/// The largest page of an export.
pub const EXPORT_MAX: u32 = 10_000;

impl Hub {
    /// Keeps the index row of the conversation an event is about up to date.
    pub(super) fn index(&self, event: &Event) -> ApiResult<()> {
        let summary = match event {
            Event::ConversationNew(c) | Event::ConversationQualified(c) => c,
            Event::ConversationUpdated(u) => &u.conversation,
            Event::MessageNew(m) => &m.conversation,
            Event::CampaignProgress(_) => return Ok(()),
        };
        if let Event::ConversationNew(c) = event {
            self.number(&c.bot, &c.id)?;
        }
        #[derive(Deserialize)]
        struct Known {
            contact_text: String,
        }
        let known = rows::<Known>(
            &self.sql,
            "SELECT contact_text FROM conversations WHERE bot = ? AND id = ?",
            vec![summary.bot.clone().into(), summary.id.clone().into()],
        )?
        .pop()
        .map(|k| k.contact_text)
        .unwrap_or_default();
        let contact_text = self.index_text(event, &known)?;
        let json = serde_json::to_string(summary).map_err(ApiError::internal)?;
        exec(
            &self.sql,
            "REPLACE INTO conversations
               (bot, id, updated_at, mode, waiting, unread, blocked, has_contact, rated, summary,
                contact_text, assignee, resolved, rating)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                summary.bot.clone().into(),
                summary.id.clone().into(),
                summary.updated_at.into(),
                summary.mode.as_str().into(),
                summary.waiting.into(),
                summary.unread.into(),
                summary.blocked.into(),
                summary.contact_data.is_some().into(),
                summary.rating.is_some().into(),
                json.into(),
                contact_text.into(),
                summary.assignee.as_ref().map(|a| a.id.clone()).into(),
                summary.resolved.into(),
                summary.rating.map(i64::from).into(),
            ],
        )
    }

    /// A page of conversations, newest activity first.
    pub(super) fn list(&self, query: &ListQuery) -> ApiResult<ConversationList> {
        let f = &query.filter;
        let mut sql = String::from("SELECT summary FROM conversations WHERE 1 = 1");
        let mut binds: Vec<SqlStorageValue> = vec![];
        if let Some(bots) = &query.bots {
            if bots.is_empty() {
                sql.push_str(" AND 0");
            } else {
                let marks = vec!["?"; bots.len()].join(", ");
                sql.push_str(&format!(" AND bot IN ({marks})"));
                binds.extend(bots.iter().map(|b| b.clone().into()));
            }
        }
        let fts = f.q.as_deref().and_then(super::search::query);
        if let Some(fts) = &fts {
            sql.push_str(" AND id IN (SELECT chat FROM search WHERE search MATCH ?)");
            binds.push(fts.clone().into());
        }
        match f.assignee.as_deref() {
            None => {}
            Some("none") => sql.push_str(" AND assignee IS NULL"),
            Some(id) => {
                sql.push_str(" AND assignee = ?");
                binds.push(id.into());
            }
        }
        if let Some(rating) = f.rating {
            sql.push_str(" AND rating = ?");
            binds.push(i64::from(rating).into());
        }
        if let Some(mode) = f.mode {
            sql.push_str(" AND mode = ?");
            binds.push(mode.as_str().into());
        }
        for (column, wanted) in [
            ("waiting", f.waiting),
            ("blocked", f.blocked),
            ("has_contact", f.has_contact),
            ("rated", f.rated),
            ("resolved", f.resolved),
        ] {
            if let Some(wanted) = wanted {
                sql.push_str(&format!(" AND {column} = ?"));
                binds.push(wanted.into());
            }
        }
        if let Some(unread) = f.unread {
            sql.push_str(if unread {
                " AND unread > 0"
            } else {
                " AND unread = 0"
            });
        }
        if let Some(from) = f.from {
            sql.push_str(" AND updated_at >= ?");
            binds.push(from.into());
        }
        if let Some(to) = f.to {
            sql.push_str(" AND updated_at <= ?");
            binds.push(to.into());
        }
        if let Some((at, id)) = f.cursor.as_deref().and_then(parse_cursor) {
            sql.push_str(" AND (updated_at < ? OR (updated_at = ? AND id < ?))");
            binds.extend([at.into(), at.into(), id.into()]);
        }
        let most = if query.export { EXPORT_MAX } else { PAGE_MAX };
        let limit = f.limit.unwrap_or(PAGE_DEFAULT).clamp(1, most);
        sql.push_str(" ORDER BY updated_at DESC, id DESC LIMIT ?");
        binds.push(i64::from(limit + 1).into());

        #[derive(Deserialize)]
        struct Row {
            summary: String,
        }
        let mut page: Vec<ConversationSummary> = rows::<Row>(&self.sql, &sql, binds)?
            .into_iter()
            .filter_map(|r| serde_json::from_str(&r.summary).ok())
            .collect();
        let next_cursor = (page.len() > limit as usize).then(|| {
            page.truncate(limit as usize);
            page.last()
                .map(|c| format!("{}:{}", c.updated_at, c.id))
                .unwrap_or_default()
        });
        let hits = match (&fts, f.q.as_deref()) {
            (Some(fts), Some(typed)) => {
                let ids: Vec<String> = page.iter().map(|c| c.id.clone()).collect();
                self.hits(fts, typed, &ids)?
            }
            _ => Vec::new(),
        };
        Ok(ConversationList {
            success: true,
            conversations: page,
            next_cursor,
            hits,
        })
    }

    /// How many conversations a bot has.
    pub(super) fn count(&self, bot: &str) -> ApiResult<i64> {
        count(
            &self.sql,
            "SELECT count(*) AS n FROM conversations WHERE bot = ?",
            vec![bot.into()],
        )
    }
}

/// `{updated_at}:{id}`.
fn parse_cursor(raw: &str) -> Option<(i64, String)> {
    let (at, id) = raw.split_once(':')?;
    Some((at.parse().ok()?, id.to_owned()))
}
