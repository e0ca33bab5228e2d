//! Retrieval for one question over the bot's FTS5 index: [`crate::knowledge::retrieval`]
//! decides what to search for and how to weigh it; this is its [`Index`] on SQLite — what
//! every responder grounds its reply in.

use super::knowledge::LANGUAGES_KEY;
use super::{Bot, MAX_PASSAGES};
use crate::ai::Retrieved;
use crate::error::{ApiError, ApiResult};
use crate::knowledge::compose::Passage;
use crate::knowledge::lang::Lang;
use crate::knowledge::retrieval::{Index, match_expression, retrieve};
use crate::objects::rpc::ContextRequest;
use crate::objects::sql::{count, meta, rows};
use crate::respond::json;

impl Bot {
    /// Retrieval for one question.
    pub(super) fn context(&self, req: ContextRequest) -> ApiResult {
        let found = retrieve(
            self,
            &req.query,
            req.lang.as_deref(),
            req.limit.min(MAX_PASSAGES),
        )?;
        json(&Retrieved {
            passages: found.passages,
            terms: found.terms,
        })
    }
}

impl Index for Bot {
    type Error = ApiError;

    fn chunk_count(&self) -> ApiResult<u64> {
        Ok(count(&self.sql, "SELECT count(*) AS n FROM chunks", vec![])?.max(0) as u64)
    }

    fn languages(&self) -> ApiResult<Vec<Lang>> {
        Ok(meta(&self.sql, LANGUAGES_KEY)?
            .unwrap_or_default()
            .split(' ')
            .filter_map(Lang::from_tag)
            .collect())
    }

    fn body_frequency(&self, forms: &[String]) -> ApiResult<u64> {
        let Some(any_of) = match_expression(forms) else {
            return Ok(0);
        };
        let df = count(
            &self.sql,
            "SELECT count(*) AS n FROM chunks WHERE chunks MATCH ?",
            vec![format!("body_terms : ({any_of})").into()],
        )?;
        Ok(df.max(0) as u64)
    }

    fn search(&self, forms: &[String], limit: u32) -> ApiResult<Vec<Passage>> {
        let Some(expression) = match_expression(forms) else {
            return Ok(Vec::new());
        };
        rows(
            &self.sql,
            "SELECT CAST(doc_id AS INTEGER) AS doc_id, title, url, body, lang FROM chunks
             WHERE chunks MATCH ? ORDER BY bm25(chunks, 2.0, 1.0) LIMIT ?",
            vec![expression.into(), i64::from(limit).into()],
        )
    }
}
