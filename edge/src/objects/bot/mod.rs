//! The Bot Durable Object, one per bot (named by its token): the bot's knowledge base
//! (documents and an FTS5 index of their chunks, ranked with bm25), the last widget ping, and
//! LLM usage. The worker keeps it off the hot path: config is read from KV, pings are
//! coalesced per isolate, conversations live in their own objects and the inbox in the hub,
//! and questions are answered from each isolate's snapshot of the index (`crate::objects::bot::snapshots`),
//! so it sees at most one write per bot per isolate every few seconds and one knowledge-version
//! read per bot per isolate every two seconds (retrieval itself only for knowledge too large
//! to snapshot).
//!
//! Modules: [`protocol`] (everything it is asked, and the one way to ask it), [`knowledge`]
//! (documents and their index), [`answers`] (curated answers, indexed
//! with them), [`crawl`] (websites imported as documents, crawled on the alarm), [`gaps`]
//! (what it could not answer), [`vectors`] (their embeddings, made on the alarm),
//! [`retrieval`] (context for a question), [`usage`], [`quota`] (the owner's daily caps).

mod answers;
mod asks;
mod crawl;
mod gaps;
mod knowledge;
mod protocol;
mod quota;
mod retrieval;
pub mod snapshots;
mod usage;
mod vectors;

pub use asks::{record_gap, record_usage, retrieve, take_image_quota, take_quota};
pub use protocol::*;

use super::rpc::{self, Ask};
use super::sql::{count, exec, meta, set_meta};
use crate::platform::bindings;
use crate::platform::clock::iso;
use crate::web::error::ApiResult;
use porthole_shared::admin::{BotStatus, KNOWLEDGE_MAX_CHARS};
use porthole_shared::api::Ack;
use std::cell::Cell;
use worker::{DurableObject, Env, Request, Response, SqlStorage, State, durable_object};

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
        match rpc::body::<BotCall>(&mut req).await? {
            BotCall::PingRecord(c) => PingRecord::answered(self.ping(c)),
            BotCall::GetStatus(c) => c.answer(self.status()),
            BotCall::ContextRequest(c) => ContextRequest::answered(self.context(c)),
            BotCall::GetKnowledgeVersion(c) => c.answer(self.knowledge_version()),
            BotCall::GetSnapshot(c) => c.answer(self.snapshot()),
            BotCall::ListDocuments(c) => c.answer(self.list_documents()),
            BotCall::AddDocument(c) => AddDocument::answered(self.add_document(c)),
            BotCall::ReadDocument(c) => c.answer(self.read_document(&c.id)),
            BotCall::ReplaceDocument(c) => {
                ReplaceDocument::answered(self.replace_document(&c.id, c.document))
            }
            BotCall::DeleteDocument(c) => c.answer(self.delete_document(&c.id)),
            BotCall::ListAnswers(c) => c.answer(self.list_answers()),
            BotCall::SaveAnswer(c) => SaveAnswer::answered(self.save_answer(None, c)),
            BotCall::PutAnswer(c) => PutAnswer::answered(self.save_answer(Some(&c.id), c.answer)),
            BotCall::DeleteAnswer(c) => c.answer(self.delete_answer(&c.id)),
            BotCall::ListSites(c) => c.answer(self.list_sites().await),
            BotCall::AddSite(c) => AddSite::answered(self.add_site(c).await),
            BotCall::GetSite(c) => c.answer(self.get_site(&c.id).await),
            BotCall::UpdateSite(c) => UpdateSite::answered(self.update_site(&c.id, c.update).await),
            BotCall::DeleteSite(c) => c.answer(self.delete_site(&c.id)),
            BotCall::SyncSite(c) => c.answer(self.sync_site(&c.id, c.now).await),
            BotCall::CancelSite(c) => c.answer(self.cancel_site(&c.id)),
            BotCall::SitePages(c) => c.answer(self.site_pages(&c.id)),
            BotCall::ListGaps(c) => c.answer(self.list_gaps()),
            BotCall::GapRecord(c) => GapRecord::answered(self.record_gap(c)),
            BotCall::DismissGap(c) => DismissGap::answered(self.dismiss_gap(c)),
            BotCall::UsageEntry(c) => UsageEntry::answered(self.add_usage(c)),
            BotCall::GetUsage(c) => c.answer(self.usage(&c)),
            BotCall::QuotaAsk(c) => QuotaAsk::answered(self.take_quota(c)),
            BotCall::ImageQuotaAsk(c) => ImageQuotaAsk::answered(self.take_image_quota(c)),
            BotCall::EmbedderChanged(c) => {
                // The bot's settings changed: the alarm compares its embedder with the vectors'.
                self.embedding_wanted.set(true);
                c.answer(Ok(Ack::OK))
            }
            BotCall::Wipe(c) => c.answer(self.wipe()),
        }
    }

    /// Records the latest widget ping (never moving time backwards).
    fn ping(&self, ping: PingRecord) -> ApiResult<Ack> {
        let last = self.meta_i64("widget_last_seen_at")?;
        if last.is_none_or(|l| ping.at >= l) {
            set_meta(&self.sql, "widget_last_seen_at", &ping.at.to_string())?;
            if let Some(domain) = &ping.domain {
                set_meta(&self.sql, "widget_last_domain", domain)?;
            }
        }
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Activity and knowledge counts (the conversation count comes from the hub).
    fn status(&self) -> ApiResult<BotStatus> {
        Ok(BotStatus {
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
    fn wipe(&self) -> ApiResult<Ack> {
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
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Sets the alarm for `at` unless it is set sooner already.
    pub(super) async fn alarm_by(&self, at: i64) {
        let storage = self.state.storage();
        if let Ok(Some(set)) = storage.get_alarm().await
            && set <= at
        {
            return;
        }
        if let Err(e) = crate::platform::clock::set_alarm_at(&storage, at).await {
            worker::console_error!("bot alarm: {e}");
        }
    }

    fn meta_i64(&self, key: &str) -> ApiResult<Option<i64>> {
        Ok(meta(&self.sql, key)?.and_then(|v| v.parse().ok()))
    }
}
