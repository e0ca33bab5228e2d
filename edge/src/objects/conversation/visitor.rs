//! What the visitor's widget reads and asks of its conversation (seed 003): the history, new
//! operator messages with the current mode, whether the visitor is blocked, proactive messages
//! (each delivered once), and "talk to a person". These touch only this object, so thousands of
//! open widgets can poll without reaching any shared one.

use super::Inner;
use super::protocol::{HandoffCall, OperatorMessages, VisitorRef};
use super::state::ConvState;
use super::turn::announce_message;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::api::{
    BlockStatusResponse, HandoffResponse, HistoryResponse, LONG_POLL_MAX_SECS,
    OperatorMessagesResponse, ProactiveResponse,
};
use porthole_shared::channel::ChannelMessages;
use porthole_shared::message::MessageStatus;
use std::time::Duration;

impl Inner {
    /// The state as a visitor finds it: started (the bot, chat and browser noted) if it was
    /// not. Errors: 403 `blocked`.
    pub(super) fn visitor_state(&self, who: &VisitorRef, now: i64) -> ApiResult<ConvState> {
        let mut state = self.state()?.unwrap_or_default();
        if state.blocked(now) {
            return Err(super::state::blocked());
        }
        if !state.is_known() {
            state.token = Some(who.token.clone());
            state.chat_id = Some(who.chat_id.clone());
            state.started_at = now;
            state.last_activity = now;
        }
        if state.visitor_id.is_none() {
            state.visitor_id = who.visitor_id.clone();
        }
        Ok(state)
    }

    /// Every message, oldest first.
    pub(super) fn history(&self) -> ApiResult<HistoryResponse> {
        Ok(HistoryResponse {
            success: true,
            messages: self.store.messages()?,
        })
    }

    /// Operator messages after `?after=` (a message id; 0 or absent: all), the mode, and
    /// whether the visitor waits or is blocked. With `?wait=` (seconds) and `?known=` (the
    /// [`OperatorMessagesResponse::state_key`] of the poller's last answer), a poll that would
    /// bring nothing new waits until the conversation changes, or `wait` seconds: a person's
    /// message reaches an open widget as it is sent, with one request held per widget.
    pub(super) async fn operator_messages(
        &self,
        ask: &OperatorMessages,
    ) -> ApiResult<OperatorMessagesResponse> {
        self.visitor_seen.set(now_ms());
        let after = i64::try_from(ask.after).unwrap_or(0);
        let wait = ask.wait.min(LONG_POLL_MAX_SECS);
        let mut answer = self.operator_state(after)?;
        // A queued proactive message is news too (the poller fetches it next): no wait.
        if wait > 0
            && answer.messages.is_empty()
            && ask.known.as_deref() == Some(answer.state_key().as_str())
            && !self.store.has_proactive()?
        {
            self.next_change(wait).await;
            answer = self.operator_state(after)?;
        }
        Ok(answer)
    }

    fn operator_state(&self, after: i64) -> ApiResult<OperatorMessagesResponse> {
        let state = self.state()?.unwrap_or_default();
        Ok(OperatorMessagesResponse {
            success: true,
            messages: self.store.operator_messages_after(after)?,
            mode: state.mode,
            waiting: state.waiting,
            blocked: state.blocked(now_ms()),
            operator: state.assignee.as_ref().map(|a| a.author()),
            resolved: state.resolved,
        })
    }

    /// Returns when the conversation next changes (an announcement, a queued proactive
    /// message), or after `secs` seconds.
    async fn next_change(&self, secs: u32) {
        let (tx, rx) = futures_channel::oneshot::channel();
        {
            let mut waiting = self.changes.borrow_mut();
            waiting.retain(|w| !w.is_canceled());
            waiting.push(tx);
        }
        let timeout = worker::Delay::from(Duration::from_secs(secs.into()));
        futures_util::future::select(rx, timeout).await;
    }

    /// Wakes every poll waiting for a change.
    pub(super) fn changed(&self) {
        for waiting in self.changes.borrow_mut().drain(..) {
            let _ = waiting.send(());
        }
    }

    /// Messages after `?after=` (a message id) that are complete — the API channel's read of
    /// the bot's and operators' replies. Errors: 404 for a conversation that never started.
    pub(super) fn messages_after(&self, after: u64) -> ApiResult<ChannelMessages> {
        let state = self.known_state()?;
        let after = i64::try_from(after).unwrap_or(0);
        let messages = self
            .store
            .messages()?
            .into_iter()
            .filter(|m| m.status != MessageStatus::Streaming)
            .filter(|m| m.id.parse::<i64>().is_ok_and(|id| id > after))
            .collect();
        Ok(ChannelMessages {
            ok: true,
            messages,
            mode: state.mode,
        })
    }

    /// Whether this conversation's visitor is blocked.
    pub(super) fn block_status(&self) -> ApiResult<BlockStatusResponse> {
        let blocked = self.state()?.is_some_and(|state| state.blocked(now_ms()));
        Ok(BlockStatusResponse {
            success: true,
            blocked,
        })
    }

    /// Hands over the queued proactive messages; they become part of the conversation.
    pub(super) fn deliver_proactive(&self) -> ApiResult<ProactiveResponse> {
        let queued = self.store.take_proactive()?;
        let mut messages = Vec::with_capacity(queued.len());
        if let Some(mut state) = self.state()?.filter(ConvState::is_known) {
            let now = now_ms();
            for (content, author) in queued {
                let seq = self.store.insert_person_message(&content, &author, now)?;
                announce_message(self, &mut state, seq)?;
                messages.extend(self.store.message(seq)?);
            }
        }
        Ok(ProactiveResponse {
            success: true,
            messages,
        })
    }

    /// The visitor asks for a person (or stops waiting). Errors: 403 `blocked`.
    pub(super) fn handoff(&self, ask: HandoffCall) -> ApiResult<HandoffResponse> {
        let now = now_ms();
        let mut state = self.visitor_state(&ask.who, now)?;
        let changed = state.ask_for_person(ask.waiting, ask.idle_ms, now);
        let counts = crate::objects::rpc::Counts {
            handoffs: i64::from(ask.waiting && !changed.is_empty()),
            ..crate::objects::rpc::Counts::default()
        };
        self.commit_counted(&mut state, changed, counts)?;
        Ok(HandoffResponse {
            success: true,
            mode: state.mode,
            waiting: state.waiting,
        })
    }
}
