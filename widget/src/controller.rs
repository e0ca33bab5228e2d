//! The widget's behaviour behind the components: sending, streaming a reply into the chat,
//! stopping, retrying, resuming a reply after navigation, opening and closing, and telling the
//! host page. Components get a [`Widget`] (a `Copy` handle of signals) from context.

use crate::api::{Api, Started, StreamBody};
use crate::chat::{Chat, Failure, Status};
use crate::i18n::{Launcher, Strings};
use crate::storage::{self, Store};
use crate::stream::{self, Ended};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use porthole_shared::api::ChatMessage;
use porthole_shared::{MessageText, Role, StreamEvent};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

/// Reconnections tried when a stream drops mid-reply.
const RECONNECTS: u32 = 3;

/// What does not change after mount.
pub struct Settings {
    /// The bot's token.
    pub token: String,
    /// The service.
    pub api: Api,
    /// The visitor's language tag.
    pub lang: String,
    /// The panel's words.
    pub strings: &'static Strings,
    /// The launcher's words.
    pub launcher: &'static Launcher,
    /// Per-bot storage.
    pub store: Store,
    /// Event callback of the loader.
    pub emit: Option<js_sys::Function>,
}

/// The widget's state and actions; cheap to copy into every component.
#[derive(Clone, Copy)]
pub struct Widget {
    /// The conversation.
    pub chat: RwSignal<Chat>,
    /// Whether the panel is open.
    pub open: RwSignal<bool>,
    /// Replies that arrived while the panel was closed.
    pub unread: RwSignal<u32>,
    /// Text for the polite live region.
    pub announce: RwSignal<String>,
    /// Bumped to ask the launcher to take focus back.
    pub focus_launcher: RwSignal<u32>,
    /// Whether the visitor opened the panel on this page (so it may take focus).
    pub opened_here: RwSignal<bool>,
    settings: StoredValue<Settings, LocalStorage>,
    abort: StoredValue<Option<AbortController>, LocalStorage>,
    restoring: StoredValue<Option<Shared<LocalBoxFuture<'static, ()>>>, LocalStorage>,
}

impl Widget {
    /// A widget for `settings`, with the open state and unread count it had on the last page.
    pub fn new(settings: Settings) -> Self {
        let open = settings.store.get(storage::OPEN).as_deref() == Some("1");
        let unread = settings
            .store
            .get(storage::UNREAD)
            .and_then(|u| u.parse().ok())
            .unwrap_or(0);
        Self {
            chat: RwSignal::new(Chat::default()),
            open: RwSignal::new(open),
            unread: RwSignal::new(unread),
            announce: RwSignal::new(String::new()),
            focus_launcher: RwSignal::new(0),
            opened_here: RwSignal::new(false),
            settings: StoredValue::new_local(settings),
            abort: StoredValue::new_local(None),
            restoring: StoredValue::new_local(None),
        }
    }

    /// The widget's words.
    pub fn strings(&self) -> &'static Strings {
        self.settings.with_value(|s| s.strings)
    }

    /// The launcher's words.
    pub fn launcher_words(&self) -> &'static Launcher {
        self.settings.with_value(|s| s.launcher)
    }

    fn store(&self) -> Store {
        self.settings.with_value(|s| s.store.clone())
    }

    /// Tells the host page (`Porthole.on(name, …)` and a `porthole:{name}` window event).
    fn emit(&self, name: &str, detail: JsValue) {
        self.settings.with_value(|s| {
            if let Some(f) = &s.emit {
                let _ = f.call2(&JsValue::NULL, &JsValue::from_str(name), &detail);
            }
        });
    }

    /// Opens the panel.
    pub fn open_panel(&self) {
        if self.open.get_untracked() {
            return;
        }
        self.open.set(true);
        self.opened_here.set(true);
        self.unread.set(0);
        self.store().set(storage::OPEN, "1");
        self.store().remove(storage::UNREAD);
        self.emit("open", JsValue::UNDEFINED);
    }

    /// Closes the panel (and gives focus back to the launcher when `refocus`).
    pub fn close_panel(&self, refocus: bool) {
        if !self.open.get_untracked() {
            return;
        }
        self.open.set(false);
        self.store().set(storage::OPEN, "0");
        if refocus {
            self.focus_launcher.update(|n| *n += 1);
        }
        self.emit("close", JsValue::UNDEFINED);
    }

    /// Opens a closed panel, closes an open one.
    pub fn toggle(&self) {
        if self.open.get_untracked() {
            self.close_panel(true)
        } else {
            self.open_panel()
        }
    }

    /// Sends `text` as the visitor (once the conversation is restored), unless it is empty or
    /// too long or a reply is still coming.
    pub fn send(&self, text: &str) -> bool {
        let Ok(text) = MessageText::parse(text) else {
            return false;
        };
        if self.chat.with_untracked(|c| c.pending_turn().is_some()) {
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
        let turn = random_id("m_");
        self.chat.update(|c| c.send(text.as_str(), &turn));
        self.store().set(storage::PENDING, &turn);
        self.emit("message", message_detail("user", text.as_str()));
        self.run(turn, text.as_str().to_owned());
    }

    /// Stops the reply in progress; what arrived stays.
    pub fn stop(&self) {
        if let Some(turn) = self.chat.with_untracked(Chat::pending_turn) {
            self.abort.update_value(|a| {
                if let Some(a) = a.take() {
                    a.abort();
                }
            });
            self.chat.update(|c| c.stop(&turn));
            self.store().remove(storage::PENDING);
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
            turn.to_owned()
        } else {
            random_id("m_")
        };
        self.chat.update(|c| {
            c.retarget(turn, &next);
            c.restart(&next);
        });
        self.store().set(storage::PENDING, &next);
        self.run(next, question);
    }

    /// Forgets the conversation and starts a new one.
    pub fn reset(&self) {
        self.stop();
        self.restoring
            .set_value(Some(async {}.boxed_local().shared()));
        self.chat.set(Chat::default());
        let store = self.store();
        store.remove(storage::CHAT_ID);
        store.remove(storage::PENDING);
        self.announce.set(String::new());
    }

    /// Restores the conversation of this page's chat id once (later calls share the same
    /// work), and resumes a reply that was still coming when the visitor left the last page.
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

    async fn load_history(self) {
        let Some(chat_id) = self.store().get(storage::CHAT_ID) else {
            return;
        };
        let (api, token) = self
            .settings
            .with_value(|s| (s.api.clone(), s.token.clone()));
        let Ok(history) = api.history(&token, &chat_id).await else {
            return;
        };
        let pending = self.store().get(storage::PENDING);
        self.chat.set(chat_from_history(&history));
        let Some(turn) = pending else { return };
        match self.chat.with_untracked(|c| c.question_of(&turn)) {
            Some(question) => {
                // Replay the turn from its first frame: the service finished or is finishing it.
                self.chat.update(|c| c.restart(&turn));
                self.run(turn, question);
            }
            None => self.store().remove(storage::PENDING),
        }
    }

    fn chat_id(&self) -> String {
        let store = self.store();
        store.get(storage::CHAT_ID).unwrap_or_else(|| {
            let id = random_id("web_");
            store.set(storage::CHAT_ID, &id);
            id
        })
    }

    /// Streams the reply of `turn` into the chat, reconnecting with `Last-Event-ID` if the
    /// connection drops.
    fn run(&self, turn: String, question: String) {
        let this = *self;
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        self.abort.set_value(controller);
        let chat_id = self.chat_id();
        spawn_local(async move {
            let Some(signal) = signal else { return };
            let (api, token, lang) = this
                .settings
                .with_value(|s| (s.api.clone(), s.token.clone(), s.lang.clone()));
            let body = StreamBody {
                site_key: &token,
                session_id: &chat_id,
                message: &question,
                lang: &lang,
                message_id: &turn,
            };
            let mut last_id: Option<String> = None;
            for attempt in 0..=RECONNECTS {
                if signal.aborted() {
                    return;
                }
                let events = match api.stream(&body, last_id.as_deref(), &signal).await {
                    Ok(Started::Events(events)) => events,
                    Ok(Started::Paused) => return this.finish_failed(&turn, Failure::Paused),
                    Err(Failure::Network) if attempt < RECONNECTS && last_id.is_some() => continue,
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
            StreamEvent::Done { .. } => {
                self.chat.update(|c| c.done(turn));
                self.store().remove(storage::PENDING);
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
                if !self.open.get_untracked() {
                    self.unread.update(|n| *n += 1);
                    self.store()
                        .set(storage::UNREAD, &self.unread.get_untracked().to_string());
                }
            }
            StreamEvent::Error { message, .. } => {
                self.finish_failed(turn, Failure::Service(message))
            }
        }
    }

    fn finish_failed(&self, turn: &str, failure: Failure) {
        self.chat.update(|c| c.fail(turn, failure));
        self.store().remove(storage::PENDING);
    }
}

/// The chat as stored by the service.
fn chat_from_history(history: &[ChatMessage]) -> Chat {
    let mut chat = Chat::default();
    for m in history {
        let status = match m.status.as_str() {
            "streaming" => Status::Streaming,
            "cut" => Status::Failed(Failure::Service(String::new())),
            _ => Status::Done,
        };
        chat.push(
            m.role,
            m.content.clone(),
            m.sources.clone(),
            status,
            m.turn_id.clone(),
        );
    }
    chat
}

fn message_detail(role: &str, content: &str) -> JsValue {
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"role".into(), &role.into());
    let _ = js_sys::Reflect::set(&detail, &"content".into(), &content.into());
    detail.into()
}

/// `prefix` followed by 32 random hex digits (from `crypto.getRandomValues`).
pub fn random_id(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) =
        web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"crypto".into()).ok())
    {
        let array = js_sys::Uint8Array::new_with_length(16);
        if let Ok(f) = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = f.call1(&crypto, &array);
            array.copy_to(&mut bytes);
        }
    }
    if bytes == [0u8; 16] {
        // No crypto (very old browser): time and Math.random are enough for a chat id.
        let seed = (js_sys::Date::now() as u128) ^ ((js_sys::Math::random() * 1e15) as u128) << 40;
        bytes = seed.to_le_bytes();
    }
    format!("{prefix}{}", porthole_shared::ids::hex(&bytes))
}
