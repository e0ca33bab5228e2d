//! The bot's curated answers: saved (new or replacing one), listed newest first, deleted. Each
//! is a row of `documents` of the format [`curated::KIND`] (its wordings and answer as JSON in
//! `text`, its first wording as `title`, its link as `url`) and a chunk per wording in the
//! index, so it counts towards the knowledge's size and is found, embedded and snapshotted
//! with the documents. Saving one takes its questions off the list of what the bot could not
//! answer (`super::gaps`).

use super::Bot;
use super::protocol::*;
use crate::knowledge::curated;
use crate::objects::sql::{count, exec, first, rows};
use crate::platform::clock::iso;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::admin::parse_document_id;
use porthole_shared::answers::{AnswerList, AnswerSaved, CuratedAnswer};
use porthole_shared::api::Ack;
use serde::Deserialize;

/// Most curated answers a bot may have (more → 400).
pub const ANSWERS_MAX: u64 = 1_000;

#[derive(Deserialize)]
struct AnswerRow {
    id: f64,
    url: String,
    text: String,
    created_at: f64,
    updated_at: f64,
}

impl AnswerRow {
    fn answer(self) -> CuratedAnswer {
        let stored = curated::Stored::read(&self.text).unwrap_or(curated::Stored {
            questions: Vec::new(),
            answer: self.text,
        });
        CuratedAnswer {
            id: self.id as i64,
            questions: stored.questions,
            answer: stored.answer,
            url: self.url,
            created_at: iso(self.created_at as i64),
            updated_at: iso(self.updated_at as i64),
        }
    }
}

const SELECT: &str = "SELECT id, url, text, created_at, updated_at FROM documents WHERE format = ?";

impl Bot {
    pub(super) fn list_answers(&self) -> ApiResult<AnswerList> {
        let found: Vec<AnswerRow> = rows(
            &self.sql,
            &format!("{SELECT} ORDER BY updated_at DESC, id DESC"),
            vec![curated::KIND.into()],
        )?;
        Ok(AnswerList {
            success: true,
            answers: found.into_iter().map(AnswerRow::answer).collect(),
        })
    }

    /// Saves a curated answer: a new one (`id` none) or in place of answer `id`; indexes its
    /// wordings anew.
    pub(super) fn save_answer(&self, id: Option<&str>, save: SaveAnswer) -> ApiResult<AnswerSaved> {
        let SaveAnswer { answer, now } = save;
        let id = match id {
            Some(raw) => Some(self.answer_id(raw)?),
            None => None,
        };
        if id.is_none() && self.count_kind(true, None)? >= ANSWERS_MAX {
            return Err(ApiError::invalid(format!(
                "a bot may have at most {ANSWERS_MAX} curated answers"
            )));
        }
        let stored = curated::Stored {
            questions: answer.questions.iter().map(str::to_owned).collect(),
            answer: answer.answer.as_str().to_owned(),
        };
        let chars = answer.questions.chars() + stored.answer.chars().count();
        self.check_capacity(id, chars as u64)?;
        let text = serde_json::to_string(&stored)
            .map_err(|e| ApiError::internal(format!("curated answer: {e}")))?;
        let binds = vec![
            answer.questions.first().into(),
            answer.url.as_str().into(),
            text.into(),
            (chars as i64).into(),
            (stored.questions.len() as i64).into(),
            now.into(),
        ];
        let id = match id {
            Some(id) => {
                self.delete_chunks(id)?;
                let mut binds = binds;
                binds.push(id.into());
                exec(
                    &self.sql,
                    "UPDATE documents SET title = ?, url = ?, text = ?, chars = ?, chunks = ?,
                     updated_at = ? WHERE id = ?",
                    binds,
                )?;
                id
            }
            None => {
                let mut binds = binds;
                binds.push(now.into());
                binds.push(curated::KIND.into());
                exec(
                    &self.sql,
                    "INSERT INTO documents (title, url, text, chars, chunks, updated_at, created_at, format)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    binds,
                )?;
                count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?
            }
        };
        self.index_answer(id, answer.url.as_str(), &stored)?;
        self.chunks_changed()?;
        // Its questions are answered now: off the list of what the bot could not answer.
        let keys: Vec<String> = stored
            .questions
            .iter()
            .map(|q| crate::knowledge::gaps::key(q, None))
            .collect();
        self.resolve_gaps(&keys)?;
        let row: Option<AnswerRow> = first(
            &self.sql,
            &format!("{SELECT} AND id = ?"),
            vec![curated::KIND.into(), id.into()],
        )?;
        let saved =
            row.ok_or_else(|| ApiError::internal("curated answer vanished after saving"))?;
        Ok(AnswerSaved {
            success: true,
            answer: saved.answer(),
        })
    }

    pub(super) fn delete_answer(&self, raw: &str) -> ApiResult<Ack> {
        let id = self.answer_id(raw)?;
        self.delete_row(id)
    }

    /// The id of an existing curated answer, from a path.
    fn answer_id(&self, raw: &str) -> ApiResult<i64> {
        let id = parse_document_id(raw).ok_or_else(|| ApiError::not_found("curated answer"))?;
        if !self.has_row(id, true)? {
            return Err(ApiError::not_found("curated answer"));
        }
        Ok(id)
    }
}
