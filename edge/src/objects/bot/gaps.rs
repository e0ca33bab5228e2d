//! What the bot could not answer: each fallback it said and each reply a visitor voted down,
//! with the question (recorded by the conversation, `crate::objects::conversation`), listed
//! grouped by what they ask ([`crate::knowledge::gaps::key`]), most recently asked first. A
//! group leaves the list when the owner dismisses it or saves a curated answer with one of its
//! wordings. The newest [`GAPS_KEPT`] records are kept.

use super::Bot;
use super::protocol::*;
use crate::objects::sql::{exec, rows};
use crate::platform::clock::iso;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use porthole_shared::gaps::{GAP_QUESTION_MAX_CHARS, GAPS_LISTED, Gap, GapKind, GapList};
use serde::Deserialize;

/// Records kept (older ones are dropped as new ones come).
pub const GAPS_KEPT: i64 = 5_000;
/// Wordings shown per group.
const WORDINGS: usize = 5;

/// The table of records.
pub const GAPS_TABLE: &str = "CREATE TABLE IF NOT EXISTS gaps (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, question TEXT NOT NULL,
    chat_id TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL)";
/// Its index by group.
pub const GAPS_INDEX: &str = "CREATE INDEX IF NOT EXISTS gaps_by_key ON gaps(key, at)";

#[derive(Deserialize)]
struct GroupRow {
    key: String,
    count: f64,
    fallbacks: f64,
    last_at: f64,
}

#[derive(Deserialize)]
struct RecordRow {
    question: String,
    chat_id: String,
}

impl Bot {
    pub(super) fn record_gap(&self, record: GapRecord) -> ApiResult<Ack> {
        if !record.key.is_empty() {
            let question: String = record
                .question
                .trim()
                .chars()
                .take(GAP_QUESTION_MAX_CHARS)
                .collect();
            let kind = match record.kind {
                GapKind::Fallback => "fallback",
                GapKind::Disliked => "disliked",
            };
            exec(
                &self.sql,
                "INSERT INTO gaps (key, question, chat_id, kind, at) VALUES (?, ?, ?, ?, ?)",
                vec![
                    record.key.into(),
                    question.into(),
                    record.chat_id.as_str().into(),
                    kind.into(),
                    record.at.into(),
                ],
            )?;
            exec(
                &self.sql,
                "DELETE FROM gaps WHERE id <= (SELECT max(id) FROM gaps) - ?",
                vec![GAPS_KEPT.into()],
            )?;
        }
        Ok(porthole_shared::api::Ack::OK)
    }

    pub(super) fn list_gaps(&self) -> ApiResult<GapList> {
        let groups: Vec<GroupRow> = rows(
            &self.sql,
            "SELECT key, count(*) AS count, sum(kind = 'fallback') AS fallbacks, max(at) AS last_at
             FROM gaps GROUP BY key ORDER BY last_at DESC LIMIT ?",
            vec![(GAPS_LISTED as i64).into()],
        )?;
        let mut gaps = Vec::with_capacity(groups.len());
        for g in groups {
            let records: Vec<RecordRow> = rows(
                &self.sql,
                "SELECT question, chat_id FROM gaps WHERE key = ? ORDER BY at DESC, id DESC LIMIT 50",
                vec![g.key.clone().into()],
            )?;
            let mut wordings: Vec<String> = Vec::new();
            for r in &records {
                if wordings.len() < WORDINGS && !wordings.contains(&r.question) {
                    wordings.push(r.question.clone());
                }
            }
            let Some(latest) = records.first() else {
                continue;
            };
            let (count, fallbacks) = (g.count as i64, g.fallbacks as i64);
            gaps.push(Gap {
                key: g.key,
                question: latest.question.clone(),
                chat_id: latest.chat_id.clone(),
                wordings,
                count,
                fallbacks,
                disliked: count - fallbacks,
                last_at: iso(g.last_at as i64),
            });
        }
        Ok(GapList {
            success: true,
            gaps,
        })
    }

    /// Takes the groups of `keys` off the list (dismissed, or answered by a curated answer).
    pub(super) fn resolve_gaps(&self, keys: &[String]) -> ApiResult<()> {
        for key in keys {
            exec(
                &self.sql,
                "DELETE FROM gaps WHERE key = ?",
                vec![key.clone().into()],
            )?;
        }
        Ok(())
    }

    /// `DELETE /gaps {"key"}`.
    pub(super) fn dismiss_gap(&self, dismiss: DismissGap) -> ApiResult<Ack> {
        self.resolve_gaps(&[dismiss.key])?;
        Ok(porthole_shared::api::Ack::OK)
    }
}
