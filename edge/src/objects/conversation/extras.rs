//! What visitors leave behind in their conversation: contact details (announced as
//! `conversation:qualified`), a rating and its comment, a vote on a reply (what seed 004's likes
//! per feedback count), and images. Each is saved and announced in one step, with what it adds
//! to the bot's statistics.

use super::Inner;
use super::protocol::{
    CallCall, ContactCall, FeedbackCall, Identified, IdentifyCall, ImageCall, RateCall,
};
use super::state::ConvState;
use super::turn::announce_message;
use crate::objects::rpc::Counts;
use crate::platform::clock::now_ms;
use crate::web::error::ApiResult;
use porthole_shared::Role;
use porthole_shared::api::Ack;
use porthole_shared::events::Event;
use porthole_shared::gaps::GapKind;
use porthole_shared::visitor::Vote;

/// How many call requests a conversation keeps.
const MAX_CALLS: usize = 20;
/// Messages looked back from a reply for the visitor's question it answered.
const QUESTION_LOOKBACK: i64 = 6;

impl Inner {
    /// Saves contact details and announces the conversation as qualified.
    pub(super) fn leave_contact(&self, ask: ContactCall) -> ApiResult<Ack> {
        let mut state = self.visitor_state(&ask.who, now_ms())?;
        let changed = state.leave_contact(ask.contact);
        if !changed.is_empty() {
            let summary = self.commit(&mut state, changed)?;
            self.announce(&Event::ConversationQualified(summary))?;
        }
        Ok(Ack::OK)
    }

    /// The host page said who the visitor is ([`ConvState::identify`]). Before the visitor's
    /// first message nothing is announced: the inbox hears of the conversation, verified, with
    /// its first message.
    pub(super) fn identify(&self, ask: IdentifyCall) -> ApiResult<Identified> {
        let mut state = self.visitor_state(&ask.who, now_ms())?;
        let mine = ask.user.is_some() && state.verified_user == ask.user;
        if ask.only_if_started && !state.announced && !mine {
            return Ok(Identified { accepted: false });
        }
        let Some(changed) = state.identify(ask.user.as_deref(), ask.contact) else {
            return Ok(Identified { accepted: false });
        };
        if !state.announced {
            self.store.save_state(&state)?;
        } else if !changed.is_empty() {
            let summary = self.commit(&mut state, changed)?;
            self.announce(&Event::ConversationQualified(summary))?;
        }
        Ok(Identified { accepted: true })
    }

    /// Saves a rating (replacing an earlier one) or its comment.
    pub(super) fn rate(&self, ask: RateCall) -> ApiResult<Ack> {
        let mut state = self.visitor_state(&ask.who, now_ms())?;
        let mut counts = Counts::default();
        let mut changed = Vec::new();
        if let Some(score) = ask.score {
            let (c, before) = state.rate(score);
            changed.extend(c);
            counts.ratings = i64::from(before.is_none());
            counts.rating_sum = i64::from(score) - i64::from(before.unwrap_or(0));
        }
        if let Some(comment) = ask.comment {
            changed.extend(state.comment(comment));
        }
        changed.dedup();
        self.commit_counted(&mut state, changed, counts)?;
        Ok(Ack::OK)
    }

    /// Saves the visitor's vote on a reply (replacing an earlier one). Errors: 404 for a
    /// message that is no reply of this conversation.
    pub(super) async fn vote(&self, ask: FeedbackCall) -> ApiResult<Ack> {
        let mut state = self.visitor_state(&ask.who, now_ms())?;
        let before = self.store.set_vote(ask.message_id, ask.vote)?;
        let tally = |vote: Option<Vote>| match vote {
            Some(Vote::Up) => (1, 0),
            Some(Vote::Down) => (0, 1),
            None => (0, 0),
        };
        let (now_up, now_down) = tally(ask.vote);
        let (was_up, was_down) = tally(before);
        let counts = Counts {
            likes: now_up - was_up,
            dislikes: now_down - was_down,
            ..Counts::default()
        };
        let changed = if before == ask.vote {
            vec![]
        } else {
            vec!["feedback"]
        };
        self.commit_counted(&mut state, changed, counts)?;
        if ask.vote == Some(Vote::Down) && before != Some(Vote::Down) {
            self.record_disliked(&state, ask.message_id).await;
        }
        Ok(Ack::OK)
    }

    /// Puts the question a reply voted down answered on the bot's list of what it could not
    /// answer: the visitor's message before the reply.
    async fn record_disliked(&self, state: &ConvState, reply: i64) {
        let question = (reply.saturating_sub(QUESTION_LOOKBACK).max(1)..reply)
            .rev()
            .filter_map(|seq| self.store.message(seq).ok().flatten())
            .find(|m| m.role == Role::User && !m.content.is_empty());
        let (Some(question), Some((token, chat))) = (question, state.whose()) else {
            return;
        };
        let recorded = crate::objects::bot::record_gap(
            &self.env,
            token,
            &question.content,
            None,
            chat,
            GapKind::Disliked,
        )
        .await;
        if let Err(e) = recorded {
            worker::console_error!("voted-down reply {reply}: {}", e.message);
        }
    }

    /// Records a call the visitor asked for (the latest [`MAX_CALLS`] are kept).
    pub(super) fn ask_for_call(&self, ask: CallCall) -> ApiResult<Ack> {
        let now = now_ms();
        let mut state = self.visitor_state(&ask.who, now)?;
        state.calls.push((ask.phone_number, now));
        // The latest few are what an operator needs; a looping page cannot grow the record.
        let extra = state.calls.len().saturating_sub(MAX_CALLS);
        state.calls.drain(..extra);
        self.commit(&mut state, vec!["call"])?;
        Ok(Ack::OK)
    }

    /// Adds the visitor's image to the conversation as their message.
    pub(super) fn add_image(&self, ask: ImageCall) -> ApiResult<Ack> {
        let now = now_ms();
        let mut state = self.visitor_state(&ask.who, now)?;
        let seq = self.store.insert_image(&ask.url, now)?;
        state.visitor_wrote(now);
        announce_message(self, &mut state, seq)?;
        Ok(Ack::OK)
    }
}
