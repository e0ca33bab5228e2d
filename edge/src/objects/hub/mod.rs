//! The Hub Durable Object: one per deployment for now. Conversations announce what changed
//! (through their outboxes); the hub numbers each event, keeps recent events for clients that
//! reconnect, keeps the inbox index (one summary row per conversation, for the filtered list),
//! and fans events out to the dashboard sockets allowed to see them. Sockets use the
//! hibernation API, so idle dashboards cost nothing. Campaigns (one proactive message to many
//! sessions) run from its alarm, and so does erasure (a deleted bot's conversations and uploads,
//! transcripts past their retention period).
//!
//! Where it shards: everything here is keyed by bot. When one hub is hot, name the hub by bot in
//! [`crate::objects::rpc::hub`], and let a dashboard socket join each hub of the bots it sees.
//!
//! Modules: [`protocol`] (everything it is asked, and the one way to ask it), [`index`] (the
//! conversation list), [`sockets`] (the tenant socket protocol), [`campaigns`], [`purges`],
//! [`alerts`] (operators' emails).

mod alerts;
mod campaigns;
mod index;
mod numbers;
mod presence;
mod protocol;
mod purges;
mod search;
mod sockets;
mod stats;
mod webhooks;

pub use protocol::*;

use super::rpc::{self, Ask};
use super::sql::{exec, first, meta, rows};
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::api::Ack;
use porthole_shared::events::{Envelope, Event};
use serde::Deserialize;
use worker::{
    DurableObject, Env, Request, Response, SqlStorage, State, WebSocket, WebSocketIncomingMessage,
    durable_object,
};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY, bot TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS origins (origin TEXT PRIMARY KEY, n INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS conversations (
        bot TEXT NOT NULL, id TEXT NOT NULL, updated_at INTEGER NOT NULL, mode TEXT NOT NULL,
        waiting INTEGER NOT NULL, unread INTEGER NOT NULL, blocked INTEGER NOT NULL,
        has_contact INTEGER NOT NULL, rated INTEGER NOT NULL, summary TEXT NOT NULL,
        PRIMARY KEY (bot, id))",
    "CREATE INDEX IF NOT EXISTS conversations_recent ON conversations (bot, updated_at DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS conversations_all_recent ON conversations (updated_at DESC, id DESC)",
    "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, identity TEXT NOT NULL, exp INTEGER NOT NULL)",
    sockets::OPERATORS_TABLE,
    search::SEARCH_TABLE,
    "CREATE TABLE IF NOT EXISTS campaigns (
        id TEXT PRIMARY KEY, bot TEXT NOT NULL, content TEXT NOT NULL, operator TEXT NOT NULL,
        total INTEGER NOT NULL, sent INTEGER NOT NULL, failed INTEGER NOT NULL, next INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stats (
        bot TEXT NOT NULL, hour INTEGER NOT NULL, messages INTEGER NOT NULL DEFAULT 0,
        conversations INTEGER NOT NULL DEFAULT 0, likes INTEGER NOT NULL DEFAULT 0,
        dislikes INTEGER NOT NULL DEFAULT 0, ratings INTEGER NOT NULL DEFAULT 0,
        rating_sum INTEGER NOT NULL DEFAULT 0, evaluated INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0, support_sum INTEGER NOT NULL DEFAULT 0,
        handoffs INTEGER NOT NULL DEFAULT 0, responses INTEGER NOT NULL DEFAULT 0,
        response_ms INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bot, hour))",
    "CREATE TABLE IF NOT EXISTS tracked (
        bot TEXT NOT NULL, hour INTEGER NOT NULL, event TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (bot, hour, event))",
    "CREATE TABLE IF NOT EXISTS deliveries (
        id TEXT PRIMARY KEY, bot TEXT NOT NULL, conversation_id TEXT NOT NULL, message_id TEXT NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, last_status INTEGER NOT NULL,
        last_error TEXT, created_at INTEGER NOT NULL, next_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at)",
    "CREATE INDEX IF NOT EXISTS deliveries_by_bot ON deliveries (bot, created_at)",
    "CREATE TABLE IF NOT EXISTS purges (bot TEXT NOT NULL, chat_id TEXT NOT NULL, PRIMARY KEY (bot, chat_id))",
    "CREATE TABLE IF NOT EXISTS retention (bot TEXT PRIMARY KEY, days INTEGER NOT NULL)",
    numbers::NUMBERS_TABLE,
    alerts::ALERTS_TABLE,
    "CREATE TABLE IF NOT EXISTS campaign_targets (
        campaign TEXT NOT NULL, i INTEGER NOT NULL, chat_id TEXT NOT NULL, PRIMARY KEY (campaign, i))",
];

/// Events kept for clients that reconnect (older ones: the client reloads its lists).
const KEEP_EVENTS: i64 = 50_000;

/// Dashboard sockets, events and the inbox index.
#[durable_object]
pub struct Hub {
    state: State,
    env: Env,
    sql: SqlStorage,
}

impl DurableObject for Hub {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        crate::objects::sql::create(&sql, SCHEMA, "hub");
        // Columns the statistics of older hubs lack.
        for column in ["handoffs", "responses", "response_ms"] {
            crate::objects::sql::add_column(&sql, "stats", column, "INTEGER NOT NULL DEFAULT 0");
        }
        // Columns the inbox index of older hubs lacks (search and its filters).
        for (column, definition) in [
            ("contact_text", "TEXT NOT NULL DEFAULT ''"),
            ("assignee", "TEXT"),
            ("resolved", "INTEGER NOT NULL DEFAULT 0"),
            ("rating", "INTEGER"),
        ] {
            crate::objects::sql::add_column(&sql, "conversations", column, definition);
        }
        sockets::answer_pings(&state);
        let hub = Self { state, env, sql };
        if let Err(e) = hub.backfill_numbers() {
            worker::console_error!("hub numbers: {}", e.message);
        }
        hub
    }

    async fn fetch(&self, req: Request) -> worker::Result<Response> {
        if req.path() == "/ws" {
            return self.accept(&req).await;
        }
        rpc::reply(self.route(req).await)
    }

    async fn alarm(&self) -> worker::Result<Response> {
        self.sweep();
        if let Err(e) = self.advance_campaigns().await {
            worker::console_error!("campaigns: {}", e.message);
        }
        if let Err(e) = self.deliver_webhooks() {
            worker::console_error!("webhooks: {}", e.message);
        }
        if let Err(e) = self.prune() {
            worker::console_error!("pruning events: {}", e.message);
        }
        if let Err(e) = self.prune_deliveries() {
            worker::console_error!("pruning deliveries: {}", e.message);
        }
        if let Err(e) = self.run_purges().await {
            worker::console_error!("purges: {}", e.message);
        }
        if let Err(e) = self.send_alerts() {
            worker::console_error!("alerts: {}", e.message);
        }
        self.rearm().await;
        Response::ok("")
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        message: WebSocketIncomingMessage,
    ) -> worker::Result<()> {
        self.on_message(&ws, message).await;
        Ok(())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _was_clean: bool,
    ) -> worker::Result<()> {
        self.forget(&ws);
        let _ = ws.close(Some(1000), Some("closed"));
        Ok(())
    }

    async fn websocket_error(&self, ws: WebSocket, _error: worker::Error) -> worker::Result<()> {
        self.forget(&ws);
        Ok(())
    }
}

impl Hub {
    async fn route(&self, mut req: Request) -> ApiResult {
        match rpc::body::<HubCall>(&mut req).await? {
            HubCall::Announce(c) => Announce::answered(self.announce(c.0)),
            HubCall::ReviseOperator(c) => c.answer(self.revise_operator(&c.id, c.now.clone())),
            HubCall::AddTracked(c) => c.answer(self.add_tracked(&c.0)),
            HubCall::ListQuery(c) => c.answer(self.list(&c)),
            HubCall::FindNumber(c) => c.answer(self.numbered(c.bot.as_str(), c.n)),
            HubCall::CountConversations(c) => {
                c.answer(self.count(c.bot.as_str()).map(|count| Count { count }))
            }
            HubCall::CampaignCall(c) => {
                let started = self.start_campaign(&c);
                self.rearm().await;
                c.answer(started)
            }
            HubCall::ForgetBot(c) => {
                let done = self.forget_bot(c.bot.as_str());
                self.rearm().await;
                c.answer(done)
            }
            HubCall::EraseConversation(c) => {
                c.answer(self.erase_one(c.bot.as_str(), c.chat_id.as_str()).await)
            }
            HubCall::SetRetention(c) => {
                let done = self.set_retention(c.bot.as_str(), c.days);
                self.rearm().await;
                c.answer(done)
            }
            HubCall::Deliveries(c) => c.answer(self.deliveries(c.bot.as_str())),
            HubCall::StatsQuery(c) => c.answer(self.hours(&c)),
            HubCall::DayQuery(c) => c.answer(self.day(&c)),
            HubCall::NoteOrigin(c) => {
                self.note_origin(&c.0);
                c.answer(Ok(Ack::OK))
            }
        }
    }

    /// Takes announcements: numbers new ones, updates the index, and sends them to the sockets.
    /// A repeat (same origin, a number already taken) is ignored.
    fn announce(&self, list: Vec<Announcement>) -> ApiResult<Ack> {
        let mut fresh = Vec::new();
        let mut queued = false;
        for a in list {
            if !self.take(&a.origin, a.n)? {
                continue;
            }
            self.index(&a.event)?;
            self.tally(&a)?;
            queued |= self.queue_webhook(&a.event)?;
            fresh.push(a.event);
        }
        let held = self.hold_alerts(&fresh)?;
        let fresh = self.record(fresh)?;
        self.send(&fresh);
        if queued {
            // Posted now. The alarm is there at the end of each attempt's lease (an attempt cut
            // short is tried again), or at once should the attempts fail to start.
            if let Err(e) = self.deliver_webhooks() {
                worker::console_error!("webhooks: {}", e.message);
            }
        }
        if (queued || held)
            && let Some(at) = self.next_alarm()
        {
            self.state.wait_until(set_alarm(self.state.storage(), at));
        }
        Ok(Ack::OK)
    }

    /// Notes that announcement `n` of `origin` is taken; false when it (or a later one) was
    /// already (a retried delivery).
    fn take(&self, origin: &str, n: i64) -> ApiResult<bool> {
        // A row comes back only when the number was inserted or raised.
        let taken: Vec<serde::de::IgnoredAny> = rows(
            &self.sql,
            "INSERT INTO origins (origin, n) VALUES (?, ?)
             ON CONFLICT (origin) DO UPDATE SET n = excluded.n WHERE excluded.n > origins.n
             RETURNING n",
            vec![origin.into(), n.into()],
        )?;
        Ok(!taken.is_empty())
    }

    /// Stores events under the next sequence numbers, in order.
    fn record(&self, events: Vec<Event>) -> ApiResult<Vec<Envelope>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut seq = self.seq()?;
        let at = now_ms();
        let mut recorded = Vec::with_capacity(events.len());
        for event in events {
            seq += 1;
            let body = serde_json::to_string(&event).map_err(ApiError::internal)?;
            exec(
                &self.sql,
                "INSERT INTO events (seq, bot, at, body) VALUES (?, ?, ?, ?)",
                vec![
                    seq.into(),
                    event.bot().to_owned().into(),
                    at.into(),
                    body.into(),
                ],
            )?;
            recorded.push(Envelope {
                seq: seq as u64,
                event,
            });
        }
        exec(
            &self.sql,
            "REPLACE INTO meta (key, value) VALUES ('seq', ?)",
            vec![seq.to_string().into()],
        )?;
        Ok(recorded)
    }

    /// The latest sequence number.
    fn seq(&self) -> ApiResult<i64> {
        Ok(meta(&self.sql, "seq")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Stored events after `since`, oldest first (at most `limit`).
    fn events_after(&self, since: i64, limit: i64) -> ApiResult<Vec<Envelope>> {
        #[derive(Deserialize)]
        struct Row {
            seq: f64,
            body: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            vec![since.into(), limit.into()],
        )?;
        Ok(list
            .into_iter()
            .filter_map(|r| {
                serde_json::from_str(&r.body).ok().map(|event| Envelope {
                    seq: r.seq as u64,
                    event,
                })
            })
            .collect())
    }

    /// The oldest sequence number still kept (the next one when none is).
    fn oldest(&self) -> ApiResult<i64> {
        #[derive(Deserialize)]
        struct Row {
            n: Option<f64>,
        }
        Ok(
            first::<Row>(&self.sql, "SELECT min(seq) AS n FROM events", vec![])?
                .and_then(|r| r.n)
                .map_or(self.seq()? + 1, |n| n as i64),
        )
    }

    /// Forgets all but the newest [`KEEP_EVENTS`] events.
    fn prune(&self) -> ApiResult<()> {
        exec(
            &self.sql,
            "DELETE FROM events WHERE seq <= ?",
            vec![(self.seq()? - KEEP_EVENTS).into()],
        )
    }

    /// Forgets a deleted bot's conversations and events.
    fn forget_bot(&self, bot: &str) -> ApiResult<Ack> {
        self.purge_bot(bot)?;
        for table in [
            "conversations",
            "events",
            "stats",
            "tracked",
            "deliveries",
            "numbers",
        ] {
            exec(
                &self.sql,
                &format!("DELETE FROM {table} WHERE bot = ?"),
                vec![bot.into()],
            )?;
        }
        exec(
            &self.sql,
            "DELETE FROM origins WHERE origin LIKE ?",
            vec![format!("{bot}/%").into()],
        )?;
        Ok(Ack::OK)
    }

    /// Sets the alarm for what is due next: a socket's auth deadline, a campaign's next batch,
    /// a webhook delivery (a retry, or the end of a running attempt's lease), a purge, an alert.
    async fn rearm(&self) {
        if let Some(at) = self.next_alarm() {
            set_alarm(self.state.storage(), at).await;
        }
    }

    /// The earliest of everything the alarm does.
    fn next_alarm(&self) -> Option<i64> {
        [
            self.next_auth_deadline(),
            self.next_campaign_step(),
            self.next_delivery(),
            self.next_purge(),
            self.next_alert(),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

/// Sets the hub's alarm for `at` (ms), logging a failure.
pub(super) async fn set_alarm(storage: worker::Storage, at: i64) {
    if let Err(e) = crate::platform::clock::set_alarm_at(&storage, at).await {
        worker::console_error!("hub alarm: {e}");
    }
}
