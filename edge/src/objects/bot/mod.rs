//! The Bot Durable Object, one per bot (named by its token): the bot's knowledge base
//! (documents and an FTS5 index of their chunks, ranked with bm25), the last widget ping, and
//! LLM usage. The worker keeps it off the hot path: config is read from KV, pings are
//! coalesced per isolate, conversations live in their own objects and the inbox in the hub,
//! and questions are answered from each isolate's snapshot of the index (`crate::snapshots`),
//! so it sees at most one write per bot per isolate every few seconds and one knowledge-version
//! read per bot per isolate every two seconds (retrieval itself only for knowledge too large
//! to snapshot).
//!
//! Modules: [`knowledge`] (documents and their index), [`answers`] (curated answers, indexed
//! with them), [`crawl`] (websites imported as documents, crawled on the alarm), [`gaps`]
//! (what it could not answer), [`vectors`] (their embeddings, made on the alarm),
//! [`retrieval`] (context for a question), [`usage`], [`quota`] (the owner's daily caps).

mod answers;
mod crawl;
mod gaps;
mod knowledge;
mod quota;
mod retrieval;
mod usage;
mod vectors;

pub use answers::SaveAnswer;
pub use crawl::AddSite;
pub use gaps::{DismissGap, GapRecord};
pub use knowledge::AddDocument;
pub use quota::{ImageQuotaAsk, QuotaAnswer, QuotaAsk};

use super::rpc;
use super::sql::{count, exec, meta, set_meta};
use crate::bindings;
use crate::clock::iso;
use crate::coalesce::PingRecord;
use crate::error::{ApiError, ApiResult};
use crate::respond::json;
use porthole_shared::admin::{BotStatus, KNOWLEDGE_MAX_CHARS};
use std::cell::Cell;
use worker::{DurableObject, Env, Method, Request, Response, SqlStorage, State, durable_object};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL, text TEXT NOT NULL, chars INTEGER NOT NULL, chunks INTEGER NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS documents_by_url ON documents(url)",
    "CREATE TABLE IF NOT EXISTS usage (
        day TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, turns INTEGER NOT NULL,
        PRIMARY KEY (day, provider, model))",
    "CREATE TABLE IF NOT EXISTS quota (day TEXT PRIMARY KEY, messages INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS image_quota (day TEXT PRIMARY KEY, images INTEGER NOT NULL)",
    // Schema version 1 kept a conversation index here; the hub keeps it now.
    "DROP TABLE IF EXISTS conversations",
    vectors::VECTORS_TABLE,
    gaps::GAPS_TABLE,
    gaps::GAPS_INDEX,
    crawl::SITES_TABLE,
    crawl::SITE_PAGES_TABLE,
    crawl::SITE_PAGES_QUEUE,
];

/// Passages retrieval returns at most.
const MAX_PASSAGES: u32 = 8;

/// One bot's knowledge, pings and usage.
#[durable_object]
pub struct Bot {
    state: State,
    env: Env,
    sql: SqlStorage,
    /// Most characters of knowledge (`KNOWLEDGE_MAX_CHARS`).
    max_chars: u64,
    /// Documents are still being indexed anew after an index change (see
    /// [`knowledge::INDEX_VERSION`]).
    reindexing: Cell<bool>,
    /// The vectors are to be looked at by the alarm: the chunks or the settings changed, or
    /// the object just woke (see [`vectors`]).
    embedding_wanted: Cell<bool>,
}

impl DurableObject for Bot {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        crate::objects::sql::create(&sql, SCHEMA, "bot");
        let max_chars = bindings::var(&env, bindings::KNOWLEDGE_MAX_CHARS)
            .and_then(|v| v.parse().ok())
            .unwrap_or(KNOWLEDGE_MAX_CHARS);
        let bot = Self {
            state,
            env,
            sql,
            max_chars,
            reindexing: Cell::new(false),
            embedding_wanted: Cell::new(true),
        };
        bot.migrate_index();
        bot
    }

    async fn fetch(&self, req: Request) -> worker::Result<Response> {
        self.reindex_some().await;
        let reply = rpc::reply(self.route(req).await);
        if self.embedding_wanted.replace(false) {
            self.want_embeddings().await;
        }
        reply
    }

    async fn alarm(&self) -> worker::Result<Response> {
        self.reindex_some().await;
        let crawl_next = self.crawl_some().await;
        self.embedding_wanted.set(false);
        self.embed_some().await;
        if let Some(at) = crawl_next {
            self.alarm_by(at).await;
        }
        Response::ok("")
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
            (Method::Get, ["knowledge-version"]) => self.knowledge_version(),
            (Method::Get, ["snapshot"]) => self.snapshot(),
            (Method::Get, ["documents"]) => self.list_documents(),
            (Method::Post, ["documents"]) => self.add_document(rpc::body(&mut req).await?),
            (Method::Get, ["documents", id]) => self.read_document(id),
            (Method::Put, ["documents", id]) => {
                self.replace_document(id, rpc::body(&mut req).await?)
            }
            (Method::Delete, ["documents", id]) => self.delete_document(id),
            (Method::Get, ["answers"]) => self.list_answers(),
            (Method::Post, ["answers"]) => self.save_answer(None, rpc::body(&mut req).await?),
            (Method::Put, ["answers", id]) => {
                self.save_answer(Some(id), rpc::body(&mut req).await?)
            }
            (Method::Delete, ["answers", id]) => self.delete_answer(id),
            (Method::Get, ["sites"]) => self.list_sites().await,
            (Method::Post, ["sites"]) => self.add_site(rpc::body(&mut req).await?).await,
            (Method::Get, ["sites", id]) => self.get_site(id).await,
            (Method::Patch, ["sites", id]) => {
                self.update_site(id, rpc::body(&mut req).await?).await
            }
            (Method::Delete, ["sites", id]) => self.delete_site(id),
            (Method::Post, ["sites", id, "sync"]) => {
                self.sync_site(id, crate::clock::now_ms()).await
            }
            (Method::Post, ["sites", id, "cancel"]) => self.cancel_site(id),
            (Method::Get, ["sites", id, "pages"]) => self.site_pages(id),
            (Method::Get, ["gaps"]) => self.list_gaps(),
            (Method::Post, ["gaps"]) => self.record_gap(rpc::body(&mut req).await?),
            (Method::Delete, ["gaps"]) => self.dismiss_gap(rpc::body(&mut req).await?),
            (Method::Post, ["usage"]) => self.add_usage(rpc::body(&mut req).await?),
            (Method::Get, ["usage"]) => self.usage(&req),
            (Method::Post, ["quota"]) => self.take_quota(rpc::body(&mut req).await?),
            (Method::Post, ["image-quota"]) => self.take_image_quota(rpc::body(&mut req).await?),
            (Method::Post, ["embedder"]) => {
                // The bot's settings changed: the alarm compares its embedder with the vectors'.
                self.embedding_wanted.set(true);
                json(&porthole_shared::api::Ack::OK)
            }
            (Method::Delete, []) | (Method::Delete, [""]) => self.wipe(),
            _ => Err(ApiError::not_found("bot object route")),
        }
    }

    /// Records the latest widget ping (never moving time backwards).
    fn ping(&self, ping: PingRecord) -> ApiResult {
        let last = self.meta_i64("widget_last_seen_at")?;
        if last.is_none_or(|l| ping.at >= l) {
            set_meta(&self.sql, "widget_last_seen_at", &ping.at.to_string())?;
            if let Some(domain) = &ping.domain {
                set_meta(&self.sql, "widget_last_domain", domain)?;
            }
        }
        json(&porthole_shared::api::Ack::OK)
    }

    /// Activity and knowledge counts (the conversation count comes from the hub).
    fn status(&self) -> ApiResult {
        json(&BotStatus {
            widget_last_seen_at: self.meta_i64("widget_last_seen_at")?.map(iso),
            widget_last_domain: meta(&self.sql, "widget_last_domain")?,
            documents: self.count_kind(false, None)? as i64,
            answers: self.count_kind(true, None)? as i64,
            chunks: count(&self.sql, "SELECT count(*) AS n FROM chunks", vec![])?,
            conversations: 0,
            retrieval: self.retrieval_status()?,
        })
    }

    /// Forgets everything (the bot is being deleted).
    fn wipe(&self) -> ApiResult {
        for table in [
            "chunks",
            "documents",
            "usage",
            "quota",
            "image_quota",
            "vectors",
            "gaps",
            "sites",
            "site_pages",
        ] {
            exec(&self.sql, &format!("DELETE FROM {table}"), vec![])?;
        }
        // Keep the index version: the empty index is of the current kind.
        exec(
            &self.sql,
            "DELETE FROM meta WHERE key <> ?",
            vec![knowledge::INDEX_VERSION_KEY.into()],
        )?;
        json(&porthole_shared::api::Ack::OK)
    }

    /// Sets the alarm for `at` unless it is set sooner already.
    pub(super) async fn alarm_by(&self, at: i64) {
        let storage = self.state.storage();
        if let Ok(Some(set)) = storage.get_alarm().await
            && set <= at
        {
            return;
        }
        if let Err(e) = crate::clock::set_alarm_at(&storage, at).await {
            worker::console_error!("bot alarm: {e}");
        }
    }

    fn meta_i64(&self, key: &str) -> ApiResult<Option<i64>> {
        Ok(meta(&self.sql, key)?.and_then(|v| v.parse().ok()))
    }
}
