//! Retrieval over the bot's FTS5 index: [`crate::knowledge::retrieval`] decides what to search
//! for and how to weigh it; this is its [`Index`] on SQLite. The object is the index's writer;
//! questions are answered from snapshots of it held by the isolates that ask
//! (`crate::objects::bot::snapshots`), which read the knowledge's version here and, when it changed, its
//! rows. Only knowledge too large to hold in memory is searched here, question by question.

use super::knowledge::{KNOWLEDGE_BYTES_KEY, KNOWLEDGE_VERSION_KEY, LANGUAGES_KEY};
use super::protocol::*;
use super::vectors::{DIMS_KEY, MODEL_KEY, VECTOR_BYTES_KEY};
use super::{Bot, MAX_PASSAGES};
use crate::ai::Retrieved;
use crate::knowledge::compose::Passage;
use crate::knowledge::lang::Lang;
use crate::knowledge::retrieval::{Index, match_expression, retrieve};
use crate::knowledge::snapshot::{SnapshotRow, SnapshotRows};
use crate::objects::sql::{count, meta, rows, set_meta};
use crate::web::error::{ApiError, ApiResult};

impl Bot {
    /// Retrieval for one question.
    pub(super) fn context(&self, req: ContextRequest) -> ApiResult<Retrieved> {
        let found = retrieve(self, &req.query, req.lang, req.limit.min(MAX_PASSAGES))?;
        Ok(Retrieved {
            passages: found.passages,
            terms: found.terms,
            meaning: None,
            curated: found.curated,
        })
    }

    /// A new version of the knowledge (after a change to the chunks): the time in
    /// milliseconds, or one more than the last version when the clock has not moved on.
    pub(super) fn new_knowledge_version(&self) -> ApiResult<String> {
        let last = self.meta_i64(KNOWLEDGE_VERSION_KEY)?.unwrap_or(0);
        let version = crate::platform::clock::now_ms().max(last + 1).to_string();
        set_meta(&self.sql, KNOWLEDGE_VERSION_KEY, &version)?;
        Ok(version)
    }

    /// The knowledge's version and size (a bot that never had a version gets one now).
    fn current_version(&self) -> ApiResult<KnowledgeVersion> {
        let version = match meta(&self.sql, KNOWLEDGE_VERSION_KEY)? {
            Some(v) => v,
            None => self.new_knowledge_version()?,
        };
        let bytes = match self.meta_i64(KNOWLEDGE_BYTES_KEY)? {
            Some(c) => c,
            // A bot indexed before sizes were kept: measured once, then kept.
            None => self.measure_bytes()?,
        };
        let vectors = self.meta_i64(VECTOR_BYTES_KEY)?.unwrap_or(0);
        Ok(KnowledgeVersion {
            version,
            bytes: bytes.max(0) as u64,
            vector_bytes: vectors.max(0) as u64,
        })
    }

    /// `GET /knowledge-version`.
    pub(super) fn knowledge_version(&self) -> ApiResult<KnowledgeVersion> {
        self.current_version()
    }

    /// `GET /snapshot`: every chunk as the index holds it, with its vector when it has one,
    /// and the version they are of.
    pub(super) fn snapshot(&self) -> ApiResult<SnapshotRows> {
        let version = self.current_version()?.version;
        let rows: Vec<SnapshotRow> = rows(
            &self.sql,
            "SELECT c.title_terms AS title_terms, c.body_terms AS body_terms,
                    CAST(c.doc_id AS INTEGER) AS doc_id, c.title AS title, c.url AS url,
                    c.body AS body, c.lang AS lang, coalesce(v.vector, '') AS vector,
                    coalesce(c.kind, '') AS kind
             FROM chunks c LEFT JOIN vectors v ON v.hash = c.hash ORDER BY c.rowid",
            vec![],
        )?;
        let dims = meta(&self.sql, DIMS_KEY)?.and_then(|d| d.parse().ok());
        Ok(SnapshotRows {
            version,
            languages: self
                .languages()?
                .iter()
                .map(|l| l.tag().to_owned())
                .collect(),
            rows,
            model: meta(&self.sql, MODEL_KEY)?
                .filter(|_| dims.is_some())
                .unwrap_or_default(),
            dims: dims.unwrap_or(0),
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
            "SELECT CAST(doc_id AS INTEGER) AS doc_id, title, url, body, lang,
                    (kind = 'answer') AS curated FROM chunks
             WHERE chunks MATCH ? ORDER BY bm25(chunks, 2.0, 1.0) LIMIT ?",
            vec![expression.into(), i64::from(limit).into()],
        )
    }
}
