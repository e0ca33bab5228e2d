//! A conversation's storage in its object's SQLite: the schema (made at the first write, so a
//! poll of a session that never started creates no table), the state record, the messages, and
//! each turn's record and SSE frames. All calls are synchronous: writes made without an `await`
//! between them are committed together, which is what keeps a message and its announcement
//! (see [`super::outbox`]) in one transaction.

use super::state::ConvState;
use crate::objects::sql::{count, exec, first, meta, rows, set_meta};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::message::Author;
use porthole_shared::message::{ChatMessage, MessageStatus};
use porthole_shared::sse::encode_event;
use porthole_shared::visitor::Vote;
use porthole_shared::webchat::Evaluation;
use porthole_shared::{ChatId, HistoryItem, Role, Source, StreamEvent, WidgetToken};
use serde::Deserialize;
use std::cell::Cell;
use worker::SqlStorage;

/// The schema's version, kept in `meta` under `schema`.
const VERSION: &str = "4";

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, content TEXT NOT NULL,
        created_at INTEGER NOT NULL, turn_id TEXT, status TEXT NOT NULL DEFAULT 'complete',
        sources TEXT NOT NULL DEFAULT '[]', author TEXT, image TEXT, vote TEXT, evaluation TEXT)",
    "CREATE TABLE IF NOT EXISTS turns (
        message_id TEXT PRIMARY KEY, user_seq INTEGER NOT NULL, reply_seq INTEGER NOT NULL,
        status TEXT NOT NULL, created_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS frames (
        message_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (message_id, seq))",
    "CREATE TABLE IF NOT EXISTS outbox (n INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS proactive (
        id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT NOT NULL, author TEXT NOT NULL,
        created_at INTEGER NOT NULL)",
];

/// Columns of a message row, in [`MessageRow`]'s order.
const MESSAGE_COLUMNS: &str =
    "seq, role, content, created_at, status, sources, turn_id, author, image, vote, evaluation";
/// Messages worth showing: replies that failed before their first word are left out.
const SHOWN: &str = "NOT (status = 'failed' AND content = '')";
/// Messages that say something: text, or an image.
const SAYS: &str = "(content <> '' OR image IS NOT NULL)";

/// Where a turn is: its reply being written, done, or failed. Stored as [`TurnStatus::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnStatus {
    Running,
    Complete,
    Failed,
}

impl TurnStatus {
    /// As stored (the queries that look for running turns say `'running'`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Complete => "complete",
            Self::Failed => "failed",
        }
    }

    /// From its stored form (an unknown one reads as complete: nothing runs).
    pub fn parse(raw: &str) -> Self {
        match raw {
            "running" => Self::Running,
            "failed" => Self::Failed,
            _ => Self::Complete,
        }
    }
}

/// A new message to store.
pub struct NewMessage<'a> {
    /// Who wrote it.
    pub role: Role,
    /// The text so far.
    pub content: &'a str,
    /// How far it got.
    pub status: MessageStatus,
    /// The turn it belongs to.
    pub turn_id: Option<&'a str>,
    /// For operator messages: who.
    pub author: Option<&'a Author>,
    /// When (ms).
    pub at: i64,
}

/// What the object's SQLite holds when it is opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Schema {
    /// Nothing: a conversation that never started (or was erased).
    Empty,
    /// Tables of an older version, to be brought up to date before the next write.
    Older,
    /// The current tables.
    Current,
}

/// The conversation's tables.
pub struct Store {
    sql: SqlStorage,
    schema: Cell<Schema>,
}

impl Store {
    /// The store over `sql`; checks (without creating anything) whether the schema is current.
    /// A fresh object has no `meta` table: that is no error, just not ready.
    pub fn open(sql: SqlStorage) -> Self {
        #[derive(Deserialize)]
        struct Row {
            value: String,
        }
        // Every version keeps `meta`: without it, nothing was ever stored.
        let schema = match sql
            .exec("SELECT value FROM meta WHERE key = 'schema'", None)
            .and_then(|c| c.to_array::<Row>())
        {
            Err(_) => Schema::Empty,
            Ok(rows) if rows.first().is_some_and(|r| r.value == VERSION) => Schema::Current,
            Ok(_) => Schema::Older,
        };
        Self {
            sql,
            schema: Cell::new(schema),
        }
    }

    /// Whether anything was ever stored.
    pub fn exists(&self) -> bool {
        self.schema.get() == Schema::Current
    }

    /// Creates the tables (or brings an older schema up to date) before the first write. A
    /// new conversation costs one call: the current tables and the version, in one script.
    pub fn ensure(&self) -> ApiResult<()> {
        match self.schema.get() {
            Schema::Current => return Ok(()),
            Schema::Empty => {
                let script = format!(
                    "{};INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', '{VERSION}')",
                    SCHEMA.join(";")
                );
                exec(&self.sql, &script, vec![])?;
            }
            Schema::Older => {
                for statement in SCHEMA {
                    exec(&self.sql, statement, vec![])?;
                }
                // Columns older versions lack (1: author; 2: image, vote; 3: evaluation). On a
                // table that has them already, the statement fails, which is all right.
                for column in ["author", "image", "vote", "evaluation"] {
                    let _ = self.sql.exec(
                        &format!("ALTER TABLE messages ADD COLUMN {column} TEXT"),
                        None,
                    );
                }
                set_meta(&self.sql, "schema", VERSION)?;
            }
        }
        self.schema.set(Schema::Current);
        Ok(())
    }

    /// After every table was deleted: nothing is stored any more.
    pub fn forget(&self) {
        self.schema.set(Schema::Empty);
    }

    /// The URLs of the images visitors sent.
    pub fn image_urls(&self) -> ApiResult<Vec<String>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct Row {
            image: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT image FROM messages WHERE image IS NOT NULL",
            vec![],
        )?;
        Ok(list.into_iter().map(|r| r.image).collect())
    }

    /// The state record; `None` for a conversation that never started.
    pub fn state(&self) -> ApiResult<Option<ConvState>> {
        if !self.exists() {
            return Ok(None);
        }
        if let Some(json) = meta(&self.sql, "state")? {
            return serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| ApiError::internal(format!("conversation state: {e}")));
        }
        // Written by schema version 1: only the bot, the chat and the start time.
        Ok(meta(&self.sql, "token")?.map(|token| ConvState {
            token: WidgetToken::parse(&token).ok(),
            chat_id: meta(&self.sql, "chat_id")
                .ok()
                .flatten()
                .and_then(|chat| ChatId::parse(&chat).ok()),
            started_at: meta(&self.sql, "created_at")
                .ok()
                .flatten()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            ..ConvState::default()
        }))
    }

    /// Saves the state record.
    pub fn save_state(&self, state: &ConvState) -> ApiResult<()> {
        self.ensure()?;
        let json = serde_json::to_string(state).map_err(ApiError::internal)?;
        set_meta(&self.sql, "state", &json)
    }

    /// Stores a message; returns its id.
    pub fn insert_message(&self, m: NewMessage<'_>) -> ApiResult<i64> {
        self.ensure()?;
        let author = match m.author {
            Some(a) => serde_json::to_string(a).map_err(ApiError::internal)?.into(),
            None => worker::SqlStorageValue::Null,
        };
        exec(
            &self.sql,
            "INSERT INTO messages (role, content, created_at, turn_id, status, author) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                m.role.as_str().into(),
                m.content.into(),
                m.at.into(),
                m.turn_id.map(str::to_owned).into(),
                m.status.as_str().into(),
                author,
            ],
        )?;
        count(&self.sql, "SELECT last_insert_rowid() AS n", vec![])
    }

    /// Stores a person's message (an operator's reply, a delivered proactive message).
    pub fn insert_person_message(&self, content: &str, author: &Author, at: i64) -> ApiResult<i64> {
        self.insert_message(NewMessage {
            role: Role::Operator,
            content,
            status: MessageStatus::Complete,
            turn_id: None,
            author: Some(author),
            at,
        })
    }

    /// Stores an image the visitor sent, as their message.
    pub fn insert_image(&self, url: &str, at: i64) -> ApiResult<i64> {
        let seq = self.insert_message(NewMessage {
            role: Role::User,
            content: "",
            status: MessageStatus::Complete,
            turn_id: None,
            author: None,
            at,
        })?;
        exec(
            &self.sql,
            "UPDATE messages SET image = ? WHERE seq = ?",
            vec![url.into(), seq.into()],
        )?;
        Ok(seq)
    }

    /// Sets (or clears) the visitor's vote on a reply; the vote it had before. 404 when `seq`
    /// is no reply of this conversation.
    pub fn set_vote(&self, seq: i64, vote: Option<Vote>) -> ApiResult<Option<Vote>> {
        let before = self
            .message(seq)?
            .filter(|m| m.role == Role::Assistant && !m.content.is_empty())
            .ok_or_else(|| ApiError::not_found("reply"))?
            .vote;
        exec(
            &self.sql,
            "UPDATE messages SET vote = ? WHERE seq = ?",
            vec![vote.map(|v| v.as_str().to_owned()).into(), seq.into()],
        )?;
        Ok(before)
    }

    /// Records a reply's automatic evaluation.
    pub fn set_evaluation(&self, seq: i64, evaluation: &Evaluation) -> ApiResult<()> {
        let json = serde_json::to_string(evaluation).map_err(ApiError::internal)?;
        exec(
            &self.sql,
            "UPDATE messages SET evaluation = ? WHERE seq = ?",
            vec![json.into(), seq.into()],
        )
    }

    /// Appends text to a message being streamed.
    pub fn append(&self, seq: i64, text: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "UPDATE messages SET content = content || ? WHERE seq = ?",
            vec![text.into(), seq.into()],
        )
    }

    /// Sets a message's status (and its sources, when given).
    pub fn set_status(
        &self,
        seq: i64,
        status: MessageStatus,
        sources: Option<&[Source]>,
    ) -> ApiResult<()> {
        match sources {
            Some(list) => exec(
                &self.sql,
                "UPDATE messages SET status = ?, sources = ? WHERE seq = ?",
                vec![
                    status.as_str().into(),
                    serde_json::to_string(list)
                        .unwrap_or_else(|_| "[]".into())
                        .into(),
                    seq.into(),
                ],
            ),
            None => exec(
                &self.sql,
                "UPDATE messages SET status = ? WHERE seq = ?",
                vec![status.as_str().into(), seq.into()],
            ),
        }
    }

    /// Every message worth showing, oldest first.
    pub fn messages(&self) -> ApiResult<Vec<ChatMessage>> {
        self.select(&format!("{SHOWN} ORDER BY seq"), vec![])
    }

    /// One message.
    pub fn message(&self, seq: i64) -> ApiResult<Option<ChatMessage>> {
        Ok(self.select("seq = ?", vec![seq.into()])?.into_iter().next())
    }

    /// Operator messages after the message id `after`, oldest first.
    pub fn operator_messages_after(&self, after: i64) -> ApiResult<Vec<ChatMessage>> {
        self.select(
            "role = 'operator' AND seq > ? ORDER BY seq LIMIT 100",
            vec![after.into()],
        )
    }

    fn select(
        &self,
        condition: &str,
        binds: Vec<worker::SqlStorageValue>,
    ) -> ApiResult<Vec<ChatMessage>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
        let list: Vec<MessageRow> = rows(
            &self.sql,
            &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE {condition}"),
            binds,
        )?;
        Ok(list.into_iter().map(MessageRow::into_message).collect())
    }

    /// `(visitor messages, all messages, the latest message's text)`.
    pub fn counts(&self) -> ApiResult<(i64, i64, String)> {
        if !self.exists() {
            return Ok((0, 0, String::new()));
        }
        #[derive(Deserialize)]
        struct Counts {
            all: Option<f64>,
            visitor: Option<f64>,
        }
        #[derive(Deserialize)]
        struct Last {
            content: String,
            image: Option<String>,
        }
        let counts: Option<Counts> = first(
            &self.sql,
            &format!(
                "SELECT count(*) AS \"all\", sum(role = 'user') AS visitor FROM messages WHERE {SAYS}"
            ),
            vec![],
        )?;
        let last: Option<Last> = first(
            &self.sql,
            &format!("SELECT content, image FROM messages WHERE {SAYS} ORDER BY seq DESC LIMIT 1"),
            vec![],
        )?;
        let (all, visitor) = counts.map_or((0, 0), |c| {
            (c.all.unwrap_or(0.0) as i64, c.visitor.unwrap_or(0.0) as i64)
        });
        let last = match last {
            Some(l) if l.content.is_empty() && l.image.is_some() => "[image]".to_owned(),
            Some(l) => l.content,
            None => String::new(),
        };
        Ok((visitor, all, last))
    }

    /// Up to ten messages before `before_seq` for the responder; the client's history when the
    /// conversation has none stored.
    pub fn context_history(
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
            "SELECT role, content FROM messages WHERE seq < ? AND content <> ''
               AND status IN ('complete', 'cut', 'stopped') ORDER BY seq DESC LIMIT 10",
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

    /// The status of the turn `message_id`, if it exists.
    pub fn turn_status(&self, message_id: &str) -> ApiResult<Option<TurnStatus>> {
        if !self.exists() {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct Row {
            status: String,
        }
        Ok(first::<Row>(
            &self.sql,
            "SELECT status FROM turns WHERE message_id = ?",
            vec![message_id.into()],
        )?
        .map(|r| TurnStatus::parse(&r.status)))
    }

    /// Records a turn: the visitor message and the reply (0 when no AI reply runs).
    pub fn insert_turn(
        &self,
        message_id: &str,
        user_seq: i64,
        reply_seq: i64,
        status: TurnStatus,
        at: i64,
    ) -> ApiResult<()> {
        exec(
            &self.sql,
            "INSERT INTO turns (message_id, user_seq, reply_seq, status, created_at) VALUES (?, ?, ?, ?, ?)",
            vec![
                message_id.into(),
                user_seq.into(),
                reply_seq.into(),
                status.as_str().into(),
                at.into(),
            ],
        )
    }

    /// Sets a turn's status.
    pub fn set_turn_status(&self, message_id: &str, status: TurnStatus) -> ApiResult<()> {
        exec(
            &self.sql,
            "UPDATE turns SET status = ? WHERE message_id = ?",
            vec![status.as_str().into(), message_id.into()],
        )
    }

    /// Turns an earlier instance left `running`: `(message_id, reply_seq)`.
    pub fn running_turns(&self) -> ApiResult<Vec<(String, i64)>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct Row {
            message_id: String,
            reply_seq: f64,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT message_id, reply_seq FROM turns WHERE status = 'running'",
            vec![],
        )?;
        Ok(list
            .into_iter()
            .map(|r| (r.message_id, r.reply_seq as i64))
            .collect())
    }

    /// The id of the last frame stored for a turn (0 when none).
    pub fn last_frame(&self, message_id: &str) -> ApiResult<i64> {
        count(
            &self.sql,
            "SELECT max(seq) AS n FROM frames WHERE message_id = ?",
            vec![message_id.into()],
        )
    }

    /// Stores one frame of a turn.
    pub fn insert_frame(&self, message_id: &str, seq: i64, data: &str) -> ApiResult<()> {
        exec(
            &self.sql,
            "INSERT INTO frames (message_id, seq, data) VALUES (?, ?, ?)",
            vec![message_id.into(), seq.into(), data.into()],
        )
    }

    /// Stored frames of `message_id` with an id above `after`, encoded. When the turn's chunks
    /// were pruned (see [`Store::prune_chunks`]), a replay from the start gets the whole reply as
    /// one chunk in their place.
    pub fn frames_after(&self, message_id: &str, after: u64) -> ApiResult<Vec<String>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
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
        let mut frames = Vec::with_capacity(list.len() + 1);
        let first = list.first().map_or(0, |r| r.seq as i64);
        if after == 0 && first > 1 {
            let reply = self.reply_of_turn(message_id)?.unwrap_or_default();
            if !reply.is_empty() {
                let chunk = StreamEvent::Chunk { content: reply }.to_json();
                frames.push(encode_event(Some(&(first - 1).to_string()), &chunk));
            }
        }
        frames.extend(
            list.into_iter()
                .map(|r| encode_event(Some(&(r.seq as i64).to_string()), &r.data)),
        );
        Ok(frames)
    }

    /// The text of the reply of turn `message_id`, if it has one.
    fn reply_of_turn(&self, message_id: &str) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            content: String,
        }
        Ok(first::<Row>(
            &self.sql,
            "SELECT m.content AS content FROM turns t JOIN messages m ON m.seq = t.reply_seq
             WHERE t.message_id = ?",
            vec![message_id.into()],
        )?
        .map(|r| r.content))
    }

    /// Deletes the chunk frames of every ended turn but `keep`: once a turn is over, its text
    /// lives in its reply message, and keeping each piece a second time is not needed. (The
    /// small `sources` and `done` frames stay, so a late reconnect still ends cleanly.)
    pub fn prune_chunks(&self, keep: &str) -> ApiResult<()> {
        if !self.exists() {
            return Ok(());
        }
        exec(
            &self.sql,
            "DELETE FROM frames WHERE message_id <> ? AND json_extract(data, '$.type') = 'chunk'
             AND message_id IN (SELECT message_id FROM turns WHERE status <> 'running')",
            vec![keep.into()],
        )
    }

    /// Whether a message's text is empty (nothing was written before it failed).
    pub fn is_empty_message(&self, seq: i64) -> ApiResult<bool> {
        Ok(count(
            &self.sql,
            "SELECT length(content) AS n FROM messages WHERE seq = ?",
            vec![seq.into()],
        )? == 0)
    }

    /// Queues a proactive message for the visitor's next poll.
    pub fn queue_proactive(&self, content: &str, author: &Author, at: i64) -> ApiResult<()> {
        self.ensure()?;
        let author = serde_json::to_string(author).map_err(ApiError::internal)?;
        exec(
            &self.sql,
            "INSERT INTO proactive (content, author, created_at) VALUES (?, ?, ?)",
            vec![content.into(), author.into(), at.into()],
        )
    }

    /// Whether a proactive message waits to be delivered.
    pub fn has_proactive(&self) -> ApiResult<bool> {
        if !self.exists() {
            return Ok(false);
        }
        Ok(count(&self.sql, "SELECT count(*) AS n FROM proactive", vec![])? > 0)
    }

    /// Takes every queued proactive message: `(content, author)`, oldest first.
    pub fn take_proactive(&self) -> ApiResult<Vec<(String, Author)>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct Row {
            content: String,
            author: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT content, author FROM proactive ORDER BY id",
            vec![],
        )?;
        if !list.is_empty() {
            exec(&self.sql, "DELETE FROM proactive", vec![])?;
        }
        Ok(list
            .into_iter()
            .map(|r| {
                (
                    r.content,
                    serde_json::from_str(&r.author).unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Adds an announcement to the outbox.
    pub fn push_outbox(&self, body: &str) -> ApiResult<()> {
        self.ensure()?;
        exec(
            &self.sql,
            "INSERT INTO outbox (body) VALUES (?)",
            vec![body.into()],
        )
    }

    /// Announcements not yet delivered: `(n, body)`, oldest first.
    pub fn outbox(&self, limit: i64) -> ApiResult<Vec<(i64, String)>> {
        if !self.exists() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct Row {
            n: f64,
            body: String,
        }
        let list: Vec<Row> = rows(
            &self.sql,
            "SELECT n, body FROM outbox ORDER BY n LIMIT ?",
            vec![limit.into()],
        )?;
        Ok(list.into_iter().map(|r| (r.n as i64, r.body)).collect())
    }

    /// Forgets delivered announcements (up to and including `n`).
    pub fn delete_outbox(&self, n: i64) -> ApiResult<()> {
        exec(&self.sql, "DELETE FROM outbox WHERE n <= ?", vec![n.into()])
    }
}

#[derive(Deserialize)]
struct MessageRow {
    seq: f64,
    role: String,
    content: String,
    created_at: f64,
    status: String,
    sources: String,
    turn_id: Option<String>,
    author: Option<String>,
    image: Option<String>,
    vote: Option<String>,
    evaluation: Option<String>,
}

impl MessageRow {
    fn into_message(self) -> ChatMessage {
        ChatMessage {
            id: (self.seq as i64).to_string(),
            role: Role::parse(&self.role).unwrap_or(Role::Assistant),
            content: self.content,
            created_at: self.created_at as i64,
            status: MessageStatus::parse(&self.status),
            sources: serde_json::from_str::<Vec<Source>>(&self.sources).unwrap_or_default(),
            turn_id: self.turn_id,
            author: self.author.and_then(|a| serde_json::from_str(&a).ok()),
            image: self.image,
            vote: self.vote.as_deref().and_then(Vote::parse),
            evaluation: self.evaluation.and_then(|e| serde_json::from_str(&e).ok()),
        }
    }
}
