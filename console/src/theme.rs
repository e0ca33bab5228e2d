//! The console's own light and dark: it follows the system unless the user picks one, and the
//! choice is remembered in this browser.

use leptos::prelude::*;

const STORAGE_KEY: &str = "porthole:console:theme";

/// The user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Follow the system (`prefers-color-scheme`).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Choice {
    fn as_str(self) -> &'static str {
        match self {
            Choice::System => "system",
            Choice::Light => "light",
            Choice::Dark => "dark",
        }
    }

    /// The next choice (the header's button cycles through them).
    pub fn next(self) -> Self {
        match self {
            Choice::System => Choice::Light,
            Choice::Light => Choice::Dark,
            Choice::Dark => Choice::System,
        }
    }

    /// What the button says.
    pub fn label(self) -> &'static str {
        match self {
            Choice::System => "Theme: system",
            Choice::Light => "Theme: light",
            Choice::Dark => "Theme: dark",
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered choice, applied to the page; a signal that applies and remembers changes.
pub fn init() -> RwSignal<Choice> {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|v| match v.as_str() {
            "light" => Choice::Light,
            "dark" => Choice::Dark,
            _ => Choice::System,
        })
        .unwrap_or(Choice::System);
    let choice = RwSignal::new(stored);
    Effect::new(move |_| {
        let c = choice.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", c.as_str());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, c.as_str());
        }
    });
    choice
}
