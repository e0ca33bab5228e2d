//! The bot's knowledge documents: add (or replace by URL) — converted, chunked and indexed in
//! FTS5 —, list with chunk counts, delete, within the per-bot limits.

use super::Bot;
use crate::clock::iso;
use crate::error::{ApiError, ApiResult};
use crate::knowledge::chunking;
use crate::objects::sql::{count, exec, first, rows};
use crate::respond::json;
use porthole_shared::ErrorCode;
use porthole_shared::admin::{
    DOCUMENT_MAX_CHARS, DocumentAdded, DocumentFormat, DocumentInput, DocumentList,
    DocumentSummary, KNOWLEDGE_MAX_DOCUMENTS,
};
use serde::Deserialize;

impl Bot {
    pub(super) fn list_documents(&self) -> ApiResult {
        let docs: Vec<DocumentRow> = rows(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents ORDER BY id",
            vec![],
        )?;
        json(&DocumentList {
            success: true,
            documents: docs.into_iter().map(DocumentRow::summary).collect(),
        })
    }

    /// Adds a document, or replaces the one with the same URL; re-chunks and re-indexes it.
    pub(super) fn add_document(&self, input: AddDocument) -> ApiResult {
        let AddDocument { document, now } = input;
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
        let url = document.url.as_str().to_owned();
        let existing: Option<IdRow> = if url.is_empty() {
            None
        } else {
            first(
                &self.sql,
                "SELECT id FROM documents WHERE url = ? LIMIT 1",
                vec![url.clone().into()],
            )?
        };
        self.check_capacity(existing.as_ref().map(|r| r.id as i64), chars as u64)?;

        let chunks = chunking::chunk(&text);
        let title = document.title.as_str().to_owned();
        let format_name = format_name(format);
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
                        text.clone().into(),
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
                    vec![title.clone().into(), url.clone().into(), format_name.into(), text.clone().into(),
                         (chars as i64).into(), (chunks.len() as i64).into(), now.into(), now.into()],
                )?;
                count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?
            }
        };
        for chunk in &chunks {
            exec(
                &self.sql,
                "INSERT INTO chunks (title, body, doc_id, url) VALUES (?, ?, ?, ?)",
                vec![
                    title.clone().into(),
                    chunk.clone().into(),
                    id.into(),
                    url.clone().into(),
                ],
            )?;
        }
        let row: Option<DocumentRow> = first(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents WHERE id = ?",
            vec![id.into()],
        )?;
        let summary = row
            .ok_or_else(|| ApiError::internal("document vanished after insert"))?
            .summary();
        json(&DocumentAdded {
            success: true,
            replaced: existing.is_some(),
            document: summary,
        })
    }

    /// Refuses a document that would take the bot over its limits.
    fn check_capacity(&self, replacing: Option<i64>, chars: u64) -> ApiResult<()> {
        let others = replacing.unwrap_or(-1);
        let documents = count(
            &self.sql,
            "SELECT count(*) AS n FROM documents WHERE id <> ?",
            vec![others.into()],
        )? as u64;
        if documents >= KNOWLEDGE_MAX_DOCUMENTS {
            return Err(ApiError::invalid(format!(
                "a bot may have at most {KNOWLEDGE_MAX_DOCUMENTS} documents"
            )));
        }
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

    pub(super) fn delete_document(&self, id: &str) -> ApiResult {
        let id = porthole_shared::admin::parse_document_id(id)
            .ok_or_else(|| ApiError::not_found("document"))?;
        let found = count(
            &self.sql,
            "SELECT count(*) AS n FROM documents WHERE id = ?",
            vec![id.into()],
        )?;
        if found == 0 {
            return Err(ApiError::not_found("document"));
        }
        self.delete_chunks(id)?;
        exec(
            &self.sql,
            "DELETE FROM documents WHERE id = ?",
            vec![id.into()],
        )?;
        json(&porthole_shared::api::Ack::OK)
    }

    fn delete_chunks(&self, doc_id: i64) -> ApiResult<()> {
        exec(
            &self.sql,
            "DELETE FROM chunks WHERE doc_id = ?",
            vec![doc_id.into()],
        )
    }
}

/// `POST /documents` inside the object: the document and the time it arrived.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct AddDocument {
    /// The document as the admin sent it.
    pub document: DocumentInput,
    /// Arrival time (ms).
    pub now: i64,
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
    }
}
