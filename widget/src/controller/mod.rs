//! The widget's behaviour behind the components. Components get a [`Widget`] (a `Copy` handle)
//! from context: they read its state through read-only signals and change it only through its
//! actions, which live here — opening and closing, telling the host page — and in [`turns`]
//! (sending, streaming a reply, stopping, retrying), [`restore`] (the conversation after a page
//! load) and [`live`] (a person taking part: polling, "talk to a person", blocks, proactive
//! messages).

mod extras;
mod live;
mod options;
mod restore;
mod turns;

pub use extras::{LeadAsk, RatingAsk};
pub use live::Live;

use crate::api::Api;
use crate::chat::Chat;
use crate::i18n::{Launcher, Strings};
use crate::storage::{self, Store};
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

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
    /// Whether the bot offers "talk to a person".
    pub handoff: bool,
    /// The bot's business hours (none: a person may be asked for at any hour).
    pub hours: Option<porthole_shared::hours::OpenHours>,
    /// Someone who can answer had the dashboard open (and was not away) when the page loaded.
    pub available: bool,
    /// The visitor may have the conversation emailed.
    pub transcripts: bool,
    /// When and how to ask for contact details.
    pub lead: porthole_shared::config::LeadCapture,
    /// Whether visitors may send images.
    pub images: bool,
    /// The loader's counter of widget events (`track(name, metadata)`).
    pub track: Option<js_sys::Function>,
    /// The bot's public id (seed 002's `widgetId`).
    pub bot_id: String,
    /// Seed 004's options for the visitor: theme toggle, speech, share, a number to call.
    pub options: porthole_shared::WebChat,
    /// What the visitor typed into the launcher's composer before the app arrived: the app's
    /// composer starts with it.
    pub draft: String,
}

/// The widget's state and actions; cheap to copy into every component.
#[derive(Clone, Copy)]
pub struct Widget {
    chat: RwSignal<Chat>,
    open: RwSignal<bool>,
    unread: RwSignal<u32>,
    announce: RwSignal<String>,
    focus_launcher: RwSignal<u32>,
    opened_here: RwSignal<bool>,
    live: RwSignal<Live>,
    nudge: RwSignal<Option<String>>,
    lead: RwSignal<LeadAsk>,
    /// The lead form is the "leave a message" of business hours.
    leaving: RwSignal<bool>,
    /// The lead form asks where to email the conversation.
    transcript: RwSignal<bool>,
    rating: RwSignal<RatingAsk>,
    theme: RwSignal<porthole_shared::ThemeMode>,
    shared: RwSignal<Option<String>>,
    /// When the next poll is due (ms; 0: at the next tick).
    poll_at: StoredValue<f64, LocalStorage>,
    /// The `state_key` of the last `operator-messages` answer (for the long poll).
    live_key: StoredValue<String, LocalStorage>,
    settings: StoredValue<Settings, LocalStorage>,
    abort: StoredValue<Option<AbortController>, LocalStorage>,
    restoring: StoredValue<Option<Shared<LocalBoxFuture<'static, ()>>>, LocalStorage>,
    /// Set once the widget is taken off the page: its polling ends.
    stopped: StoredValue<bool, LocalStorage>,
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
        let nudge = if open {
            None
        } else {
            settings.store.get(storage::NUDGE)
        };
        Self {
            chat: RwSignal::new(Chat::default()),
            open: RwSignal::new(open),
            unread: RwSignal::new(unread),
            announce: RwSignal::new(String::new()),
            focus_launcher: RwSignal::new(0),
            opened_here: RwSignal::new(false),
            live: RwSignal::new(Live::default()),
            nudge: RwSignal::new(nudge),
            lead: RwSignal::new(LeadAsk::Hidden),
            leaving: RwSignal::new(false),
            transcript: RwSignal::new(false),
            rating: RwSignal::new(RatingAsk::Hidden),
            theme: RwSignal::new(match settings.store.get(storage::THEME).as_deref() {
                Some("dark") => porthole_shared::ThemeMode::Dark,
                Some("light") => porthole_shared::ThemeMode::Light,
                _ => settings.options.default_theme_mode,
            }),
            shared: RwSignal::new(None),
            poll_at: StoredValue::new_local(0.0),
            live_key: StoredValue::new_local(String::new()),
            settings: StoredValue::new_local(settings),
            abort: StoredValue::new_local(None),
            restoring: StoredValue::new_local(None),
            stopped: StoredValue::new_local(false),
        }
    }

    /// The conversation.
    pub fn chat(&self) -> ReadSignal<Chat> {
        self.chat.read_only()
    }

    /// Whether the panel is open.
    pub fn is_open(&self) -> ReadSignal<bool> {
        self.open.read_only()
    }

    /// Messages that arrived while the panel was closed.
    pub fn unread(&self) -> ReadSignal<u32> {
        self.unread.read_only()
    }

    /// Text for the polite live region.
    pub fn announcement(&self) -> ReadSignal<String> {
        self.announce.read_only()
    }

    /// Bumped when the launcher should take focus back.
    pub fn focus_requests(&self) -> ReadSignal<u32> {
        self.focus_launcher.read_only()
    }

    /// Whether the visitor opened the panel on this page (so it may take focus).
    pub fn opened_here(&self) -> ReadSignal<bool> {
        self.opened_here.read_only()
    }

    /// Who answers, whether the visitor waits for a person or is blocked.
    pub fn live(&self) -> ReadSignal<Live> {
        self.live.read_only()
    }

    /// A proactive message shown beside the closed launcher.
    pub fn nudge(&self) -> ReadSignal<Option<String>> {
        self.nudge.read_only()
    }

    /// The visitor's language tag.
    pub fn lang(&self) -> String {
        self.settings.with_value(|s| s.lang.clone())
    }

    /// The widget's words.
    pub fn strings(&self) -> &'static Strings {
        self.settings.with_value(|s| s.strings)
    }

    /// What the visitor typed before the app arrived, once (a composer drawn again starts empty).
    pub fn take_draft(&self) -> String {
        self.settings
            .try_update_value(|s| std::mem::take(&mut s.draft))
            .unwrap_or_default()
    }

    /// The launcher's words.
    pub fn launcher_words(&self) -> &'static Launcher {
        self.settings.with_value(|s| s.launcher)
    }

    /// Whether the bot offers "talk to a person".
    pub fn offers_handoff(&self) -> bool {
        self.settings.with_value(|s| s.handoff)
    }

    /// Whether a person is available now: someone was online and not away when the page
    /// loaded, and it is within the business hours.
    pub fn person_available(&self) -> bool {
        self.settings.with_value(|s| s.handoff && s.available) && self.away().is_none()
    }

    /// Whether the visitor may send images.
    pub fn accepts_images(&self) -> bool {
        self.settings.with_value(|s| s.images)
    }

    /// What the lead form asks for.
    pub fn lead_settings(&self) -> porthole_shared::config::LeadCapture {
        self.settings.with_value(|s| s.lead.clone())
    }

    fn store(&self) -> Store {
        self.settings.with_value(|s| s.store.clone())
    }

    /// The service, the token and the language.
    fn service(&self) -> (Api, String, String) {
        self.settings
            .with_value(|s| (s.api.clone(), s.token.clone(), s.lang.clone()))
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
        self.nudge.set(None);
        let store = self.store();
        store.set(storage::OPEN, "1");
        store.remove(storage::UNREAD);
        store.remove(storage::NUDGE);
        self.emit("open", JsValue::UNDEFINED);
        self.track("widget_opened", &[]);
        self.poll_soon();
    }

    /// Whether the visitor asked for the panel on this page (it then takes focus).
    pub fn opened_by_visitor(&self, yes: bool) {
        self.opened_here.set(yes);
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
        self.track("widget_closed", &[]);
    }

    /// Opens a closed panel, closes an open one.
    pub fn toggle(&self) {
        if self.open.get_untracked() {
            self.close_panel(true)
        } else {
            self.open_panel()
        }
    }

    /// Something arrived for the visitor: counted as unread while the panel is closed.
    fn arrived(&self, count: u32) {
        if !self.open.get_untracked() && count > 0 {
            self.unread.update(|n| *n += count);
            self.store()
                .set(storage::UNREAD, &self.unread.get_untracked().to_string());
        }
    }

    /// Changes the chat (component tests set up their state with it).
    #[cfg(test)]
    pub fn update_chat<T>(&self, f: impl FnOnce(&mut Chat) -> T) -> T {
        self.chat.try_update(f).expect("the chat is alive")
    }
}

/// `prefix` followed by 32 random hex digits (128 bits from `crypto.getRandomValues`; never a
/// weaker source: without it there is no id, and nothing is stored under a guessable one).
pub fn random_id(prefix: &str) -> Option<String> {
    let window = web_sys::window()?;
    let crypto = js_sys::Reflect::get(&window, &"crypto".into()).ok()?;
    let get = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let array = js_sys::Uint8Array::new_with_length(16);
    get.call1(&crypto, &array).ok()?;
    let mut bytes = [0u8; 16];
    array.copy_to(&mut bytes);
    Some(format!("{prefix}{}", porthole_shared::ids::hex(&bytes)))
}

fn message_detail(role: &str, content: &str) -> JsValue {
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"role".into(), &role.into());
    let _ = js_sys::Reflect::set(&detail, &"content".into(), &content.into());
    detail.into()
}
