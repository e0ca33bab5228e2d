//! A person taking part in the conversation, as the widget sees it: who answers (the AI or an
//! operator), whether the visitor waits for a person, whether they are blocked. The widget
//! learns it from the stream's `done` frames and by polling `operator-messages` — a long poll
//! that the service answers as soon as something changes while a person is engaged (or the
//! visitor is blocked) and the panel is open, every few seconds to more rarely as the
//! conversation goes quiet or the panel is closed, never while the tab is hidden — and shows
//! operator and proactive messages as they arrive (beside the closed launcher, with the unread
//! badge).

use super::Widget;
use super::restore::shown;
use crate::chat::Failure;
use crate::storage;
use gloo_timers::future::TimeoutFuture;
use js_sys::Date;
use leptos::prelude::*;
use leptos::task::spawn_local;
use porthole_shared::Role;
use porthole_shared::message::ChatMessage;
use porthole_shared::message::{Author, Mode};

/// How often to look at the clock while waiting for the next poll (ms).
const TICK_MS: u32 = 1_000;

/// Who answers, and what the visitor may do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Live {
    /// The AI or a person.
    pub mode: Mode,
    /// The visitor asked for a person and waits.
    pub waiting: bool,
    /// The visitor may not send messages.
    pub blocked: bool,
    /// The person answering, while one does.
    pub operator: Option<Author>,
    /// When the visitor or a person last wrote (ms, the page's clock).
    pub active_at: f64,
}

impl Live {
    /// The visitor wrote.
    pub fn visitor_wrote(&mut self) {
        self.active_at = Date::now();
    }

    /// The stream said a person answers (or the visitor waits for one).
    pub fn person_answers(&mut self, mode: Option<Mode>, waiting: bool) {
        if let Some(mode) = mode {
            self.mode = mode;
        }
        self.waiting = waiting;
        self.active_at = Date::now();
    }

    /// A new conversation: the AI answers (a block, which is the visitor's, stays).
    pub fn reset(&mut self) {
        *self = Live {
            blocked: self.blocked,
            ..Live::default()
        };
    }

    /// Whether a person is engaged (answering, or awaited).
    pub fn engaged(&self) -> bool {
        self.mode == Mode::Operator || self.waiting
    }

    /// Whether a poll waits at the service for the next change: while a person is engaged (or
    /// the visitor is blocked, until it is lifted) and the panel is `open`.
    pub fn waits_at_service(&self, open: bool) -> bool {
        open && (self.engaged() || self.blocked)
    }
}

/// Milliseconds until the next poll, or `None` when there is nothing to poll for (no
/// conversation yet). `quiet_ms` is how long nobody has written.
pub fn interval(live: &Live, open: bool, conversation: bool, quiet_ms: f64) -> Option<u32> {
    if !conversation {
        return None;
    }
    Some(match (open, live.engaged()) {
        _ if live.waits_at_service(open) => 2_500,
        _ if live.blocked => 60_000,
        (true, false) if quiet_ms < 120_000.0 => 3_000,
        (true, false) if quiet_ms < 600_000.0 => 10_000,
        (false, true) => 15_000,
        _ => 30_000,
    })
}

impl Widget {
    /// Starts the poller (once, when the app mounts).
    pub fn start_live(&self) {
        let this = *self;
        spawn_local(async move {
            this.restored().await;
            let mut again = false;
            loop {
                // After a long poll the next one starts at once: no change falls in a gap.
                if !again {
                    TimeoutFuture::new(TICK_MS).await;
                }
                if this.stopped.get_value() {
                    break;
                }
                again = this.due() && !hidden() && this.poll().await;
            }
        });
    }

    /// Ends the widget's work: polling stops and a reply being read is let go (before the
    /// widget is taken off the page).
    pub fn retire(&self) {
        self.stopped.set_value(true);
        self.abort.with_value(|a| {
            if let Some(a) = a {
                a.abort();
            }
        });
    }

    /// Polls at the next tick.
    pub(super) fn poll_soon(&self) {
        self.poll_at.set_value(0.0);
    }

    /// Whether a poll is due now (and schedules the one after).
    fn due(&self) -> bool {
        let live = self.live.get_untracked();
        let conversation = self.chat.with_untracked(|c| !c.is_empty()) || live.waiting;
        let open = self.open.get_untracked();
        let Some(every) = interval(&live, open, conversation, Date::now() - live.active_at) else {
            return false;
        };
        let at = self.poll_at.get_value();
        let next = if at == 0.0 { Date::now() } else { at };
        if Date::now() + 1.0 < next {
            return false;
        }
        self.poll_at.set_value(Date::now() + f64::from(every));
        true
    }

    /// Whether this poll waits at the service ([`Live::waits_at_service`]).
    fn waits_at_service(&self) -> bool {
        let open = self.open.get_untracked();
        self.live.with_untracked(|live| live.waits_at_service(open))
    }

    /// Reads new operator messages, who answers, whether the visitor is blocked, and (while the
    /// panel is closed, or now and then) proactive messages. True when the next poll is due at
    /// once: after a long poll that brought something new, or when polls start to wait at the
    /// service.
    async fn poll(&self) -> bool {
        let Some(chat_id) = self.store().get(storage::CHAT_ID) else {
            return false;
        };
        let (api, token, _) = self.service();
        let visitor = self.visitor_id();
        let after = self.chat.with_untracked(|c| c.operator_cursor());
        // While a person is engaged and the panel is open, the poll waits at the service for
        // the next change: their messages show as they are sent.
        let long = self.waits_at_service();
        let known = self.live_key.get_value();
        let known = (long && !known.is_empty()).then_some(known.as_str());
        let mut answered = false;
        if let Ok(state) = api
            .operator_messages(&token, &chat_id, after, visitor.as_deref(), known)
            .await
        {
            let key = state.state_key();
            let changed = known.is_some_and(|k| k != key);
            self.live_key.set_value(key);
            self.live.update(|l| {
                if l.mode != state.mode || l.waiting != state.waiting {
                    l.active_at = Date::now();
                }
                l.mode = state.mode;
                l.waiting = state.waiting;
                l.blocked = state.blocked;
                l.operator = state.operator.clone();
            });
            if state.resolved {
                self.ask_rating();
            }
            self.show_arrivals(state.messages);
            if known.is_some() {
                self.poll_soon();
                // Something came (not the wait running out): poll again at once. Only when the
                // cursor moved or the state changed, so no loop spins on a quick answer.
                let moved = self.chat.with_untracked(|c| c.operator_cursor()) > after;
                answered = moved || changed;
            } else if self.waits_at_service() {
                // A person has just engaged (or this was the first poll): the next poll waits
                // at the service from now on, so it starts at once rather than after the
                // interval, and their first message shows as it is sent.
                self.poll_soon();
                answered = true;
            }
        }
        if let Ok(proactive) = api.pending_proactive(&token, &chat_id).await {
            self.show_arrivals(proactive);
        }
        answered
    }

    /// Adds messages from a person to the chat; tells the visitor of the new ones.
    fn show_arrivals(&self, messages: Vec<ChatMessage>) {
        let mut last = None;
        let mut count = 0;
        for m in &messages {
            if self
                .chat
                .try_update(|c| c.receive(shown(m)))
                .unwrap_or(false)
            {
                count += 1;
                last = Some(m.content.clone());
            }
        }
        let Some(text) = last else { return };
        self.remember_seen();
        self.live.update(|l| l.active_at = Date::now());
        self.announce.set(text.clone());
        self.emit(
            "message",
            super::message_detail(Role::Operator.as_str(), &text),
        );
        if !self.open.get_untracked() {
            self.store().set(storage::NUDGE, &text);
            self.nudge.set(Some(text));
        }
        self.arrived(count);
    }

    /// Notes the newest operator message shown, so the loader on the next page does not
    /// announce it again.
    pub(super) fn remember_seen(&self) {
        let cursor = self.chat.with_untracked(|c| c.operator_cursor());
        if cursor > 0 {
            self.store().set(storage::SEEN, &cursor.to_string());
        }
    }

    /// The visitor asks for a person (or, with `waiting: false`, no longer waits).
    pub fn ask_for_person(&self, waiting: bool) {
        let Some(chat_id) = self.chat_id() else {
            return;
        };
        let visitor = self.visitor_id();
        let this = *self;
        spawn_local(async move {
            let (api, token, _) = this.service();
            match api
                .handoff(&token, &chat_id, visitor.as_deref(), !waiting)
                .await
            {
                Ok(state) => this
                    .live
                    .update(|l| l.person_answers(Some(state.mode), state.waiting)),
                Err(Failure::Blocked) => this.live.update(|l| l.blocked = true),
                Err(_) => {}
            }
            this.poll_soon();
        });
    }

    /// Hides the proactive message beside the launcher.
    pub fn dismiss_nudge(&self) {
        self.nudge.set(None);
        self.store().remove(storage::NUDGE);
    }

    /// The visitor's browser id (made once per bot; a new chat keeps it).
    pub(super) fn visitor_id(&self) -> Option<String> {
        let store = self.store();
        store.get(storage::VISITOR).or_else(|| {
            let id = super::random_id("v_")?;
            store.set(storage::VISITOR, &id);
            Some(id)
        })
    }
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(mode: Mode, waiting: bool) -> Live {
        Live {
            mode,
            waiting,
            ..Live::default()
        }
    }

    #[test]
    fn nothing_is_polled_before_there_is_a_conversation() {
        assert_eq!(interval(&Live::default(), true, false, 0.0), None);
    }

    #[test]
    fn polls_are_frequent_while_a_person_is_engaged_and_the_panel_open() {
        assert_eq!(
            interval(&live(Mode::Operator, false), true, true, 1e9),
            Some(2_500)
        );
        assert_eq!(
            interval(&live(Mode::Ai, true), true, true, 1e9),
            Some(2_500)
        );
    }

    #[test]
    fn a_blocked_visitors_open_panel_waits_for_the_block_to_be_lifted() {
        let blocked = Live {
            blocked: true,
            ..Live::default()
        };
        assert_eq!(interval(&blocked, true, true, 1e9), Some(2_500));
        assert_eq!(interval(&blocked, false, true, 0.0), Some(60_000));
    }

    #[test]
    fn polls_thin_out_as_the_conversation_goes_quiet_or_the_panel_closes() {
        let ai = live(Mode::Ai, false);
        assert_eq!(interval(&ai, true, true, 1_000.0), Some(3_000));
        assert_eq!(interval(&ai, true, true, 300_000.0), Some(10_000));
        assert_eq!(interval(&ai, true, true, 3_600_000.0), Some(30_000));
        assert_eq!(interval(&ai, false, true, 0.0), Some(30_000));
        assert_eq!(
            interval(&live(Mode::Operator, false), false, true, 0.0),
            Some(15_000)
        );
    }
}
