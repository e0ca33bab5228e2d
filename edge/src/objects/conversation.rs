//! The Conversation Durable Object, one per chat (named `{token}/{chat_id}`). It stores the
//! messages, and it runs each turn — not the request that asked for it — so a reply survives
//! the visitor leaving: the turn keeps going, persists the reply as it grows, and records every
//! SSE frame it sends. Resending a turn (same `message_id`) never starts a second one: it
//! replays the stored frames after `Last-Event-ID`, then follows the rest live.

use super::hub::Hub;
use super::keepalive::sse_response;
use super::rpc::{self, TurnRequest};
use super::sql::{count, exec, first, meta, rows};
use super::turn;
use crate::bindings::{self, SSE_KEEPALIVE_SECS};
use crate::clock::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::respond::json;
use porthole_shared::admin::ConversationRecord;
use porthole_shared::api::{ChatMessage, HistoryResponse};
use porthole_shared::sse::encode_event;
use porthole_shared::{HistoryItem, Role, Source};
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use worker::{DurableObject, Env, Method, Request, Response, SqlStorage, State, durable_object};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, content TEXT NOT NULL,
        created_at INTEGER NOT NULL, turn_id TEXT, status TEXT NOT NULL DEFAULT 'complete',
        sources TEXT NOT NULL DEFAULT '[]')",
    "CREATE TABLE IF NOT EXISTS turns (
        message_id TEXT PRIMARY KEY, user_seq INTEGER NOT NULL, reply_seq INTEGER NOT NULL,
        status TEXT NOT NULL, created_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS frames (
        message_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (message_id, seq))",
];

/// Seconds between keep-alive comments unless `SSE_KEEPALIVE_SECS` says otherwise.
const DEFAULT_KEEPALIVE_SECS: u64 = 15;

/// One chat's messages and turns.
#[durable_object]
pub struct Conversation {
    state: State,
    inner: Rc<Inner>,
}

/// What a running turn shares with the object.
pub(super) struct Inner {
    pub sql: SqlStorage,
    pub env: Env,
    pub hub: RefCell<Hub>,
    /// Turns of one conversation run one after the other, so each sees the one before.
    pub turn_lock: futures_util::lock::Mutex<()>,
}

impl DurableObject for Conversation {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        for statement in SCHEMA {
            if let Err(e) = sql.exec(statement, None) {
                worker::console_error!("conversation schema: {e}");
            }
        }
        let inner = Rc::new(Inner {
            sql,
            env,
            hub: RefCell::new(Hub::default()),
            turn_lock: Default::default(),
        });
        // A fresh instance runs no turn, so any turn still marked running was interrupted
        // (the object was evicted or crashed): end it properly for clients that reconnect.
        if let Err(e) = turn::abandon_running(&inner) {
            worker::console_error!("abandoning interrupted turns: {}", e.message);
        }
        Self { state, inner }
    }

    async fn fetch(&self, req: Request) -> worker::Result<Response> {
        rpc::reply(self.route(req).await)
    }
}

impl Conversation {
    async fn route(&self, mut req: Request) -> ApiResult {
        match (req.method(), req.path().as_str()) {
            (Method::Post, "/turn") => self.turn(rpc::body(&mut req).await?),
            (Method::Get, "/history") => json(&HistoryResponse {
                success: true,
                messages: self.inner.messages()?,
            }),
            (Method::Get, "/transcript") => self.transcript(),
            _ => Err(ApiError::not_found("conversation object route")),
        }
    }

    /// Starts the turn, or joins / replays it when its `message_id` was seen before.
    fn turn(&self, req: TurnRequest) -> ApiResult {
        let inner = &self.inner;
        inner.remember(&req)?;
        let message_id = req.message_id.as_str().to_owned();
        let after = req.last_event_id.unwrap_or(0);
        let status = inner.turn_status(&message_id)?;
        // Reading stored frames and subscribing happen with no await in between, so no frame
        // can fall between the replay and the live stream.
        let replay = inner.frames_after(&message_id, after)?;
        let live = match status.as_deref() {
            Some("running") => Some(inner.hub.borrow_mut().subscribe(&message_id)),
            Some(_) => None,
            None => {
                let (user_seq, reply_seq) = inner.begin_turn(&req)?;
                let rx = inner.hub.borrow_mut().subscribe(&message_id);
                self.state
                    .wait_until(turn::run(inner.clone(), req, user_seq, reply_seq));
                Some(rx)
            }
        };
        Ok(sse_response(replay, live, inner.keepalive()))
    }

    /// The whole conversation for the admin API; 404 when it never started.
    fn transcript(&self) -> ApiResult {
        let chat_id = self
            .inner
            .meta("chat_id")?
            .ok_or_else(|| ApiError::not_found("conversation"))?;
        json(&ConversationRecord {
            success: true,
            chat_id,
            messages: self.inner.messages()?,
        })
    }
}

impl Inner {
    fn keepalive(&self) -> Duration {
        let secs = bindings::var(&self.env, SSE_KEEPALIVE_SECS)
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_KEEPALIVE_SECS);
        Duration::from_secs(secs)
    }

    /// Notes which bot and chat this object is, the first time.
    fn remember(&self, req: &TurnRequest) -> ApiResult<()> {
        for (key, value) in [
            ("token", req.token.as_str().to_owned()),
            ("chat_id", req.chat_id.as_str().to_owned()),
            ("created_at", now_ms().to_string()),
        ] {
            exec(
                &self.sql,
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                vec![key.into(), value.into()],
            )?;
        }
        Ok(())
    }

    pub(super) fn meta(&self, key: &str) -> ApiResult<Option<String>> {
        meta(&self.sql, key)
    }

    fn turn_status(&self, message_id: &str) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            status: String,
        }
        Ok(first::<Row>(
            &self.sql,
            "SELECT status FROM turns WHERE message_id = ?",
            vec![message_id.into()],
        )?
        .map(|r| r.status))
    }

    /// Stores the visitor message and an empty reply, and marks the turn running.
    fn begin_turn(&self, req: &TurnRequest) -> ApiResult<(i64, i64)> {
        let now = now_ms();
        let id = req.message_id.as_str();
        exec(
            &self.sql,
            "INSERT INTO messages (role, content, created_at, turn_id, status) VALUES ('user', ?, ?, ?, 'complete')",
            vec![req.message.clone().into(), now.into(), id.into()],
        )?;
        let user_seq = count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?;
        exec(
            &self.sql,
            "INSERT INTO messages (role, content, created_at, turn_id, status) VALUES ('assistant', '', ?, ?, 'streaming')",
            vec![now.into(), id.into()],
        )?;
        let reply_seq = count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])?;
        exec(
            &self.sql,
            "INSERT INTO turns (message_id, user_seq, reply_seq, status, created_at) VALUES (?, ?, ?, 'running', ?)",
            vec![id.into(), user_seq.into(), reply_seq.into(), now.into()],
        )?;
        Ok((user_seq, reply_seq))
    }

    /// Stored frames of `message_id` with an id above `after`, encoded.
    fn frames_after(&self, message_id: &str, after: u64) -> ApiResult<Vec<String>> {
        #[derive(Deserialize)]
        struct Row {
            seq: f64,
            data: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT seq, data FROM frames WHERE message_id = ? AND seq > ? ORDER BY seq",
            vec![
                message_id.into(),
                (after.min(i64::MAX as u64) as i64).into(),
            ],
        )?;
        Ok(list
            .into_iter()
            .map(|r| encode_event(Some(&(r.seq as i64).to_string()), &r.data))
            .collect())
    }

    /// Up to ten messages before `before_seq` for the responder; the client's history when the
    /// conversation has none stored.
    pub(super) fn context_history(
        &self,
        before_seq: i64,
        client: &[HistoryItem],
    ) -> ApiResult<Vec<HistoryItem>> {
        #[derive(Deserialize)]
        struct Row {
            role: String,
            content: String,
        }
        let mut list: Vec<Row> = rows(
            &self.sql,
            "SELECT role, content FROM messages WHERE seq < ? AND content <> '' AND status IN ('complete', 'cut')
             ORDER BY seq DESC LIMIT 10",
            vec![before_seq.into()],
        )?;
        if list.is_empty() {
            return Ok(client.to_vec());
        }
        list.reverse();
        Ok(list
            .into_iter()
            .filter_map(|r| {
                Role::parse(&r.role).map(|role| HistoryItem {
                    role,
                    content: r.content,
                })
            })
            .collect())
    }

    /// Every message worth showing, oldest first (replies that failed before a word are left out).
    fn messages(&self) -> ApiResult<Vec<ChatMessage>> {
        #[derive(Deserialize)]
        struct Row {
            seq: f64,
            role: String,
            content: String,
            created_at: f64,
            status: String,
            sources: String,
            turn_id: Option<String>,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT seq, role, content, created_at, status, sources, turn_id FROM messages
             WHERE NOT (status = 'failed' AND content = '') ORDER BY seq",
            vec![],
        )?;
        Ok(list
            .into_iter()
            .map(|r| ChatMessage {
                id: (r.seq as i64).to_string(),
                role: Role::parse(&r.role).unwrap_or(Role::Assistant),
                content: r.content,
                created_at: r.created_at as i64,
                status: r.status,
                sources: serde_json::from_str::<Vec<Source>>(&r.sources).unwrap_or_default(),
                turn_id: r.turn_id,
            })
            .collect())
    }
}
