//! Seed 004's options for the visitor: a light/dark toggle (remembered per bot), a link to share
//! the conversation read-only, and a phone call (seed 002's voice: the request is recorded in
//! the conversation before the phone app opens).

use super::Widget;
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use porthole_shared::{ThemeMode, WebChat};

impl Widget {
    /// The bot's options for the visitor.
    pub fn options(&self) -> WebChat {
        self.settings.with_value(|s| s.options.clone())
    }

    /// Light, dark or auto, as the visitor chose (or the bot's default).
    pub fn theme(&self) -> ReadSignal<ThemeMode> {
        self.theme.read_only()
    }

    /// The link to this conversation, once made.
    pub fn shared_link(&self) -> ReadSignal<Option<String>> {
        self.shared.read_only()
    }

    /// Switches between light and dark (from "auto", to the opposite of what shows now).
    pub fn toggle_theme(&self) {
        let dark_now = match self.theme.get_untracked() {
            ThemeMode::Dark => true,
            ThemeMode::Light => false,
            ThemeMode::Auto => prefers_dark(),
        };
        let next = if dark_now {
            ThemeMode::Light
        } else {
            ThemeMode::Dark
        };
        self.theme.set(next);
        self.store()
            .set(storage::THEME, if dark_now { "light" } else { "dark" });
    }

    /// Makes a read-only link to this conversation.
    pub fn share(&self) {
        let Some(chat_id) = self.chat_id() else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            let (api, token, _) = this.service();
            if let Ok(url) = api.share(&token, &chat_id).await {
                this.shared.set(Some(url));
                this.track("conversation_shared", &[]);
            }
        });
    }

    /// The visitor is about to call: the request is recorded in the conversation.
    pub fn record_call(&self) {
        let Some(chat_id) = self.chat_id() else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            let (api, token, _) = this.service();
            let bot_id = this.settings.with_value(|s| s.bot_id.clone());
            api.voice_start(&token, &bot_id, &chat_id).await;
            this.track("call_started", &[]);
        });
    }
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}
