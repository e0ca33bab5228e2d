//! The bot's knowledge documents: add (or replace by URL) — converted, chunked and indexed in
//! FTS5 —, list with chunk counts, delete, within the per-bot limits.
//!
//! The index holds each chunk's words as [`crate::knowledge::terms`] analyses them (stemmed in
//! the chunk's language, Chinese in pairs of characters), recognised once here; FTS5 only
//! splits them at spaces. When that analysis changes, [`INDEX_VERSION`] changes and every
//! bot indexes its documents anew (a batch per request or alarm), from the text it kept.

use super::Bot;
use super::protocol::*;
use crate::knowledge::lang::{self, Lang};
use crate::knowledge::terms::{Stems, index_text};
use crate::knowledge::{curated, files};
use crate::objects::sql::{count, exec, first, meta, rows};
use crate::platform::clock::iso;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ErrorCode;
use porthole_shared::admin::{
    DOCUMENT_MAX_CHARS, DocumentAdded, DocumentDetail, DocumentFormat, DocumentList,
    DocumentSummary, KNOWLEDGE_MAX_DOCUMENTS,
};
use porthole_shared::api::Ack;
use serde::Deserialize;

/// The kind of index the `chunks` table holds. Version 1 (no entry) was FTS5's own English
/// stemming (`porter unicode61`) over the raw text; 2 our own analysis (languages, Chinese in
/// pairs); 3 adds a token for each currency sign and each time of day; 4 each chunk's hash,
/// which names its embedding vector (`super::vectors`); 5 each chunk's kind (a curated answer's
/// wording or a document's chunk, `super::answers`).
pub const INDEX_VERSION: &str = "5";
/// Where the version of the index is kept in `meta`.
pub const INDEX_VERSION_KEY: &str = "knowledge_index_version";
/// While reindexing: the last document id indexed anew.
const REINDEXED_THROUGH_KEY: &str = "knowledge_reindexed_through";
/// The languages of the knowledge (tags separated by spaces).
pub const LANGUAGES_KEY: &str = "knowledge_languages";
/// The version of the knowledge: a new value with every change to the chunks.
pub const KNOWLEDGE_VERSION_KEY: &str = "knowledge_version";
/// Bytes (UTF-8) of chunk text, bodies and titles, the index holds.
pub const KNOWLEDGE_BYTES_KEY: &str = "knowledge_bytes";
/// Characters of documents indexed anew per request or alarm.
const REINDEX_BATCH_CHARS: i64 = 1_000_000;

/// The index: the analysed words of title and body (searched), and what retrieval gives back.
const CHUNKS_TABLE: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(
    title_terms, body_terms, title UNINDEXED, body UNINDEXED, doc_id UNINDEXED,
    url UNINDEXED, lang UNINDEXED, hash UNINDEXED, kind UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')";

impl Bot {
    /// Makes the index current: an index of another version is dropped and every document
    /// queued to be indexed anew.
    pub(super) fn migrate_index(&self) {
        let version = meta(&self.sql, INDEX_VERSION_KEY).ok().flatten();
        if version.as_deref() == Some(INDEX_VERSION) {
            let pending = meta(&self.sql, REINDEXED_THROUGH_KEY).ok().flatten();
            self.reindexing.set(pending.is_some());
            return;
        }
        let documents =
            count(&self.sql, "SELECT count(*) AS n FROM documents", vec![]).unwrap_or(0);
        let steps = [
            ("DROP TABLE IF EXISTS chunks", vec![]),
            (CHUNKS_TABLE, vec![]),
            (
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                vec![INDEX_VERSION_KEY.into(), INDEX_VERSION.into()],
            ),
        ];
        for (statement, binds) in steps {
            if let Err(e) = exec(&self.sql, statement, binds) {
                worker::console_error!("bot index migration: {}", e.message);
                return;
            }
        }
        if documents > 0 {
            if let Err(e) = crate::objects::sql::set_meta(&self.sql, REINDEXED_THROUGH_KEY, "0") {
                worker::console_error!("bot index migration: {}", e.message);
            }
            self.reindexing.set(true);
        }
    }

    /// Indexes anew the next batch of documents while a migration is under way, and asks
    /// the alarm for the next batch.
    pub(super) async fn reindex_some(&self) {
        if !self.reindexing.get() {
            return;
        }
        match self.reindex_batch() {
            Ok(true) => self.reindexing.set(false),
            Ok(false) => {
                let storage = self.state.storage();
                if let Err(e) =
                    crate::platform::clock::set_alarm_at(&storage, crate::platform::clock::now_ms())
                        .await
                {
                    worker::console_error!("bot reindex alarm: {e}");
                }
            }
            Err(e) => worker::console_error!("bot reindex: {}", e.message),
        }
    }

    /// One batch of the reindexing; `true` when every document is done.
    fn reindex_batch(&self) -> ApiResult<bool> {
        #[derive(serde::Deserialize)]
        struct Doc {
            id: f64,
            title: String,
            url: String,
            text: String,
            chars: f64,
            format: String,
        }
        let after: i64 = meta(&self.sql, REINDEXED_THROUGH_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut budget = REINDEX_BATCH_CHARS;
        let mut last = after;
        loop {
            let doc: Option<Doc> = first(
                &self.sql,
                "SELECT id, title, url, text, chars, format FROM documents WHERE id > ? ORDER BY id LIMIT 1",
                vec![last.into()],
            )?;
            let Some(doc) = doc else {
                exec(
                    &self.sql,
                    "DELETE FROM meta WHERE key = ?",
                    vec![REINDEXED_THROUGH_KEY.into()],
                )?;
                self.chunks_changed()?;
                return Ok(true);
            };
            let id = doc.id as i64;
            self.delete_chunks(id)?;
            let chunks = if doc.format == curated::KIND {
                let stored = curated::Stored::read(&doc.text).unwrap_or_else(|| curated::Stored {
                    questions: vec![doc.title.clone()],
                    answer: doc.text.clone(),
                });
                self.index_answer(id, &doc.url, &stored)?;
                stored.questions.len()
            } else {
                let chunks = files::chunks(&doc.format, &doc.title, &doc.url, &doc.text);
                self.index_chunks(id, &doc.text, &chunks)?;
                chunks.len()
            };
            exec(
                &self.sql,
                "UPDATE documents SET chunks = ? WHERE id = ?",
                vec![(chunks as i64).into(), id.into()],
            )?;
            last = id;
            crate::objects::sql::set_meta(&self.sql, REINDEXED_THROUGH_KEY, &last.to_string())?;
            budget -= doc.chars as i64;
            if budget <= 0 {
                self.chunks_changed()?;
                return Ok(false);
            }
        }
    }

    /// Indexes the chunks of a document: each in its own language (recognised here, once),
    /// else the document's, else English.
    fn index_chunks(&self, doc_id: i64, text: &str, chunks: &[files::Chunk]) -> ApiResult<()> {
        let document_lang = lang::detect(text).unwrap_or(Lang::En);
        let stems = Stems::new(&Lang::ALL);
        for chunk in chunks {
            let chunk_lang = lang::detect(&chunk.body).unwrap_or(document_lang);
            let row = ChunkRow {
                doc_id,
                title: &chunk.title,
                body: &chunk.body,
                url: &chunk.url,
                lang: chunk_lang,
                kind: "",
            };
            self.insert_chunk(&stems, &row)?;
        }
        Ok(())
    }

    /// Indexes a curated answer: a chunk per wording (its title), each with the answer (its
    /// body), in the wording's language.
    pub(super) fn index_answer(
        &self,
        doc_id: i64,
        url: &str,
        answer: &curated::Stored,
    ) -> ApiResult<()> {
        let answer_lang = lang::detect(&answer.answer).unwrap_or(Lang::En);
        let stems = Stems::new(&Lang::ALL);
        for (wording, body) in answer.chunks() {
            let row = ChunkRow {
                doc_id,
                title: wording,
                body,
                url,
                lang: lang::detect(wording).unwrap_or(answer_lang),
                kind: curated::KIND,
            };
            self.insert_chunk(&stems, &row)?;
        }
        Ok(())
    }

    fn insert_chunk(&self, stems: &Stems, row: &ChunkRow<'_>) -> ApiResult<()> {
        exec(
            &self.sql,
            "INSERT INTO chunks (title_terms, body_terms, title, body, doc_id, url, lang, hash, kind)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                index_text(stems, row.title, row.lang).into(),
                index_text(stems, row.body, row.lang).into(),
                row.title.into(),
                row.body.into(),
                row.doc_id.into(),
                row.url.into(),
                row.lang.tag().into(),
                super::vectors::chunk_hash(row.title, row.body).into(),
                row.kind.into(),
            ],
        )
    }

    /// After any change to the chunks: notes which languages the knowledge is written in (read
    /// with each question), how many bytes of text it holds, and gives it a new version (so every
    /// isolate's snapshot of it is replaced, see `crate::objects::bot::snapshots`); new chunks are embedded in
    /// the background (the alarm, `super::vectors`).
    pub(super) fn chunks_changed(&self) -> ApiResult<()> {
        self.embedding_wanted.set(true);
        #[derive(serde::Deserialize)]
        struct Row {
            lang: String,
        }
        let langs: Vec<Row> = rows(&self.sql, "SELECT DISTINCT lang FROM chunks", vec![])?;
        let tags: Vec<String> = langs.into_iter().map(|r| r.lang).collect();
        crate::objects::sql::set_meta(&self.sql, LANGUAGES_KEY, &tags.join(" "))?;
        self.measure_bytes()?;
        self.new_knowledge_version().map(|_| ())
    }

    /// Measures the bytes of text the index holds and keeps the figure in `meta`.
    pub(super) fn measure_bytes(&self) -> ApiResult<i64> {
        let bytes = count(
            &self.sql,
            "SELECT sum(length(CAST(body AS BLOB)) + length(CAST(title AS BLOB))) AS n FROM chunks",
            vec![],
        )?;
        crate::objects::sql::set_meta(&self.sql, KNOWLEDGE_BYTES_KEY, &bytes.to_string())?;
        Ok(bytes)
    }

    pub(super) fn list_documents(&self) -> ApiResult<DocumentList> {
        let docs: Vec<DocumentRow> = rows(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents
             WHERE format <> ? ORDER BY id",
            vec![curated::KIND.into()],
        )?;
        Ok(DocumentList {
            success: true,
            documents: docs.into_iter().map(DocumentRow::summary).collect(),
        })
    }

    /// Adds a document, or replaces the one with the same URL; re-chunks and re-indexes it.
    pub(super) fn add_document(&self, input: AddDocument) -> ApiResult<DocumentAdded> {
        let AddDocument {
            document,
            now,
            replace,
        } = input;
        let (format, text) = crate::knowledge::ingest::prepare(&document.text, document.format);
        let chars = text.chars().count();
        if chars == 0 {
            return Err(ApiError::invalid("text must not be empty"));
        }
        if chars > DOCUMENT_MAX_CHARS {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "a document may hold at most {DOCUMENT_MAX_CHARS} characters (this one has {chars})"
                ),
            ));
        }
        let format_name = format_name(format);
        let doc = StoredDocument {
            title: document.title.as_str(),
            url: document.url.as_str(),
            format_name,
            text: &text,
        };
        let (id, replaced) = match replace {
            Some(id) => (self.store_document_as(Some(id), &doc, now)?, true),
            None => self.store_document(doc.title, doc.url, format_name, &text, now)?,
        };
        self.chunks_changed()?;
        let row: Option<DocumentRow> = first(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents WHERE id = ?",
            vec![id.into()],
        )?;
        let summary = row
            .ok_or_else(|| ApiError::internal("document vanished after insert"))?
            .summary();
        Ok(DocumentAdded {
            success: true,
            replaced,
            document: summary,
        })
    }

    /// Keeps a document of `format` (its name in `documents`) whose text is ready: a new one,
    /// or the one with the same URL replaced; chunks and indexes it within the bot's limits.
    /// Its id, and whether it replaced one. The caller calls [`Self::chunks_changed`].
    pub(super) fn store_document(
        &self,
        title: &str,
        url: &str,
        format_name: &str,
        text: &str,
        now: i64,
    ) -> ApiResult<(i64, bool)> {
        let existing: Option<IdRow> = if url.is_empty() {
            None
        } else {
            first(
                &self.sql,
                "SELECT id FROM documents WHERE url = ? AND format <> ? LIMIT 1",
                vec![url.into(), curated::KIND.into()],
            )?
        };
        let doc = StoredDocument {
            title,
            url,
            format_name,
            text,
        };
        let id = self.store_document_as(existing.as_ref().map(|r| r.id as i64), &doc, now)?;
        Ok((id, existing.is_some()))
    }

    /// Keeps `doc` in row `existing` (replaced) or a new row; its id.
    fn store_document_as(
        &self,
        existing: Option<i64>,
        doc: &StoredDocument<'_>,
        now: i64,
    ) -> ApiResult<i64> {
        let StoredDocument {
            title,
            url,
            format_name,
            text,
        } = *doc;
        let existing = existing.map(|id| IdRow { id: id as f64 });
        let chars = text.chars().count();
        let url = url.to_owned();
        self.check_capacity(existing.as_ref().map(|r| r.id as i64), chars as u64)?;
        if self.count_kind(false, existing.as_ref().map(|r| r.id as i64))?
            >= KNOWLEDGE_MAX_DOCUMENTS
        {
            return Err(ApiError::invalid(format!(
                "a bot may have at most {KNOWLEDGE_MAX_DOCUMENTS} documents"
            )));
        }

        let title = title.to_owned();
        let chunks = files::chunks(format_name, &title, &url, text);
        let id = match &existing {
            Some(row) => {
                let id = row.id as i64;
                self.delete_chunks(id)?;
                exec(
                    &self.sql,
                    "UPDATE documents SET title = ?, format = ?, text = ?, chars = ?, chunks = ?, updated_at = ? WHERE id = ?",
                    vec![
                        title.clone().into(),
                        format_name.into(),
                        text.into(),
                        (chars as i64).into(),
                        (chunks.len() as i64).into(),
                        now.into(),
                        id.into(),
                    ],
                )?;
                id
            }
            None => {
                exec(
                    &self.sql,
                    "INSERT INTO documents (title, url, format, text, chars, chunks, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    vec![title.clone().into(), url.clone().into(), format_name.into(), text.into(),
                         (chars as i64).into(), (chunks.len() as i64).into(), now.into(), now.into()],
                )?;
                count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?
            }
        };
        self.index_chunks(id, text, &chunks)?;
        Ok(id)
    }

    /// The bot's documents (or, `answers`, its curated answers), but `except`.
    pub(super) fn count_kind(&self, answers: bool, except: Option<i64>) -> ApiResult<u64> {
        Ok(count(
            &self.sql,
            &format!(
                "SELECT count(*) AS n FROM documents WHERE id <> ? AND {}",
                of_kind(answers)
            ),
            vec![except.unwrap_or(-1).into(), curated::KIND.into()],
        )?
        .max(0) as u64)
    }

    /// Refuses text that would take the knowledge over its size (documents and curated answers
    /// together), `replacing` the row it replaces.
    pub(super) fn check_capacity(&self, replacing: Option<i64>, chars: u64) -> ApiResult<()> {
        let others = replacing.unwrap_or(-1);
        let used = count(
            &self.sql,
            "SELECT sum(chars) AS n FROM documents WHERE id <> ?",
            vec![others.into()],
        )? as u64;
        if used + chars > self.max_chars {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "the knowledge base may hold at most {} characters in all ({used} used)",
                    self.max_chars
                ),
            ));
        }
        Ok(())
    }

    /// `GET /documents/{id}`: the document and its text.
    pub(super) fn read_document(&self, id: &str) -> ApiResult<DocumentDetail> {
        let id = porthole_shared::admin::parse_document_id(id)
            .ok_or_else(|| ApiError::not_found("document"))?;
        #[derive(Deserialize)]
        struct Text {
            text: String,
        }
        let row: Option<DocumentRow> = first(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents
             WHERE id = ? AND format <> ?",
            vec![id.into(), curated::KIND.into()],
        )?;
        let text: Option<Text> = first(
            &self.sql,
            "SELECT text FROM documents WHERE id = ?",
            vec![id.into()],
        )?;
        match (row, text) {
            (Some(row), Some(text)) => Ok(DocumentDetail {
                success: true,
                document: row.summary(),
                text: text.text,
            }),
            _ => Err(ApiError::not_found("document")),
        }
    }

    /// `PUT /documents/{id}`: the document's title, link and text replaced (its format kept when
    /// the body says `auto`); 409 when the new link is another document's.
    pub(super) fn replace_document(
        &self,
        id: &str,
        input: AddDocument,
    ) -> ApiResult<DocumentAdded> {
        let id = porthole_shared::admin::parse_document_id(id)
            .ok_or_else(|| ApiError::not_found("document"))?;
        if !self.has_row(id, false)? {
            return Err(ApiError::not_found("document"));
        }
        let url = input.document.url.as_str().to_owned();
        if !url.is_empty() {
            let other = count(
                &self.sql,
                "SELECT count(*) AS n FROM documents WHERE url = ? AND id <> ? AND format <> ?",
                vec![url.clone().into(), id.into(), curated::KIND.into()],
            )?;
            if other > 0 {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "another document has this URL: change that one instead",
                ));
            }
        }
        self.add_document(AddDocument {
            replace: Some(id),
            ..input
        })
    }

    pub(super) fn delete_document(&self, id: &str) -> ApiResult<Ack> {
        let id = porthole_shared::admin::parse_document_id(id)
            .ok_or_else(|| ApiError::not_found("document"))?;
        if !self.has_row(id, false)? {
            return Err(ApiError::not_found("document"));
        }
        self.delete_row(id)
    }

    /// Whether row `id` of `documents` is a curated answer (`answers`) or a document.
    pub(super) fn has_row(&self, id: i64, answers: bool) -> ApiResult<bool> {
        let found = count(
            &self.sql,
            &format!(
                "SELECT count(*) AS n FROM documents WHERE id = ? AND {}",
                of_kind(answers)
            ),
            vec![id.into(), curated::KIND.into()],
        )?;
        Ok(found > 0)
    }

    /// Deletes row `id` of `documents` and its chunks.
    pub(super) fn delete_row(&self, id: i64) -> ApiResult<Ack> {
        self.remove_document(id)?;
        self.chunks_changed()?;
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Deletes row `id` of `documents` and its chunks; the caller calls [`Self::chunks_changed`].
    pub(super) fn remove_document(&self, id: i64) -> ApiResult<()> {
        self.delete_chunks(id)?;
        exec(
            &self.sql,
            "DELETE FROM documents WHERE id = ?",
            vec![id.into()],
        )
    }

    pub(super) fn delete_chunks(&self, doc_id: i64) -> ApiResult<()> {
        exec(
            &self.sql,
            "DELETE FROM chunks WHERE doc_id = ?",
            vec![doc_id.into()],
        )
    }
}

/// A document ready to keep: its text converted, its format named as `documents` stores it.
#[derive(Clone, Copy)]
struct StoredDocument<'a> {
    title: &'a str,
    url: &'a str,
    format_name: &'a str,
    text: &'a str,
}

/// The condition on `documents` that keeps curated answers (`answers`) or documents; its one
/// parameter is [`curated::KIND`].
fn of_kind(answers: bool) -> &'static str {
    if answers { "format = ?" } else { "format <> ?" }
}

/// A chunk to index.
struct ChunkRow<'a> {
    doc_id: i64,
    title: &'a str,
    body: &'a str,
    url: &'a str,
    lang: Lang,
    /// `""` or [`curated::KIND`].
    kind: &'a str,
}

#[derive(Deserialize)]
struct IdRow {
    id: f64,
}

#[derive(Deserialize)]
struct DocumentRow {
    id: f64,
    title: String,
    url: String,
    format: String,
    chars: f64,
    chunks: f64,
    created_at: f64,
    updated_at: f64,
}

impl DocumentRow {
    fn summary(self) -> DocumentSummary {
        DocumentSummary {
            id: self.id as i64,
            title: self.title,
            url: self.url,
            format: serde_json::from_value(serde_json::Value::String(self.format))
                .unwrap_or_default(),
            chars: self.chars as i64,
            chunks: self.chunks as i64,
            created_at: iso(self.created_at as i64),
            updated_at: iso(self.updated_at as i64),
        }
    }
}

fn format_name(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::Auto | DocumentFormat::Markdown => "markdown",
        DocumentFormat::Text => "text",
        DocumentFormat::Html => "html",
        DocumentFormat::Pdf => "pdf",
        DocumentFormat::Docx => "docx",
    }
}
