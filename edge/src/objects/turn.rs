//! One turn of a conversation, run inside the Conversation object: fetch knowledge from the
//! Bot object, run the bot's responder, and stream the reply. Every frame is stored before it
//! is published, and the reply's text is persisted as it grows, so a client that reconnects
//! (or an admin reading the conversation) sees exactly what was said, even mid-reply.

use super::conversation::Inner;
use super::rpc::{self, ContextRequest, TurnRequest};
use super::sql::{count, exec, rows};
use crate::ai::{self, AiError, Outcome, ReplySink, Retrieved, TurnInput, Usage};
use crate::clock::{day, now_ms};
use crate::error::ApiResult;
use crate::usage::UsageEntry;
use porthole_shared::sse::encode_event;
use porthole_shared::stream::DoneMeta;
use porthole_shared::{ErrorCode, StreamEvent};
use serde::Deserialize;
use std::rc::Rc;
use worker::Method;

/// Passages asked of the Bot object per question.
const PASSAGES: u32 = 6;

/// Runs the turn to its end, whoever is still listening.
pub(super) async fn run(inner: Rc<Inner>, req: TurnRequest, user_seq: i64, reply_seq: i64) {
    let _one_at_a_time = inner.turn_lock.lock().await;
    let message_id = req.message_id.as_str().to_owned();
    let mut sink = TurnSink {
        inner: inner.clone(),
        message_id: message_id.clone(),
        reply_seq,
        seq: 0,
        wrote: false,
    };
    let usage = match answer(&inner, &req, user_seq, &mut sink).await {
        Ok(mut outcome) => {
            if !req.config.show_citations {
                outcome.sources.clear();
            }
            let usage = outcome.usage.take();
            sink.finish(outcome, &req);
            usage
        }
        Err(err) => {
            worker::console_error!("turn {message_id} failed: {}", err.detail);
            sink.fail(ErrorCode::AiError, &err.message);
            err.usage
        }
    };
    inner.hub.borrow_mut().close(&message_id);
    if let Some(usage) = usage {
        record_usage(&inner, &req, usage).await;
    }
}

/// Adds an LLM turn's tokens to the bot's daily usage (after the reply is complete, so the
/// visitor never waits for the accounting).
async fn record_usage(inner: &Inner, req: &TurnRequest, usage: Usage) {
    let entry = UsageEntry {
        day: day(now_ms()),
        usage,
    };
    let result = match rpc::bot(&inner.env, &req.token) {
        Ok(stub) => rpc::call::<_, serde_json::Value>(&stub, Method::Post, "/usage", Some(&entry))
            .await
            .map(|_| ()),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = result {
        worker::console_error!("usage of turn {}: {}", req.message_id, e.message);
    }
}

async fn answer(
    inner: &Inner,
    req: &TurnRequest,
    user_seq: i64,
    sink: &mut TurnSink,
) -> Result<Outcome, AiError> {
    let retrieved = retrieve(inner, req).await.map_err(|e| {
        AiError::new(
            "The knowledge base could not be searched. Please try again.",
            format!("retrieval: {}", e.message),
        )
    })?;
    let history = inner
        .context_history(user_seq, &req.client_history)
        .map_err(|e| AiError::new("The conversation could not be read.", e.message))?;
    let input = TurnInput {
        message: &req.message,
        history: &history,
        retrieved: &retrieved,
        config: &req.config,
        lang: req.lang.as_deref(),
    };
    ai::respond(input, &inner.env, sink).await
}

async fn retrieve(inner: &Inner, req: &TurnRequest) -> ApiResult<Retrieved> {
    let stub = rpc::bot(&inner.env, &req.token)?;
    let ask = ContextRequest {
        chat_id: req.chat_id.as_str().to_owned(),
        query: req.message.clone(),
        limit: PASSAGES,
        at: now_ms(),
    };
    rpc::call(&stub, Method::Post, "/context", Some(&ask)).await
}

/// Where a running turn's reply goes: into storage, then to every live subscriber.
struct TurnSink {
    inner: Rc<Inner>,
    message_id: String,
    reply_seq: i64,
    seq: i64,
    wrote: bool,
}

impl ReplySink for TurnSink {
    fn chunk(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.wrote = true;
        self.log(exec(
            &self.inner.sql,
            "UPDATE messages SET content = content || ? WHERE seq = ?",
            vec![text.into(), self.reply_seq.into()],
        ));
        self.emit(&StreamEvent::Chunk {
            content: text.to_owned(),
        });
    }
}

impl TurnSink {
    /// Stores and publishes one frame.
    fn emit(&mut self, event: &StreamEvent) {
        self.seq += 1;
        let data = event.to_json();
        self.log(exec(
            &self.inner.sql,
            "INSERT INTO frames (message_id, seq, data) VALUES (?, ?, ?)",
            vec![
                self.message_id.clone().into(),
                self.seq.into(),
                data.clone().into(),
            ],
        ));
        let frame = encode_event(Some(&self.seq.to_string()), &data);
        self.inner
            .hub
            .borrow_mut()
            .publish(&self.message_id, &frame);
    }

    fn finish(&mut self, outcome: Outcome, req: &TurnRequest) {
        let sources = serde_json::to_string(&outcome.sources).unwrap_or_else(|_| "[]".into());
        if !outcome.sources.is_empty() {
            self.emit(&StreamEvent::Sources {
                sources: outcome.sources,
            });
        }
        self.log(exec(
            &self.inner.sql,
            "UPDATE messages SET status = 'complete', sources = ? WHERE seq = ?",
            vec![sources.into(), self.reply_seq.into()],
        ));
        self.set_turn_status("complete");
        self.emit(&StreamEvent::Done {
            meta: DoneMeta {
                conversation_id: req.chat_id.as_str().to_owned(),
                message_id: Some(self.message_id.clone()),
            },
        });
    }

    fn fail(&mut self, code: ErrorCode, message: &str) {
        let status = if self.wrote { "cut" } else { "failed" };
        self.log(exec(
            &self.inner.sql,
            "UPDATE messages SET status = ? WHERE seq = ?",
            vec![status.into(), self.reply_seq.into()],
        ));
        self.set_turn_status("failed");
        self.emit(&StreamEvent::Error {
            code: code.as_str().to_owned(),
            message: message.to_owned(),
        });
    }

    fn set_turn_status(&self, status: &str) {
        self.log(exec(
            &self.inner.sql,
            "UPDATE turns SET status = ? WHERE message_id = ?",
            vec![status.into(), self.message_id.clone().into()],
        ));
    }

    fn log(&self, result: ApiResult<()>) {
        if let Err(e) = result {
            worker::console_error!("turn {}: could not persist: {}", self.message_id, e.message);
        }
    }
}

/// Ends turns left `running` by an earlier instance of the object, with an error frame.
pub(super) fn abandon_running(inner: &Rc<Inner>) -> ApiResult<()> {
    #[derive(Deserialize)]
    struct Row {
        message_id: String,
        reply_seq: f64,
    }
    let running: Vec<Row> = rows(
        &inner.sql,
        "SELECT message_id, reply_seq FROM turns WHERE status = 'running'",
        vec![],
    )?;
    for turn in running {
        let last = count(
            &inner.sql,
            "SELECT max(seq) AS n FROM frames WHERE message_id = ?",
            vec![turn.message_id.clone().into()],
        )?;
        let wrote = count(
            &inner.sql,
            "SELECT length(content) AS n FROM messages WHERE seq = ?",
            vec![(turn.reply_seq as i64).into()],
        )? > 0;
        let mut sink = TurnSink {
            inner: inner.clone(),
            message_id: turn.message_id,
            reply_seq: turn.reply_seq as i64,
            seq: last,
            wrote,
        };
        sink.fail(
            ErrorCode::AiError,
            "The reply was interrupted. Please send your message again.",
        );
    }
    Ok(())
}
