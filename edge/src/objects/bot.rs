//! The Bot Durable Object, one per bot (named by its token). It owns the bot's knowledge base
//! (documents and an FTS5 index of their chunks, ranked with bm25), the last widget ping, and
//! the index of its conversations. The worker keeps it off the hot path: config is read from
//! KV and pings are coalesced per isolate, so it sees at most one write per bot per isolate
//! every few seconds plus one retrieval per visitor message.

use super::rpc::{self, ContextRequest, ContextResponse};
use super::sql::{count, exec, first, meta, rows};
use crate::bindings;
use crate::clock::iso;
use crate::coalesce::PingRecord;
use crate::error::{ApiError, ApiResult};
use crate::knowledge::chunking;
use crate::knowledge::compose::Passage;
use crate::knowledge::retrieval::{WeightedTerm, idf, match_expression};
use crate::knowledge::terms::{content_words, intents};
use crate::respond::json;
use crate::usage::{DailyUsage, UsageEntry};
use porthole_shared::ErrorCode;
use porthole_shared::admin::{
    BotStatus, ConversationSummary, DOCUMENT_MAX_CHARS, DocumentFormat, DocumentInput,
    DocumentSummary, KNOWLEDGE_MAX_CHARS, KNOWLEDGE_MAX_DOCUMENTS,
};
use serde::Deserialize;
use worker::{DurableObject, Env, Method, Request, Response, SqlStorage, State, durable_object};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL, text TEXT NOT NULL, chars INTEGER NOT NULL, chunks INTEGER NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS documents_by_url ON documents(url)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(
        title, body, doc_id UNINDEXED, url UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS conversations (
        chat_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        visitor_messages INTEGER NOT NULL, last_message TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS usage (
        day TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, turns INTEGER NOT NULL,
        PRIMARY KEY (day, provider, model))",
];

/// Passages retrieval returns at most.
const MAX_PASSAGES: u32 = 8;

/// One bot's knowledge, pings and conversation index.
#[durable_object]
pub struct Bot {
    sql: SqlStorage,
    /// Most characters of knowledge (`KNOWLEDGE_MAX_CHARS`).
    max_chars: u64,
}

impl DurableObject for Bot {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        for statement in SCHEMA {
            if let Err(e) = sql.exec(statement, None) {
                worker::console_error!("bot schema: {e}");
            }
        }
        let max_chars = bindings::var(&env, bindings::KNOWLEDGE_MAX_CHARS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(KNOWLEDGE_MAX_CHARS);
        Self { sql, max_chars }
    }

    async fn fetch(&self, req: Request) -> worker::Result<Response> {
        rpc::reply(self.route(req).await)
    }
}

impl Bot {
    async fn route(&self, mut req: Request) -> ApiResult {
        let path = req.path();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (req.method(), segments.as_slice()) {
            (Method::Post, ["ping"]) => self.ping(rpc::body(&mut req).await?),
            (Method::Get, ["status"]) => self.status(),
            (Method::Post, ["context"]) => self.context(rpc::body(&mut req).await?),
            (Method::Get, ["documents"]) => self.list_documents(),
            (Method::Post, ["documents"]) => self.add_document(rpc::body(&mut req).await?),
            (Method::Delete, ["documents", id]) => self.delete_document(id),
            (Method::Get, ["conversations"]) => self.list_conversations(),
            (Method::Post, ["usage"]) => self.add_usage(rpc::body(&mut req).await?),
            (Method::Get, ["usage"]) => self.usage(&req),
            (Method::Delete, []) | (Method::Delete, [""]) => self.wipe(),
            _ => Err(ApiError::not_found("bot object route")),
        }
    }

    /// Records the latest widget ping (never moving time backwards).
    fn ping(&self, ping: PingRecord) -> ApiResult {
        let last = self.meta_i64("widget_last_seen_at")?;
        if last.is_none_or(|l| ping.at >= l) {
            self.set_meta("widget_last_seen_at", &ping.at.to_string())?;
            if let Some(domain) = &ping.domain {
                self.set_meta("widget_last_domain", domain)?;
            }
        }
        json(&porthole_shared::api::Ack::OK)
    }

    fn status(&self) -> ApiResult {
        json(&BotStatus {
            widget_last_seen_at: self.meta_i64("widget_last_seen_at")?.map(iso),
            widget_last_domain: self.meta("widget_last_domain")?,
            documents: count(&self.sql, "SELECT count(*) AS n FROM documents", vec![])?,
            chunks: count(&self.sql, "SELECT count(*) AS n FROM chunks", vec![])?,
            conversations: count(&self.sql, "SELECT count(*) AS n FROM conversations", vec![])?,
        })
    }

    /// Retrieval for one question, and a note in the conversation index.
    fn context(&self, req: ContextRequest) -> ApiResult {
        self.touch_conversation(&req)?;
        let mut asked: Vec<(String, Vec<String>)> = content_words(&req.query)
            .into_iter()
            .map(|w| (w, Vec::new()))
            .collect();
        for (word, alternatives) in intents(&req.query) {
            if !asked.iter().any(|(w, _)| *w == word) {
                asked.push((word, alternatives));
            }
        }
        let every_word: Vec<String> = asked
            .iter()
            .flat_map(|(w, alts)| std::iter::once(w.clone()).chain(alts.iter().cloned()))
            .collect();
        let Some(expression) = match_expression(&every_word) else {
            return json(&ContextResponse::default());
        };
        let total = count(&self.sql, "SELECT count(*) AS n FROM chunks", vec![])?.max(0) as u64;
        let mut terms = Vec::with_capacity(asked.len());
        for (word, alternatives) in asked {
            let group: Vec<String> = std::iter::once(word.clone())
                .chain(alternatives.iter().cloned())
                .collect();
            let Some(any_of) = match_expression(&group) else {
                continue;
            };
            // Frequency in bodies only: every chunk repeats its document's title, which would
            // make a document's own subject look common.
            let in_bodies = format!("body : ({any_of})");
            let df = count(
                &self.sql,
                "SELECT count(*) AS n FROM chunks WHERE chunks MATCH ?",
                vec![in_bodies.into()],
            )?;
            terms.push(WeightedTerm {
                word,
                alternatives,
                idf: idf(total, df.max(0) as u64),
            });
        }
        let passages: Vec<Passage> = rows(
            &self.sql,
            "SELECT CAST(doc_id AS INTEGER) AS doc_id, title, url, body FROM chunks
             WHERE chunks MATCH ? ORDER BY bm25(chunks, 2.0, 1.0) LIMIT ?",
            vec![
                expression.into(),
                i64::from(req.limit.min(MAX_PASSAGES)).into(),
            ],
        )?;
        json(&ContextResponse { passages, terms })
    }

    fn touch_conversation(&self, req: &ContextRequest) -> ApiResult<()> {
        let preview: String = req.query.chars().take(140).collect();
        exec(
            &self.sql,
            "INSERT INTO conversations (chat_id, started_at, updated_at, visitor_messages, last_message)
             VALUES (?, ?, ?, 1, ?)
             ON CONFLICT (chat_id) DO UPDATE SET updated_at = excluded.updated_at,
               visitor_messages = visitor_messages + 1, last_message = excluded.last_message",
            vec![req.chat_id.clone().into(), req.at.into(), req.at.into(), preview.into()],
        )
    }

    fn list_documents(&self) -> ApiResult {
        let docs: Vec<DocumentRow> = rows(
            &self.sql,
            "SELECT id, title, url, format, chars, chunks, created_at, updated_at FROM documents ORDER BY id",
            vec![],
        )?;
        json(&serde_json::json!({
            "success": true,
            "documents": docs.into_iter().map(DocumentRow::summary).collect::<Vec<_>>(),
        }))
    }

    /// Adds a document, or replaces the one with the same URL; re-chunks and re-indexes it.
    fn add_document(&self, input: AddDocument) -> ApiResult {
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
        json(
            &serde_json::json!({"success": true, "replaced": existing.is_some(), "document": summary}),
        )
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

    fn delete_document(&self, id: &str) -> ApiResult {
        let id: i64 = id.parse().map_err(|_| ApiError::not_found("document"))?;
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

    fn list_conversations(&self) -> ApiResult {
        #[derive(Deserialize)]
        struct Row {
            chat_id: String,
            started_at: f64,
            updated_at: f64,
            visitor_messages: f64,
            last_message: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT chat_id, started_at, updated_at, visitor_messages, last_message FROM conversations
             ORDER BY updated_at DESC LIMIT 500",
            vec![],
        )?;
        let conversations: Vec<ConversationSummary> = list
            .into_iter()
            .map(|r| ConversationSummary {
                chat_id: r.chat_id,
                started_at: iso(r.started_at as i64),
                updated_at: iso(r.updated_at as i64),
                visitor_messages: r.visitor_messages as i64,
                last_message: r.last_message,
            })
            .collect();
        json(&serde_json::json!({"success": true, "conversations": conversations}))
    }

    /// Adds one LLM turn to its day's total.
    fn add_usage(&self, entry: UsageEntry) -> ApiResult {
        let u = entry.usage;
        exec(
            &self.sql,
            "INSERT INTO usage (day, provider, model, prompt_tokens, completion_tokens, turns) VALUES (?, ?, ?, ?, ?, 1)
             ON CONFLICT (day, provider, model) DO UPDATE SET prompt_tokens = prompt_tokens + excluded.prompt_tokens,
               completion_tokens = completion_tokens + excluded.completion_tokens, turns = turns + 1",
            vec![entry.day.into(), u.provider.into(), u.model.into(), (u.prompt_tokens as i64).into(), (u.completion_tokens as i64).into()],
        )?;
        json(&porthole_shared::api::Ack::OK)
    }

    /// Daily totals between `?from=` and `?to=` (inclusive days).
    fn usage(&self, req: &Request) -> ApiResult {
        let url = req.url()?;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        #[derive(Deserialize)]
        struct Row {
            day: String,
            provider: String,
            model: String,
            prompt_tokens: f64,
            completion_tokens: f64,
            turns: f64,
        }
        let rows: Vec<Row> = rows(
            &self.sql,
            "SELECT day, provider, model, prompt_tokens, completion_tokens, turns FROM usage
             WHERE day >= ? AND day <= ? ORDER BY day, provider, model",
            vec![param("from").into(), param("to").into()],
        )?;
        let daily: Vec<DailyUsage> = rows
            .into_iter()
            .map(|r| DailyUsage {
                day: r.day,
                provider: r.provider,
                model: r.model,
                prompt_tokens: r.prompt_tokens as u64,
                completion_tokens: r.completion_tokens as u64,
                turns: r.turns as u64,
            })
            .collect();
        json(&daily)
    }

    /// Forgets everything (the bot is being deleted).
    fn wipe(&self) -> ApiResult {
        for table in ["chunks", "documents", "conversations", "usage", "meta"] {
            exec(&self.sql, &format!("DELETE FROM {table}"), vec![])?;
        }
        json(&porthole_shared::api::Ack::OK)
    }

    fn meta(&self, key: &str) -> ApiResult<Option<String>> {
        meta(&self.sql, key)
    }

    fn meta_i64(&self, key: &str) -> ApiResult<Option<i64>> {
        Ok(self.meta(key)?.and_then(|v| v.parse().ok()))
    }

    fn set_meta(&self, key: &str, value: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vec![key.into(), value.into()],
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
