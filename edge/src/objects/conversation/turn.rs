//! A visitor message and what answers it. While the AI answers, the message starts a turn that
//! runs in the object: fetch knowledge from the Bot object, run the bot's responder, stream the
//! reply. Every frame is stored before it is published and the reply's text is persisted as it
//! grows, so a client that reconnects (or an operator reading along) sees exactly what was said.
//! A turn stops when told to (an operator took over, the visitor pressed stop): nothing more is
//! generated, and the reply is kept as far as it got. While a person answers, or the visitor
//! waits for one, the message is stored and announced and no turn runs.

use super::keepalive::sse_response;
use super::protocol::TurnRequest;
use super::state::ConvState;
use super::store::{NewMessage, TurnStatus};
use super::{Inner, settle};
use crate::ai::stop::Stop;
use crate::ai::{self, AiError, Outcome, ReplySink, Retrieved, TurnInput, Usage};
use crate::knowledge::evaluate::evaluate;
use crate::objects::rpc::Counts;
use crate::objects::sql::atomically;
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::events::{Event, MessageNew};
use porthole_shared::gaps::GapKind;
use porthole_shared::message::MessageStatus;
use porthole_shared::sse::encode_event;
use porthole_shared::stream::DoneMeta;
use porthole_shared::webchat::Evaluation;
use porthole_shared::{ErrorCode, Role, StreamEvent};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A turn to run after the answer has started.
pub(super) type Spawned = Pin<Box<dyn Future<Output = ()>>>;

/// Takes a visitor message: starts the turn, or joins / replays it when its `message_id` was
/// seen before; `spawn` runs the turn beyond the request. Answers the SSE stream.
/// Errors: 403 `blocked`.
pub(super) fn start(inner: &Rc<Inner>, req: TurnRequest, spawn: impl FnOnce(Spawned)) -> ApiResult {
    let now = now_ms();
    let mut state = inner.state()?.unwrap_or_default();
    if state.blocked(now) {
        return Err(super::state::blocked());
    }
    let message_id = req.message_id.as_str().to_owned();
    let after = req.last_event_id.unwrap_or(0);
    // Reading stored frames and subscribing happen with no await in between, so no frame can
    // fall between the replay and the live stream.
    if req.must_exist && !state.is_known() {
        return Err(ApiError::not_found("conversation"));
    }
    let live = match inner.store.turn_status(&message_id)? {
        Some(TurnStatus::Running) => Some(inner.listeners.borrow_mut().subscribe(&message_id)),
        Some(_) => None,
        None if req.resume_only => return Err(ApiError::not_found("reply to resume")),
        None => {
            join(&mut state, &req, now);
            if state.for_a_person() {
                queue_for_person(inner, &req, &mut state, now)?;
                None
            } else {
                let (user_seq, reply_seq) = begin(inner, &req, &mut state, now)?;
                let stop = Stop::default();
                inner
                    .running
                    .borrow_mut()
                    .push((message_id.clone(), stop.clone()));
                let rx = inner.listeners.borrow_mut().subscribe(&message_id);
                spawn(Box::pin(run(inner.clone(), req, user_seq, reply_seq, stop)));
                Some(rx)
            }
        }
    };
    let replay = inner.store.frames_after(&message_id, after)?;
    Ok(sse_response(replay, live, inner.keepalive()))
}

/// The reply being written now, for an operator watching: its frames so far, then live until
/// it ends; an empty stream when no reply is being written.
pub(super) fn watch(inner: &Rc<Inner>) -> ApiResult {
    let running = inner.running.borrow().last().map(|(id, _)| id.clone());
    // As in `start`: the replay and the subscription with no await between them.
    let (replay, live) = match running {
        Some(id) => (
            inner.store.frames_after(&id, 0)?,
            Some(inner.listeners.borrow_mut().subscribe(&id)),
        ),
        None => (Vec::new(), None),
    };
    Ok(sse_response(replay, live, inner.keepalive()))
}

/// Notes the bot, chat, channel, visitor and the contact details given with it the first time
/// they are known.
fn join(state: &mut ConvState, req: &TurnRequest, now: i64) {
    if !state.is_known() {
        state.token = Some(req.token.clone());
        state.chat_id = Some(req.chat_id.clone());
        state.channel = req.channel;
        state.started_at = now;
        if let Some(contact) = &req.contact {
            state.leave_contact(contact.clone());
        }
    }
    if state.visitor_id.is_none() {
        state.visitor_id = req.visitor_id.clone();
    }
    if state.visitor_key.is_none() {
        state.visitor_key = req.visitor_key.clone();
    }
}

/// Stores the visitor message, an empty reply and the running turn, and announces the message
/// — all in one transaction, so a failure leaves none of it. Chunks of earlier turns, whose
/// text their replies hold, are let go in the same step.
fn begin(
    inner: &Inner,
    req: &TurnRequest,
    state: &mut ConvState,
    now: i64,
) -> ApiResult<(i64, i64)> {
    atomically(&inner.storage, || {
        inner.store.prune_chunks(req.message_id.as_str())?;
        begin_writes(inner, req, state, now)
    })
}

fn begin_writes(
    inner: &Inner,
    req: &TurnRequest,
    state: &mut ConvState,
    now: i64,
) -> ApiResult<(i64, i64)> {
    let id = req.message_id.as_str();
    let user_seq = store_visitor_message(inner, req, now)?;
    let reply_seq = inner.store.insert_message(NewMessage {
        role: Role::Assistant,
        content: "",
        status: MessageStatus::Streaming,
        turn_id: Some(id),
        author: None,
        at: now,
    })?;
    inner
        .store
        .insert_turn(id, user_seq, reply_seq, TurnStatus::Running, now)?;
    state.visitor_wrote(now);
    state.email_in(req.message.as_str());
    announce_message(inner, state, user_seq)?;
    Ok((user_seq, reply_seq))
}

/// A person answers (or the visitor waits for one): store and announce the message, and end the
/// stream with a `done` frame that says so — in one transaction. No AI turn runs.
fn queue_for_person(
    inner: &Inner,
    req: &TurnRequest,
    state: &mut ConvState,
    now: i64,
) -> ApiResult<()> {
    atomically(&inner.storage, || queue_writes(inner, req, state, now))
}

fn queue_writes(
    inner: &Inner,
    req: &TurnRequest,
    state: &mut ConvState,
    now: i64,
) -> ApiResult<()> {
    let id = req.message_id.as_str();
    let user_seq = store_visitor_message(inner, req, now)?;
    inner
        .store
        .insert_turn(id, user_seq, 0, TurnStatus::Complete, now)?;
    let done = StreamEvent::Done {
        meta: DoneMeta {
            conversation_id: req.chat_id.number(&req.token),
            chat_id: req.chat_id.as_str().to_owned(),
            message_id: Some(id.to_owned()),
            mode: Some(state.mode),
            waiting: state.waiting,
            ..DoneMeta::default()
        },
    };
    inner.store.insert_frame(id, 1, &done.to_json())?;
    state.visitor_wrote(now);
    state.email_in(req.message.as_str());
    announce_message(inner, state, user_seq)
}

/// Stores the visitor's message of the turn.
fn store_visitor_message(inner: &Inner, req: &TurnRequest, now: i64) -> ApiResult<i64> {
    inner.store.insert_message(NewMessage {
        role: Role::User,
        content: req.message.as_str(),
        status: MessageStatus::Complete,
        turn_id: Some(req.message_id.as_str()),
        author: None,
        at: now,
    })
}

/// Saves `state` and announces message `seq` (and the conversation itself, the first time).
pub(super) fn announce_message(inner: &Inner, state: &mut ConvState, seq: i64) -> ApiResult<()> {
    announce_message_counted(inner, state, seq, Counts::default())
}

/// [`announce_message`], with what the message adds to the bot's statistics.
fn announce_message_counted(
    inner: &Inner,
    state: &mut ConvState,
    seq: i64,
    counts: Counts,
) -> ApiResult<()> {
    let first = !state.announced;
    state.announced = true;
    inner.store.save_state(state)?;
    let summary = inner.summary(state)?;
    if first {
        inner.announce(&Event::ConversationNew(summary.clone()))?;
    }
    if let Some(message) = inner.store.message(seq)? {
        inner.announce_counted(
            &Event::MessageNew(Box::new(MessageNew {
                conversation_id: summary.id.clone(),
                bot: summary.bot.clone(),
                message,
                conversation: summary,
            })),
            counts,
        )?;
    }
    Ok(())
}

/// Runs the turn to its end, whoever is still listening, then announces the reply.
async fn run(inner: Rc<Inner>, req: TurnRequest, user_seq: i64, reply_seq: i64, stop: Stop) {
    let _one_at_a_time = inner.turn_lock.lock().await;
    let message_id = req.message_id.as_str().to_owned();
    let mut sink = TurnSink {
        inner: inner.clone(),
        message_id: message_id.clone(),
        reply_seq,
        seq: 0,
        wrote: false,
        broken: None,
        stop: stop.clone(),
    };
    let mut unanswered = false;
    let usage = match answer(&inner, &req, user_seq, &mut sink, &stop).await {
        Ok((outcome, _)) if sink.broken.is_some() => {
            let detail = sink.broken.take().unwrap_or_default();
            worker::console_error!("turn {message_id} could not be stored: {detail}");
            sink.fail(
                ErrorCode::Internal,
                "The reply could not be saved. Please send your message again.",
            );
            outcome.usage
        }
        Ok((mut outcome, retrieved)) => {
            let evaluation = (req.config.evaluation && !outcome.stopped).then(|| {
                let reply = inner
                    .store
                    .message(reply_seq)
                    .ok()
                    .flatten()
                    .map(|m| m.content)
                    .unwrap_or_default();
                evaluate(
                    &reply,
                    outcome.fell_back,
                    &outcome.sources,
                    &retrieved.passages,
                )
            });
            if !req.config.show_citations {
                outcome.sources.clear();
            }
            let usage = outcome.usage.clone();
            unanswered = outcome.fell_back && !outcome.stopped;
            sink.finish(outcome, &req, evaluation);
            usage
        }
        Err(err) => {
            worker::console_error!("turn {message_id} failed: {}", err.detail);
            sink.fail(err.code, &err.message);
            err.usage
        }
    };
    inner.listeners.borrow_mut().close(&message_id);
    inner
        .running
        .borrow_mut()
        .retain(|(id, _)| *id != message_id);
    settle(inner.clone()).await;
    if let Some(usage) = usage {
        record_usage(&inner, &req, usage).await;
    }
    // After the reply's stream has ended: the visitor does not wait for it.
    if unanswered {
        record_gap(&inner, &req).await;
    }
}

/// Adds an LLM turn's tokens to the bot's daily usage (after the reply is complete, so the
/// visitor never waits for the accounting).
/// Puts the question on the bot's list of what it could not answer.
async fn record_gap(inner: &Inner, req: &TurnRequest) {
    let recorded = crate::objects::bot::record_gap(
        &inner.env,
        &req.token,
        req.message.as_str(),
        req.lang,
        &req.chat_id,
        GapKind::Fallback,
    )
    .await;
    if let Err(e) = recorded {
        worker::console_error!(
            "unanswered question of turn {}: {}",
            req.message_id,
            e.message
        );
    }
}

async fn record_usage(inner: &Inner, req: &TurnRequest, usage: Usage) {
    if let Err(e) = crate::objects::bot::record_usage(&inner.env, &req.token, usage).await {
        worker::console_error!("usage of turn {}: {}", req.message_id, e.message);
    }
}

async fn answer(
    inner: &Inner,
    req: &TurnRequest,
    user_seq: i64,
    sink: &mut TurnSink,
    stop: &Stop,
) -> Result<(Outcome, Retrieved), AiError> {
    let allowed = crate::objects::bot::take_quota(&inner.env, &req.token, &req.config.access)
        .await
        .map_err(|e| {
            AiError::new(
                "The assistant could not start. Please try again.",
                e.message,
            )
        })?;
    if !allowed {
        return Err(AiError::quota());
    }
    let retrieved = crate::objects::bot::retrieve(
        &inner.env,
        &req.token,
        &req.config.ai.embeddings,
        req.message.as_str(),
        req.lang,
    )
    .await
    .map_err(|e| {
        AiError::new(
            "The knowledge base could not be searched. Please try again.",
            format!("retrieval: {}", e.message),
        )
    })?;
    let history = inner
        .store
        .context_history(user_seq, &req.client_history)
        .map_err(|e| AiError::new("The conversation could not be read.", e.message))?;
    let input = TurnInput {
        message: req.message.as_str(),
        history: &history,
        retrieved: &retrieved,
        config: &req.config,
        lang: req.lang,
        stop,
    };
    let outcome = ai::respond(input, &inner.env, sink).await?;
    Ok((outcome, retrieved))
}

/// Where a running turn's reply goes: into storage, then to every live subscriber. A piece
/// that cannot be stored is never sent: the turn stops there and ends with an error frame.
struct TurnSink {
    inner: Rc<Inner>,
    message_id: String,
    reply_seq: i64,
    seq: i64,
    wrote: bool,
    /// Why a piece could not be stored, once one could not.
    broken: Option<String>,
    stop: Stop,
}

impl ReplySink for TurnSink {
    fn chunk(&mut self, text: &str) {
        if text.is_empty() || self.broken.is_some() {
            return;
        }
        let seq = self.seq + 1;
        let data = StreamEvent::Chunk {
            content: text.to_owned(),
        }
        .to_json();
        // The reply's text and the frame agree: both are stored, or neither.
        let store = &self.inner.store;
        let stored = atomically(&self.inner.storage, || {
            store.append(self.reply_seq, text)?;
            store.insert_frame(&self.message_id, seq, &data)
        });
        if let Err(e) = stored {
            self.broken = Some(e.message);
            self.stop.stop();
            return;
        }
        self.wrote = true;
        self.seq = seq;
        self.publish(&data);
    }
}

impl TurnSink {
    /// Sends a stored frame to every live subscriber.
    fn publish(&self, data: &str) {
        let frame = encode_event(Some(&self.seq.to_string()), data);
        self.inner
            .listeners
            .borrow_mut()
            .publish(&self.message_id, &frame);
    }

    /// Stores and publishes one frame.
    fn emit(&mut self, event: &StreamEvent) {
        self.seq += 1;
        let data = event.to_json();
        self.log(
            self.inner
                .store
                .insert_frame(&self.message_id, self.seq, &data),
        );
        self.publish(&data);
    }

    fn finish(&mut self, outcome: Outcome, req: &TurnRequest, evaluation: Option<Evaluation>) {
        if !outcome.sources.is_empty() {
            self.emit(&StreamEvent::Sources {
                sources: outcome.sources.clone(),
            });
        }
        let status = if outcome.stopped {
            MessageStatus::Stopped
        } else {
            MessageStatus::Complete
        };
        self.log(
            self.inner
                .store
                .set_status(self.reply_seq, status, Some(&outcome.sources)),
        );
        let mut counts = Counts::default();
        if let Some(e) = &evaluation {
            self.log(self.inner.store.set_evaluation(self.reply_seq, e));
            counts.evaluated = 1;
            counts.answered = i64::from(e.answered);
            counts.support_sum = i64::from(e.support);
        }
        self.end_turn(TurnStatus::Complete, counts);
        let (model, tokens) = match &outcome.usage {
            Some(u) => (u.model.clone(), Some(u.prompt_tokens + u.completion_tokens)),
            None => (req.config.ai.responder.as_str().to_owned(), None),
        };
        self.emit(&StreamEvent::Done {
            meta: DoneMeta {
                conversation_id: req.chat_id.number(&req.token),
                chat_id: req.chat_id.as_str().to_owned(),
                message_id: Some(self.message_id.clone()),
                reply_id: Some(self.reply_seq.to_string()),
                stopped: outcome.stopped,
                fallback: outcome.fell_back,
                model: Some(model),
                tokens,
                ..DoneMeta::default()
            },
        });
    }

    fn fail(&mut self, code: ErrorCode, message: &str) {
        let status = if self.wrote {
            MessageStatus::Cut
        } else {
            MessageStatus::Failed
        };
        self.log(self.inner.store.set_status(self.reply_seq, status, None));
        self.end_turn(TurnStatus::Failed, Counts::default());
        self.emit(&StreamEvent::Error {
            code: code.as_str().to_owned(),
            message: message.to_owned(),
        });
    }

    /// Marks the turn ended and announces the reply (when it has any text).
    fn end_turn(&self, status: TurnStatus, counts: Counts) {
        self.log(self.inner.store.set_turn_status(&self.message_id, status));
        if self.wrote {
            let announced = self.inner.state().and_then(|state| match state {
                Some(mut state) => {
                    announce_message_counted(&self.inner, &mut state, self.reply_seq, counts)
                }
                None => Ok(()),
            });
            self.log(announced);
        }
    }

    fn log(&self, result: ApiResult<()>) {
        if let Err(e) = result {
            worker::console_error!("turn {}: could not persist: {}", self.message_id, e.message);
        }
    }
}

/// Ends turns left `running` by an earlier instance of the object, with an error frame.
pub(super) fn abandon_running(inner: &Rc<Inner>) -> ApiResult<()> {
    for (message_id, reply_seq) in inner.store.running_turns()? {
        let mut sink = TurnSink {
            inner: inner.clone(),
            seq: inner.store.last_frame(&message_id)?,
            wrote: !inner.store.is_empty_message(reply_seq)?,
            message_id,
            reply_seq,
            broken: None,
            stop: Stop::default(),
        };
        sink.fail(
            ErrorCode::AiError,
            "The reply was interrupted. Please send your message again.",
        );
    }
    Ok(())
}
