//! The conversation after a page load: the history of this page's chat id, read once (later
//! callers share the same work), and a reply that was still coming when the visitor left the
//! last page, resumed from its first frame.

use super::Widget;
use crate::chat::{Chat, Failure, Message, Status};
use crate::storage;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use porthole_shared::config::LeadMoment;
use porthole_shared::message::{ChatMessage, MessageStatus};

impl Widget {
    /// Restores the conversation once; resumes a pending reply.
    pub fn restored(&self) -> Shared<LocalBoxFuture<'static, ()>> {
        if let Some(work) = self.restoring.get_value() {
            return work;
        }
        let this = *self;
        let work = async move { this.load_history().await }
            .boxed_local()
            .shared();
        self.restoring.set_value(Some(work.clone()));
        work
    }

    /// Forgets the conversation and starts a new one (the visitor's browser id stays).
    pub fn reset(&self) {
        self.stop();
        self.restoring
            .set_value(Some(async {}.boxed_local().shared()));
        self.chat.set(Chat::default());
        self.live.update(|l| l.reset());
        self.lead.set(super::LeadAsk::Hidden);
        self.rating.set(super::RatingAsk::Hidden);
        let store = self.store();
        store.remove(storage::CHAT_ID);
        store.remove(storage::PENDING);
        self.announce.set(String::new());
        self.ask_lead(LeadMoment::BeforeFirstMessage);
        // The loader gives a signed-in visitor's new conversation to them.
        self.emit("reset", wasm_bindgen::JsValue::UNDEFINED);
    }

    async fn load_history(self) {
        let Some(chat_id) = self.store().get(storage::CHAT_ID) else {
            self.ask_lead(LeadMoment::BeforeFirstMessage);
            return;
        };
        let (api, token, _) = self.service();
        let Ok(history) = api.history(&token, &chat_id).await else {
            return;
        };
        let pending = self.store().get(storage::PENDING);
        self.chat.set(chat_from_history(&history));
        if history.is_empty() {
            self.ask_lead(LeadMoment::BeforeFirstMessage);
        }
        self.remember_seen();
        self.poll_soon();
        let Some(turn) = pending else { return };
        match self.chat.with_untracked(|c| c.question_of(&turn)) {
            Some(question) => {
                // Replay the turn from its first frame: the service finished or is finishing it.
                self.chat.update(|c| c.restart(&turn));
                self.resume(turn, question);
            }
            None => self.store().remove(storage::PENDING),
        }
    }
}

/// A message as the service stored it, as the chat shows it.
pub(super) fn shown(m: &ChatMessage) -> Message {
    let status = match m.status {
        MessageStatus::Streaming => Status::Streaming,
        MessageStatus::Cut => Status::Failed(Failure::Service(String::new())),
        MessageStatus::Stopped => Status::Stopped,
        MessageStatus::Complete | MessageStatus::Failed => Status::Done,
    };
    let mut message = Message::new(m.role, m.content.clone(), status);
    message.sources = m.sources.clone();
    message.turn = m.turn_id.clone();
    message.id = Some(m.id.clone());
    message.author = m.author.clone();
    message.image = m.image.clone();
    message.vote = m.vote;
    message
}

/// The chat as stored by the service.
fn chat_from_history(history: &[ChatMessage]) -> Chat {
    let mut chat = Chat::default();
    for m in history {
        chat.push(shown(m));
    }
    chat
}
