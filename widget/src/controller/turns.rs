//! A visitor's message and its reply: sending (once the conversation is restored), streaming
//! the reply into the chat and reconnecting with `Last-Event-ID` when the connection drops
//! (or sending it again, under the same id, after a network failure or a 502–504), stopping it (on the server too), and retrying a failed one. When a person answers, the
//! stream says so and no reply is awaited.

use super::{Widget, message_detail, random_id};
use crate::api::{Started, StreamBody};
use crate::chat::{Failure, Status};
use crate::storage;
use crate::stream::{self, Ended};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use porthole_shared::config::LeadMoment;
use porthole_shared::stream::DoneMeta;
use porthole_shared::{MessageText, Role, StreamEvent};
use web_sys::AbortController;

/// Reconnections tried when a stream drops mid-reply.
const RECONNECTS: u32 = 3;

impl Widget {
    /// Sends `text` as the visitor (once the conversation is restored), unless it is empty or
    /// too long, a reply is still coming, or the visitor is blocked.
    pub fn send(&self, text: &str) -> bool {
        let Ok(text) = MessageText::parse(text) else {
            return false;
        };
        if self.chat.with_untracked(|c| c.pending_turn().is_some())
            || self.live.with_untracked(|l| l.blocked)
        {
            return false;
        }
        let this = *self;
        let restored = self.restored();
        spawn_local(async move {
            restored.await;
            this.send_now(text);
        });
        true
    }

    fn send_now(&self, text: MessageText) {
        if self.chat.with_untracked(|c| c.pending_turn().is_some()) {
            return;
        }
        let Some(turn) = random_id("m_") else { return };
        self.chat.update(|c| c.send(text.as_str(), &turn));
        self.store().set(storage::PENDING, &turn);
        self.emit("message", message_detail("user", text.as_str()));
        self.track("message_sent", &[]);
        self.live.update(|l| l.visitor_wrote());
        self.run(turn, text.as_str().to_owned());
    }

    /// Stops the reply in progress, here and on the server; what arrived stays.
    pub fn stop(&self) {
        let Some(turn) = self.chat.with_untracked(|c| c.pending_turn()) else {
            return;
        };
        self.abort.update_value(|a| {
            if let Some(a) = a.take() {
                a.abort();
            }
        });
        self.chat.update(|c| c.stop(&turn));
        self.store().remove(storage::PENDING);
        let (api, token, _) = self.service();
        if let Some(chat_id) = self.store().get(storage::CHAT_ID) {
            spawn_local(async move { api.stop(&token, &chat_id, &turn).await });
        }
    }

    /// Sends a failed turn again. After a network failure the same turn id is reused (the
    /// service may have it already, and will then replay it rather than answer twice).
    pub fn retry(&self, turn: &str) {
        let Some(question) = self.chat.with_untracked(|c| c.question_of(turn)) else {
            return;
        };
        let network = self.chat.with_untracked(|c| {
            c.messages().iter().any(|m| {
                m.turn.as_deref() == Some(turn) && m.status == Status::Failed(Failure::Network)
            })
        });
        let next = if network {
            Some(turn.to_owned())
        } else {
            random_id("m_")
        };
        let Some(next) = next else { return };
        self.chat.update(|c| {
            c.retarget(turn, &next);
            c.restart(&next);
        });
        self.store().set(storage::PENDING, &next);
        self.run(next, question);
    }

    /// The chat id of this conversation, made on first use.
    pub(super) fn chat_id(&self) -> Option<String> {
        let store = self.store();
        store.get(storage::CHAT_ID).or_else(|| {
            let id = random_id("web_")?;
            store.set(storage::CHAT_ID, &id);
            Some(id)
        })
    }

    /// Streams the reply of `turn` into the chat, reconnecting with `Last-Event-ID` if the
    /// connection drops.
    pub(super) fn run(&self, turn: String, question: String) {
        self.stream_turn(turn, question, None);
    }

    /// Replays the reply of a turn sent on an earlier page from its first frame (`Last-Event-ID:
    /// 0`: a reconnect, which the service does not count as a new message).
    pub(super) fn resume(&self, turn: String, question: String) {
        self.stream_turn(turn, question, Some("0".to_owned()));
    }

    fn stream_turn(&self, turn: String, question: String, resume_after: Option<String>) {
        let this = *self;
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        self.abort.set_value(controller);
        let (Some(chat_id), Some(signal)) = (self.chat_id(), signal) else {
            return self.finish_failed(&turn, Failure::Network);
        };
        let visitor = self.visitor_id();
        spawn_local(async move {
            let (api, token, lang) = this.service();
            let body = StreamBody {
                site_key: &token,
                session_id: &chat_id,
                message: &question,
                lang: &lang,
                message_id: &turn,
                visitor_id: visitor.as_deref(),
            };
            let mut last_id = resume_after;
            for attempt in 0..=RECONNECTS {
                if attempt > 0 {
                    // Back off between reconnects: 0.5 s, 1 s, 2 s, with some jitter.
                    let jitter = (js_sys::Math::random() * 250.0) as u32;
                    TimeoutFuture::new((500 << (attempt - 1).min(4)) + jitter).await;
                }
                if signal.aborted() {
                    return;
                }
                let events = match api.stream(&body, last_id.as_deref(), &signal).await {
                    Ok(Started::Events(events)) => events,
                    Ok(Started::Paused) => return this.finish_failed(&turn, Failure::Paused),
                    // The message id makes sending again safe: the service runs one turn
                    // for it, and joins or replays that turn on a repeat.
                    Err(Failure::Network) if attempt < RECONNECTS => continue,
                    Err(failure) => return this.finish_failed(&turn, failure),
                };
                let ended = stream::read(events, |id, event| {
                    if let Some(id) = id {
                        last_id = Some(id.to_owned());
                    }
                    this.apply(&turn, event);
                })
                .await;
                match ended {
                    Ended::Finished => return,
                    Ended::Dropped(_) if signal.aborted() => return,
                    Ended::Dropped(_) => continue,
                }
            }
            this.finish_failed(&turn, Failure::Network);
        });
    }

    fn apply(&self, turn: &str, event: StreamEvent) {
        match event {
            StreamEvent::Chunk { content } => self.chat.update(|c| c.chunk(turn, &content)),
            StreamEvent::Sources { sources } => self.chat.update(|c| c.sources(turn, sources)),
            StreamEvent::Done { meta } => self.done(turn, meta),
            StreamEvent::Error { message, .. } => {
                self.finish_failed(turn, Failure::Service(message))
            }
        }
    }

    /// The turn ended: a complete (or stopped) reply, or none because a person answers.
    fn done(&self, turn: &str, meta: DoneMeta) {
        self.store().remove(storage::PENDING);
        if meta.mode.is_some() || meta.waiting {
            self.chat.update(|c| c.no_reply(turn));
            self.live
                .update(|l| l.person_answers(meta.mode, meta.waiting));
            self.poll_soon();
            return;
        }
        self.chat.update(|c| {
            if meta.stopped {
                c.stop(turn);
            }
            c.done(turn);
            c.identify_reply(turn, meta.reply_id.clone(), meta.fallback);
        });
        let text = self.chat.with_untracked(|c| {
            c.messages()
                .iter()
                .rev()
                .find(|m| m.turn.as_deref() == Some(turn) && m.role == Role::Assistant)
                .map(|m| m.text.clone())
        });
        if let Some(text) = text {
            self.announce.set(text.clone());
            self.emit("message", message_detail("assistant", &text));
        }
        self.arrived(1);
        if !meta.stopped {
            self.ask_lead(LeadMoment::AfterFirstReply);
        }
        if meta.fallback {
            self.ask_lead(LeadMoment::WhenUnanswered);
        }
    }

    fn finish_failed(&self, turn: &str, failure: Failure) {
        self.store().remove(storage::PENDING);
        if failure == Failure::Blocked {
            // No reply will come, and the notice in place of the composer says why.
            self.chat.update(|c| c.no_reply(turn));
            self.live.update(|l| l.blocked = true);
            return;
        }
        self.chat.update(|c| c.fail(turn, failure));
    }
}
