//! What the widget remembers across page loads, per bot, in `localStorage`: the chat id, whether
//! the panel was open, unread replies, and the turn in flight (to resume it after navigation).
//! Storage may be unavailable (privacy modes); then the widget simply forgets.

/// The per-bot store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    prefix: String,
}

impl Store {
    /// The store of the bot `token`.
    pub fn new(token: &str) -> Self {
        Self {
            prefix: format!("porthole:{token}:"),
        }
    }

    fn local() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        Self::local()?
            .get_item(&format!("{}{key}", self.prefix))
            .ok()
            .flatten()
    }

    /// Sets `key`.
    pub fn set(&self, key: &str, value: &str) {
        if let Some(s) = Self::local() {
            let _ = s.set_item(&format!("{}{key}", self.prefix), value);
        }
    }

    /// Forgets `key`.
    pub fn remove(&self, key: &str) {
        if let Some(s) = Self::local() {
            let _ = s.remove_item(&format!("{}{key}", self.prefix));
        }
    }
}

/// Key of the chat id.
pub const CHAT_ID: &str = "chat";
/// Key of the open state (`"1"` when open).
pub const OPEN: &str = "open";
/// Key of the unread count.
pub const UNREAD: &str = "unread";
/// Key of the turn in flight (its message id).
pub const PENDING: &str = "pending";
/// Key of the proactive or operator message shown beside the closed launcher.
pub const NUDGE: &str = "nudge";
/// Key of the visitor's browser id (`v_…`).
pub const VISITOR: &str = "visitor";
/// Key of lead capture: `sent` once the visitor left details, else the chat id they skipped.
pub const LEAD: &str = "lead";
/// Key of the chat id the visitor rated (or declined to).
pub const RATED: &str = "rated";
/// Key of the visitor's choice of light or dark.
pub const THEME: &str = "theme";
/// Key of the highest operator message id the visitor has been shown (the loader's poll cursor).
pub const SEEN: &str = "seen";
