//! The Conversation Durable Object, one per chat (named `{token}/{chat_id}`). It holds the
//! messages and the conversation's state (who answers, waiting, blocked, unread), and it runs
//! each AI turn — not the request that asked for it — so a reply survives the visitor leaving.
//! Operators act on it (take over, reply, hand back, block, queue proactive messages); the
//! visitor's widget polls it. Every change others must see goes through its outbox to the hub.
//!
//! Modules: [`protocol`] (everything it is asked, and the ways to ask it), [`store`] (tables), [`state`] (the rules of the state record), [`turn`] (a visitor
//! message and the AI reply), [`inbox`] (operators' actions), [`visitor`] (the widget's polls),
//! [`extras`] (contact, ratings, votes, images), [`outbox`] (announcements), [`listeners`] and
//! [`keepalive`] (live SSE streams), [`erase`] (deleting it all).

mod erase;
mod extras;
mod inbox;
mod keepalive;
mod listeners;
mod outbox;
mod protocol;
pub mod state;
mod store;
mod turn;
mod visitor;

pub use protocol::*;

use super::rpc::{self, Ask};
use crate::ai::stop::Stop;
use crate::platform::bindings::{self, SSE_KEEPALIVE_SECS};
use crate::platform::clock::now_ms;
use crate::web::error::{ApiError, ApiResult};
use listeners::Listeners;
use porthole_shared::events::{ConversationChange, Event};
use porthole_shared::inbox::ConversationSummary;
use state::{Changed, ConvState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use store::Store;
use worker::{DurableObject, Env, Request, Response, State, durable_object};

/// Seconds between keep-alive comments unless `SSE_KEEPALIVE_SECS` says otherwise.
const DEFAULT_KEEPALIVE_SECS: u64 = 15;
/// Wait before retrying announcements the hub did not take.
const RETRY_MS: i64 = 5_000;

/// One chat's messages, state and turns.
#[durable_object]
pub struct Conversation {
    state: State,
    inner: Rc<Inner>,
}

/// What a running turn shares with the object.
pub(super) struct Inner {
    pub store: Store,
    pub env: Env,
    pub storage: worker::Storage,
    pub listeners: RefCell<Listeners>,
    /// Turns of one conversation run one after the other, so each sees the one before.
    pub turn_lock: futures_util::lock::Mutex<()>,
    /// The turns started and not yet finished, with their stop signals.
    pub running: RefCell<Vec<(String, Stop)>>,
    /// Visitors' polls waiting for the conversation to change (see `visitor::next_change`).
    pub changes: RefCell<Vec<futures_channel::oneshot::Sender<()>>>,
    flushing: Cell<bool>,
    flush_again: Cell<bool>,
    /// When the visitor's widget last asked for news (ms; 0: not since the object started).
    pub visitor_seen: Cell<i64>,
}

impl DurableObject for Conversation {
    fn new(state: State, env: Env) -> Self {
        let storage = state.storage();
        let inner = Rc::new(Inner {
            store: Store::open(storage.sql()),
            env,
            storage,
            listeners: RefCell::new(Listeners::default()),
            turn_lock: Default::default(),
            running: RefCell::new(Vec::new()),
            changes: RefCell::new(Vec::new()),
            visitor_seen: Cell::new(0),
            flushing: Cell::new(false),
            flush_again: Cell::new(false),
        });
        // A fresh instance runs no turn, so any turn still marked running was interrupted
        // (the object was evicted or crashed): end it properly for clients that reconnect.
        if let Err(e) = turn::abandon_running(&inner) {
            worker::console_error!("abandoning interrupted turns: {}", e.message);
        }
        Self { state, inner }
    }

    async fn fetch(&self, mut req: Request) -> worker::Result<Response> {
        let call = match rpc::body::<ConversationCall>(&mut req).await {
            Ok(call) => call,
            Err(e) => return rpc::reply(Err(e)),
        };
        let writes = call.writes();
        let result = self.route(call).await;
        if writes {
            // What the call changed is announced after the answer, and the alarm re-armed.
            self.state.wait_until(settle(self.inner.clone()));
        }
        rpc::reply(result)
    }

    /// Retries announcements and returns an idle person's conversation to the AI.
    async fn alarm(&self) -> worker::Result<Response> {
        let inner = &self.inner;
        if let Err(e) = inner.expire_idle() {
            worker::console_error!("idle return: {}", e.message);
        }
        settle(inner.clone()).await;
        Response::ok("")
    }
}

impl Conversation {
    async fn route(&self, call: ConversationCall) -> ApiResult {
        let inner = &self.inner;
        match call {
            ConversationCall::TurnRequest(ask) => {
                turn::start(inner, ask, |run| self.state.wait_until(run))
            }
            ConversationCall::Watch(_) => turn::watch(inner),
            ConversationCall::StopRequest(c) => c.answer(Ok(inner.stop_turn(&c))),
            ConversationCall::History(c) => c.answer(inner.history()),
            ConversationCall::OperatorMessages(c) => c.answer(inner.operator_messages(&c).await),
            ConversationCall::BlockStatus(c) => c.answer(inner.block_status()),
            ConversationCall::PendingProactive(c) => c.answer(inner.deliver_proactive()),
            ConversationCall::HandoffCall(c) => HandoffCall::answered(inner.handoff(c)),
            ConversationCall::Detail(c) => c.answer(inner.detail()),
            ConversationCall::TakeoverRequest(c) => TakeoverRequest::answered(inner.take_over(c)),
            ConversationCall::HandBack(c) => c.answer(inner.hand_back()),
            ConversationCall::OperatorMessageCall(c) => {
                OperatorMessageCall::answered(inner.operator_message(c))
            }
            ConversationCall::MarkRead(c) => c.answer(inner.mark_read()),
            ConversationCall::BlockCall(c) => BlockCall::answered(inner.block(c)),
            ConversationCall::ProactiveCall(c) => ProactiveCall::answered(inner.queue_proactive(c)),
            ConversationCall::Resolve(c) => c.answer(inner.resolve()),
            ConversationCall::ContactCall(c) => ContactCall::answered(inner.leave_contact(c)),
            ConversationCall::IdentifyCall(c) => IdentifyCall::answered(inner.identify(c)),
            ConversationCall::RateCall(c) => RateCall::answered(inner.rate(c)),
            ConversationCall::FeedbackCall(c) => FeedbackCall::answered(inner.vote(c).await),
            ConversationCall::ImageCall(c) => ImageCall::answered(inner.add_image(c)),
            ConversationCall::CallCall(c) => CallCall::answered(inner.ask_for_call(c)),
            ConversationCall::MessagesAfter(c) => c.answer(inner.messages_after(c.after)),
            ConversationCall::Erase(c) => c.answer(inner.erase().await),
            ConversationCall::Floor(c) => c.answer(Ok(porthole_shared::api::Ack::OK)),
        }
    }
}

/// After a call or an alarm: deliver the outbox, then set the alarm for what is due next (a
/// retry of undelivered announcements, the idle return).
///
/// A call made while a delivery runs leaves the rest to that delivery's own settle, which
/// looks at the outbox and the alarm once it is done (it used to see the outbox still full and
/// set a retry alarm for nothing: an extra wake-up of every new conversation).
pub(super) async fn settle(inner: Rc<Inner>) {
    let delivered = outbox::flush(&inner).await;
    match &delivered {
        Ok(outbox::Flushed::ByTheRunningOne) => return,
        Ok(outbox::Flushed::Here) => {}
        Err(e) => worker::console_error!("announcing to the hub: {}", e.message),
    }
    let retry = match (&delivered, inner.store.outbox(1)) {
        (Ok(_), Ok(rest)) if rest.is_empty() => None,
        _ => Some(now_ms() + RETRY_MS),
    };
    let idle = inner.state().ok().flatten().and_then(|s| s.idle_deadline());
    if let Some(at) = [retry, idle].into_iter().flatten().min()
        && let Err(e) = crate::platform::clock::set_alarm_at(&inner.storage, at).await
    {
        worker::console_error!("conversation alarm: {e}");
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

    /// The state record, if the conversation ever started.
    fn state(&self) -> ApiResult<Option<ConvState>> {
        self.store.state()
    }

    /// The state of a conversation that exists; 404 otherwise.
    fn known_state(&self) -> ApiResult<ConvState> {
        self.state()?
            .filter(ConvState::is_known)
            .ok_or_else(|| ApiError::not_found("conversation"))
    }

    /// The summary of the conversation in `state`, as of now.
    fn summary(&self, state: &ConvState) -> ApiResult<ConversationSummary> {
        Ok(state.summary(self.store.counts()?, now_ms()))
    }

    /// Saves `state` and announces it: `conversation:new` the first time, else
    /// `conversation:updated` when something changed.
    fn commit(&self, state: &mut ConvState, changed: Changed) -> ApiResult<ConversationSummary> {
        self.commit_counted(state, changed, rpc::Counts::default())
    }

    /// [`Self::commit`], with what the change adds to the bot's statistics.
    fn commit_counted(
        &self,
        state: &mut ConvState,
        changed: Changed,
        counts: rpc::Counts,
    ) -> ApiResult<ConversationSummary> {
        let first = !state.announced;
        state.announced = true;
        self.store.save_state(state)?;
        let summary = self.summary(state)?;
        if first {
            self.announce_counted(&Event::ConversationNew(summary.clone()), counts)?;
        } else if !changed.is_empty() || !counts.is_empty() {
            let event = Event::ConversationUpdated(ConversationChange {
                conversation: summary.clone(),
                changed: changed.into_iter().map(str::to_owned).collect(),
            });
            self.announce_counted(&event, counts)?;
        }
        Ok(summary)
    }

    /// Stops the running turn `message_id` (every running turn when absent); whether any was.
    fn stop_turn(&self, ask: &StopRequest) -> Stopped {
        let mut stopped = false;
        for (id, stop) in self.running.borrow().iter() {
            if ask.message_id.as_deref().is_none_or(|wanted| wanted == id) {
                stop.stop();
                stopped = true;
            }
        }
        Stopped {
            success: true,
            stopped,
        }
    }

    /// Returns a person's conversation to the AI once it was idle long enough.
    fn expire_idle(&self) -> ApiResult<()> {
        let Some(mut state) = self.state()?.filter(ConvState::is_known) else {
            return Ok(());
        };
        let changed = state.expire_idle(now_ms());
        if !changed.is_empty() {
            self.commit(&mut state, changed)?;
        }
        Ok(())
    }
}
