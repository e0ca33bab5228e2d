//! What operators do to a conversation: read it, take it over (stopping a reply in progress),
//! reply as a person, hand it back to the AI, mark it read, block or unblock the visitor, and
//! queue a proactive message for the visitor's next poll. Each change is saved and announced in
//! one step.

use super::Inner;
use super::protocol::{
    BlockCall, Blocked, OperatorMessageCall, Posted, ProactiveCall, TakeoverRequest,
};
use super::state::{ConvState, FOREVER};
use super::turn::announce_message;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;
use porthole_shared::inbox::{
    CallRequest, ConversationDetail, ConversationResponse, PostedMessage,
};

/// A widget that asked for news this recently is open: its visitor reads a reply there (the
/// variable `VISITOR_PRESENT_MS` shortens it for the tests).
const VISITOR_PRESENT_MS: i64 = 60_000;
impl Inner {
    /// Everything about the conversation, for an operator.
    pub(super) fn detail(&self) -> ApiResult<ConversationDetail> {
        let state = self.known_state()?;
        let now = now_ms();
        let conversation = self.summary(&state)?;
        Ok(ConversationDetail {
            success: true,
            chat_id: conversation.id.clone(),
            conversation,
            messages: self.store.messages()?,
            blocked_until: state
                .blocked_until
                .filter(|until| *until != FOREVER && *until > now),
            rating_comment: state.rating_comment.clone(),
            calls: state
                .calls
                .iter()
                .map(|(phone_number, at)| CallRequest {
                    phone_number: phone_number.clone(),
                    requested_at: *at,
                })
                .collect(),
        })
    }

    /// An operator takes the conversation over; a reply being written stops where it is.
    pub(super) fn take_over(&self, ask: TakeoverRequest) -> ApiResult<ConversationResponse> {
        let mut state = self.known_state()?;
        self.stop_all();
        let changed = state.take_over(ask.operator, ask.idle_ms, now_ms());
        self.answer(&mut state, changed)
    }

    /// The AI answers again.
    pub(super) fn hand_back(&self) -> ApiResult<ConversationResponse> {
        let mut state = self.known_state()?;
        let changed = state.hand_back();
        self.answer(&mut state, changed)
    }

    /// An operator's reply; replying takes the conversation over if it was the AI's.
    pub(super) fn operator_message(&self, ask: OperatorMessageCall) -> ApiResult<Posted> {
        let mut state = self.known_state()?;
        let now = now_ms();
        self.stop_all();
        let author = ask.operator.author();
        let changed = state.take_over(ask.operator, ask.idle_ms, now);
        let waited = state.person_wrote(now);
        let counts = crate::objects::rpc::Counts {
            responses: i64::from(waited.is_some()),
            response_ms: waited.unwrap_or(0),
            ..crate::objects::rpc::Counts::default()
        };
        self.commit_counted(&mut state, changed, counts)?;
        let seq = self
            .store
            .insert_person_message(&ask.content, &author, now)?;
        announce_message(self, &mut state, seq)?;
        // A widget polls at least every 25 seconds while it is open.
        let window = crate::platform::bindings::millis(&self.env, "VISITOR_PRESENT_MS");
        let present = now - self.visitor_seen.get() < window.unwrap_or(VISITOR_PRESENT_MS);
        Ok(Posted {
            answer: PostedMessage {
                success: true,
                message: self.store.message(seq)?,
                conversation: self.summary(&state)?,
                emailed: false,
            },
            visitor_present: present,
        })
    }

    /// The operator is done: the AI answers again and the widget asks the visitor for a rating.
    pub(super) fn resolve(&self) -> ApiResult<ConversationResponse> {
        let mut state = self.known_state()?;
        let changed = state.resolve();
        self.answer(&mut state, changed)
    }

    /// No unread visitor messages any more.
    pub(super) fn mark_read(&self) -> ApiResult<ConversationResponse> {
        let mut state = self.known_state()?;
        let changed = state.mark_read();
        self.answer(&mut state, changed)
    }

    /// Blocks the visitor until `until` (or lifts the block); answers the visitor's browser id
    /// so the worker can block it beyond this conversation.
    pub(super) fn block(&self, ask: BlockCall) -> ApiResult<Blocked> {
        let mut state = self.known_state()?;
        let changed = state.set_block(ask.until);
        if state.blocked(now_ms()) {
            self.stop_all();
        }
        let conversation = self.commit(&mut state, changed)?;
        Ok(Blocked {
            success: true,
            conversation,
            visitor_id: state.visitor_id.clone(),
        })
    }

    /// Queues a proactive message, delivered once at the visitor's next poll.
    pub(super) fn queue_proactive(&self, ask: ProactiveCall) -> ApiResult<Ack> {
        let mut state = self.state()?.unwrap_or_default();
        if !state.is_known() {
            let now = now_ms();
            state = ConvState {
                token: Some(ask.token.clone()),
                chat_id: Some(ask.chat_id.clone()),
                started_at: now,
                last_activity: now,
                ..ConvState::default()
            };
            self.store.save_state(&state)?;
        }
        self.store
            .queue_proactive(&ask.content, &ask.operator.author(), now_ms())?;
        self.changed();
        Ok(porthole_shared::api::Ack::OK)
    }

    /// Stops every reply being written.
    fn stop_all(&self) {
        for (_, stop) in self.running.borrow().iter() {
            stop.stop();
        }
    }

    /// Commits `state` and answers its summary.
    fn answer(
        &self,
        state: &mut ConvState,
        changed: super::state::Changed,
    ) -> ApiResult<ConversationResponse> {
        let conversation = self.commit(state, changed)?;
        Ok(ConversationResponse {
            success: true,
            conversation,
        })
    }
}
