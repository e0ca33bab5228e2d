//! What the visitor leaves behind: contact details when the bot asks for them (lead capture:
//! before the first message, after the first reply, or when the bot could not answer), a rating
//! of the conversation with a comment (asked once: when the visitor ends the chat or an
//! operator resolves it), a vote on each reply, images; and the widget events the site owner's
//! statistics count.

use super::Widget;
use crate::api::{self, ContactFields, Session};
use crate::chat::{Failure, Message, Status};
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use porthole_shared::Role;
use porthole_shared::config::LeadMoment;
use porthole_shared::visitor::Vote;
use serde::Serialize;

/// Largest image the widget sends (the service's limit), in bytes.
const IMAGE_MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// Where the lead form stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadAsk {
    /// Not shown.
    Hidden,
    /// Shown; the error of the last try, if any.
    Open(Option<String>),
    /// The details were saved.
    Thanks,
}

/// Where the rating prompt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingAsk {
    /// Not shown.
    Hidden,
    /// Shown; start a new conversation afterwards when `then_reset`.
    Open {
        /// The visitor is ending the chat.
        then_reset: bool,
    },
    /// Rated: thanks.
    Thanks,
}

impl Widget {
    /// The lead form's state.
    pub fn lead(&self) -> ReadSignal<LeadAsk> {
        self.lead.read_only()
    }

    /// The rating prompt's state.
    pub fn rating(&self) -> ReadSignal<RatingAsk> {
        self.rating.read_only()
    }

    /// Whether people are away (outside the bot's business hours): `Some` next opening (ms),
    /// `Some(None)` when none is ahead this week; `None` while a person may be asked for.
    pub fn away(&self) -> Option<Option<i64>> {
        let now = js_sys::Date::now() as i64;
        self.settings.with_value(|s| {
            s.hours
                .as_ref()
                .and_then(|h| porthole_shared::hours::closed_until(&h.windows, now))
        })
    }

    /// When people are back, in the visitor's language and clock ("Mon 9:00 AM").
    pub fn back_text(&self, at: i64) -> String {
        let options = js_sys::Object::new();
        for (k, v) in [
            ("weekday", "short"),
            ("hour", "numeric"),
            ("minute", "2-digit"),
        ] {
            let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
        }
        let lang = self.settings.with_value(|s| s.lang.clone());
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64))
            .to_locale_string(&lang, &options)
            .into()
    }

    /// The visitor reaches for a person: asks for one, or, outside business hours or while
    /// nobody is online, leaves a message too (the contact form, unless they left their details
    /// already: a person's reply reaches them by email; the conversation waits all the same).
    pub fn reach_person(&self) {
        if self.away().is_some() || (!self.person_available() && !self.lead_answered()) {
            self.leaving.set(true);
            self.lead.set(LeadAsk::Open(None));
        }
        self.ask_for_person(true);
    }

    /// Whether the lead form is the "leave a message" of business hours.
    pub fn leaving(&self) -> ReadSignal<bool> {
        self.leaving.read_only()
    }

    /// Whether the composer waits for the required lead form.
    pub fn lead_blocks_composer(&self) -> bool {
        self.settings.with_value(|s| s.lead.required)
            && matches!(self.lead.get_untracked(), LeadAsk::Open(_))
    }

    /// Whether the visitor sent the lead form (or skipped it in this chat).
    fn lead_answered(&self) -> bool {
        match self.store().get(storage::LEAD) {
            Some(v) => v == "sent" || Some(v) == self.store().get(storage::CHAT_ID),
            None => false,
        }
    }

    /// Opens the lead form if the bot asks for details at `moment` and the visitor has not
    /// answered yet (nor skipped it in this chat).
    pub(super) fn ask_lead(&self, moment: LeadMoment) {
        let wanted = self.settings.with_value(|s| s.lead.when) == moment;
        if wanted && !self.lead_answered() && self.lead.get_untracked() == LeadAsk::Hidden {
            self.lead.set(LeadAsk::Open(None));
        }
    }

    /// Sends the lead form's details.
    pub fn send_lead(&self, fields: ContactFields) {
        let this = *self;
        spawn_local(async move {
            let sent = match this.session() {
                Ok((api, session)) => api.send_for("contact", &session, fields).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(()) => {
                    this.store().set(storage::LEAD, "sent");
                    this.lead.set(LeadAsk::Thanks);
                    this.track("lead_captured", &[]);
                }
                Err(Failure::Service(message)) => this.lead.set(LeadAsk::Open(Some(message))),
                Err(_) => this
                    .lead
                    .set(LeadAsk::Open(Some(this.strings().error_network.to_owned()))),
            }
        });
    }

    /// Whether the visitor may have the conversation emailed.
    pub fn offers_transcript(&self) -> bool {
        self.settings.with_value(|s| s.transcripts)
    }

    /// Opens the form that asks where to email the conversation.
    pub fn ask_transcript(&self) {
        self.transcript.set(true);
        self.lead.set(LeadAsk::Open(None));
    }

    /// Whether the lead form asks where to email the conversation.
    pub fn transcript(&self) -> ReadSignal<bool> {
        self.transcript.read_only()
    }

    /// Emails the conversation to the address the visitor gave (kept as their contact too).
    pub fn send_transcript(&self, email: String) {
        let this = *self;
        spawn_local(async move {
            let fields = ContactFields {
                email: Some(email),
                ..ContactFields::default()
            };
            let sent = match this.session() {
                Ok((api, session)) => api.send_for("transcript", &session, fields).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(()) => {
                    this.store().set(storage::LEAD, "sent");
                    this.lead.set(LeadAsk::Thanks);
                }
                Err(Failure::Service(message)) => this.lead.set(LeadAsk::Open(Some(message))),
                Err(_) => this
                    .lead
                    .set(LeadAsk::Open(Some(this.strings().error_network.to_owned()))),
            }
        });
    }

    /// Closes the lead form without details (not offered again in this chat).
    pub fn skip_lead(&self) {
        self.leaving.set(false);
        self.transcript.set(false);
        if let Some(chat) = self.chat_id() {
            self.store().set(storage::LEAD, &chat);
        }
        self.lead.set(LeadAsk::Hidden);
    }

    /// The visitor ends the chat: ask for a rating first (once), then start a new one.
    pub fn end_chat(&self) {
        if self.should_ask_rating() {
            self.rating.set(RatingAsk::Open { then_reset: true });
        } else {
            self.reset();
        }
    }

    /// Asks for a rating (an operator resolved the conversation), once per chat.
    pub(super) fn ask_rating(&self) {
        if self.should_ask_rating() && self.rating.get_untracked() == RatingAsk::Hidden {
            self.rating.set(RatingAsk::Open { then_reset: false });
        }
    }

    fn should_ask_rating(&self) -> bool {
        let chat = self.store().get(storage::CHAT_ID);
        chat.is_some()
            && self.store().get(storage::RATED) != chat
            && self.chat.with_untracked(|c| c.has_reply())
    }

    /// Sends the rating (and the comment, if any).
    pub fn send_rating(&self, score: u8, comment: String) {
        let then_reset = matches!(
            self.rating.get_untracked(),
            RatingAsk::Open { then_reset: true }
        );
        self.close_rating();
        self.rating.set(RatingAsk::Thanks);
        let this = *self;
        spawn_local(async move {
            #[derive(Serialize)]
            struct Score {
                score: u8,
            }
            #[derive(Serialize)]
            struct Comment {
                comment: String,
            }
            if let Ok((api, session)) = this.session() {
                let _ = api.send_for("rate", &session, Score { score }).await;
                let comment = comment.trim().to_owned();
                if !comment.is_empty() {
                    let _ = api
                        .send_for("rate/comment", &session, Comment { comment })
                        .await;
                }
            }
            if then_reset {
                this.reset();
            }
        });
    }

    /// Declines to rate.
    pub fn skip_rating(&self) {
        let then_reset = matches!(
            self.rating.get_untracked(),
            RatingAsk::Open { then_reset: true }
        );
        self.close_rating();
        if then_reset {
            self.reset();
        }
    }

    fn close_rating(&self) {
        if let Some(chat) = self.store().get(storage::CHAT_ID) {
            self.store().set(storage::RATED, &chat);
        }
        self.rating.set(RatingAsk::Hidden);
    }

    /// The visitor votes on the reply `key` (the same vote again takes it back).
    pub fn vote(&self, key: u64, vote: Vote) {
        let Some((id, before)) = self
            .chat
            .with_untracked(|c| c.get(key).and_then(|m| Some((m.id.clone()?, m.vote))))
        else {
            return;
        };
        let next = (before != Some(vote)).then_some(vote);
        self.chat.update(|c| c.edit(key, |m| m.vote = next));
        self.track(
            "feedback_given",
            &[("vote", next.map_or("none", Vote::as_str))],
        );
        let this = *self;
        spawn_local(async move {
            #[derive(Serialize)]
            struct Feedback {
                message_id: String,
                vote: Option<Vote>,
            }
            let feedback = Feedback {
                message_id: id,
                vote: next,
            };
            let sent = match this.session() {
                Ok((api, session)) => api.send_for("feedback", &session, feedback).await,
                Err(e) => Err(e),
            };
            if sent.is_err() {
                this.chat.update(|c| c.edit(key, |m| m.vote = before));
            }
        });
    }

    /// Sends an image the visitor picked: shown at once with its progress, then as sent.
    pub fn send_image(&self, file: web_sys::File) {
        let strings = self.strings();
        let preview = web_sys::Url::create_object_url_with_blob(&file).ok();
        let mut message = Message::new(Role::User, file.name(), Status::Waiting);
        message.image = preview.clone();
        message.progress = Some(0);
        let key = self
            .chat
            .try_update(|c| c.push(message))
            .unwrap_or_default();
        let accepted = ["image/png", "image/jpeg", "image/gif", "image/webp"];
        let refusal = if !accepted.contains(&file.type_().as_str()) {
            Some(strings.image_type)
        } else if file.size() > IMAGE_MAX_BYTES {
            Some(strings.image_size)
        } else {
            None
        };
        if let Some(why) = refusal {
            return self.image_failed(key, why.to_owned());
        }
        let this = *self;
        spawn_local(async move {
            let progress = move |share: f64| {
                this.chat
                    .update(|c| c.edit(key, |m| m.progress = Some((share * 100.0) as u8)));
            };
            let sent = match this.session() {
                Ok((api, session)) => api::upload_image(&api, &session, &file, progress).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(url) => {
                    this.chat.update(|c| {
                        c.edit(key, |m| {
                            m.image = Some(url);
                            m.progress = None;
                            m.status = Status::Done;
                        })
                    });
                    this.track("image_sent", &[]);
                }
                Err(Failure::Blocked) => this.live.update(|l| l.blocked = true),
                Err(Failure::Service(m)) if !m.is_empty() => this.image_failed(key, m),
                Err(_) => this.image_failed(key, strings.error_network.to_owned()),
            }
            if let Some(url) = preview {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        });
    }

    fn image_failed(&self, key: u64, why: String) {
        self.chat.update(|c| {
            c.edit(key, |m| {
                m.progress = None;
                m.status = Status::Failed(Failure::Service(why));
            })
        });
    }

    /// The service and this conversation's session (made if needed).
    fn session(&self) -> Result<(api::Api, Session), Failure> {
        let chat_id = self.chat_id().ok_or(Failure::Network)?;
        let (api, token, _) = self.service();
        let session = Session {
            token,
            chat_id,
            visitor: self.visitor_id(),
        };
        Ok((api, session))
    }

    /// Counts a widget event for the site owner's statistics (through the loader).
    pub fn track(&self, event: &str, metadata: &[(&str, &str)]) {
        let meta = js_sys::Object::new();
        for (k, v) in metadata {
            let _ = js_sys::Reflect::set(&meta, &(*k).into(), &(*v).into());
        }
        self.settings.with_value(|s| {
            if let Some(f) = &s.track {
                let _ = f.call2(&wasm_bindgen::JsValue::NULL, &event.into(), &meta);
            }
        });
    }
}
