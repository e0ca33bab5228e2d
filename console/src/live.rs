//! The tenant WebSocket (`/api/ws/tenant`): one connection for the whole console while someone
//! is signed in. It authenticates with the session's credential, resumes from the last event
//! seen after a drop (or tells the views to reload when the service no longer has what was
//! missed), reconnects with growing waits, and hands every event to the views that listen.
//! It also keeps the set of conversations waiting for a person, for the navigation's badge and
//! the alert when a visitor asks for one.

use crate::api;
use crate::notify;
use crate::session;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use porthole_shared::events::{CLOSE_UNAUTHORIZED, Envelope, Event};
use porthole_shared::inbox::{ConversationList, ConversationSummary};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// What the views hear.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Something happened.
    Event(Box<Event>),
    /// Events were missed for good: reload what is shown.
    Resync,
}

type Listener = Rc<dyn Fn(&LiveEvent)>;

/// A socket and the callbacks it holds (dropped with it).
struct Connection {
    socket: WebSocket,
    _callbacks: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Connection {
    /// Detaches the callbacks before they are freed (a closing socket still fires events) and
    /// closes the socket.
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

/// The live connection, shared through the context.
#[derive(Clone, Copy)]
pub struct Live {
    /// Whether the socket is open and authenticated.
    pub connected: RwSignal<bool>,
    /// Conversations waiting for a person (`bot/id`).
    pub waiting: RwSignal<BTreeSet<String>>,
    /// Bot names by token (for alerts).
    pub bot_names: RwSignal<HashMap<String, String>>,
    listeners: StoredValue<Vec<(u32, Listener)>, LocalStorage>,
    next_listener: StoredValue<u32>,
    seq: StoredValue<u64>,
    connection: StoredValue<Option<Connection>, LocalStorage>,
    /// Bumped to retire a connection loop (signing out).
    generation: StoredValue<u32>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

impl Live {
    /// A connection not yet started.
    pub fn new() -> Self {
        Self {
            connected: RwSignal::new(false),
            waiting: RwSignal::new(BTreeSet::new()),
            bot_names: RwSignal::new(HashMap::new()),
            listeners: StoredValue::new_local(Vec::new()),
            next_listener: StoredValue::new(0),
            seq: StoredValue::new(0),
            connection: StoredValue::new_local(None),
            generation: StoredValue::new(0),
        }
    }

    /// Calls `f` with every event until the current reactive owner is cleaned up (the view
    /// that listens goes away).
    pub fn listen(&self, f: impl Fn(&LiveEvent) + 'static) {
        let id = self.next_listener.get_value();
        self.next_listener.set_value(id + 1);
        self.listeners.update_value(|l| l.push((id, Rc::new(f))));
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }

    /// Connects, and reconnects after every drop, while the session lasts.
    pub fn start(&self) {
        let this = *self;
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        leptos::task::spawn_local(async move {
            let mut wait = 1_000;
            while this.generation.get_value() == generation && session::credential().is_some() {
                let opened = this.connect();
                // Wait for this socket to close, then try again a little later each time.
                while this.generation.get_value() == generation && this.is_open() {
                    TimeoutFuture::new(1_000).await;
                    if this.connected.get_untracked() {
                        wait = 1_000;
                    }
                }
                if !opened {
                    break;
                }
                TimeoutFuture::new(wait).await;
                wait = (wait * 2).min(30_000);
            }
        });
        leptos::task::spawn_local(async move {
            // A message now and then keeps idle connections from being cut by proxies.
            while this.generation.get_value() == generation {
                TimeoutFuture::new(25_000).await;
                this.send(r#"{"type":"ping"}"#);
            }
        });
    }

    /// Closes the connection for good (signing out).
    pub fn stop(&self) {
        self.generation.set_value(self.generation.get_value() + 1);
        self.connection.set_value(None);
        self.connected.set(false);
        self.seq.set_value(0);
    }

    fn is_open(&self) -> bool {
        self.connection.with_value(|c| {
            c.as_ref().is_some_and(|c| {
                matches!(
                    c.socket.ready_state(),
                    WebSocket::CONNECTING | WebSocket::OPEN
                )
            })
        })
    }

    fn send(&self, text: &str) {
        self.connection.with_value(|c| {
            if let Some(c) = c
                && c.socket.ready_state() == WebSocket::OPEN
            {
                let _ = c.socket.send_with_str(text);
            }
        });
    }

    /// Opens a socket; false when none can be made.
    fn connect(&self) -> bool {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return false;
        };
        let scheme = if location.protocol().ok().as_deref() == Some("https:") {
            "wss"
        } else {
            "ws"
        };
        let host = location.host().unwrap_or_default();
        let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}/api/ws/tenant")) else {
            return false;
        };
        let this = *self;
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let since = this.seq.get_value();
            let auth = serde_json::json!({
                "type": "auth",
                "token": session::credential().unwrap_or_default(),
                "since": (since > 0).then_some(since),
            });
            this.send(&auth.to_string());
        });
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(text) = e
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            {
                this.receive(&text);
            }
        });
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            this.connected.set(false);
            if e.dyn_ref::<CloseEvent>().map(|c| c.code()) == Some(CLOSE_UNAUTHORIZED) {
                session::ended();
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.connection.set_value(Some(Connection {
            socket,
            _callbacks: vec![on_open, on_message, on_close],
        }));
        true
    }

    fn receive(&self, text: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return;
        };
        match value["type"].as_str() {
            Some("auth:ok") => {
                if self.seq.get_value() == 0 {
                    self.seq
                        .set_value(value["data"]["seq"].as_u64().unwrap_or(0));
                }
                self.connected.set(true);
                self.reload_waiting();
            }
            Some("resync") => {
                self.seq
                    .set_value(value["data"]["seq"].as_u64().unwrap_or(0));
                self.reload_waiting();
                self.dispatch(&LiveEvent::Resync);
            }
            Some("pong") | None => {}
            Some(_) => {
                let Ok(envelope) = serde_json::from_value::<Envelope>(value) else {
                    return;
                };
                if envelope.seq <= self.seq.get_value() {
                    return;
                }
                self.seq.set_value(envelope.seq);
                self.note_waiting(&envelope.event);
                self.dispatch(&LiveEvent::Event(Box::new(envelope.event)));
            }
        }
    }

    fn dispatch(&self, event: &LiveEvent) {
        // Listeners may add or remove listeners: call a copy of the list.
        let listeners: Vec<Listener> = self
            .listeners
            .with_value(|l| l.iter().map(|(_, f)| f.clone()).collect());
        for f in listeners {
            f(event);
        }
    }

    /// Keeps the waiting set, and alerts when a visitor starts waiting.
    fn note_waiting(&self, event: &Event) {
        let summary: &ConversationSummary = match event {
            Event::ConversationNew(c) | Event::ConversationQualified(c) => c,
            Event::ConversationUpdated(c) => &c.conversation,
            Event::MessageNew(m) => &m.conversation,
            Event::CampaignProgress(_) => return,
        };
        let key = format!("{}/{}", summary.bot, summary.id);
        let was = self.waiting.with_untracked(|w| w.contains(&key));
        if summary.waiting && !was {
            self.waiting.update(|w| {
                w.insert(key);
            });
            let bot = self
                .bot_names
                .with_untracked(|n| n.get(&summary.bot).cloned())
                .unwrap_or_else(|| "A bot".into());
            notify::alert(
                &format!("{bot}: a visitor asks for a person"),
                &summary.last_message,
            );
        } else if !summary.waiting && was {
            self.waiting.update(|w| {
                w.remove(&key);
            });
        }
    }

    fn reload_waiting(&self) {
        let waiting = self.waiting;
        leptos::task::spawn_local(async move {
            if let Ok(list) =
                api::get::<ConversationList>("/api/admin/conversations?waiting=true&limit=200")
                    .await
            {
                waiting.set(
                    list.conversations
                        .iter()
                        .map(|c| format!("{}/{}", c.bot, c.id))
                        .collect(),
                );
            }
        });
    }
}
