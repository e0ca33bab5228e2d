//! The chat panel: a non-modal dialog with header, messages and composer. Opening it moves
//! focus to the composer; Esc closes it and focus returns to the launcher. When closed it is
//! `inert` and hidden, so keyboard and screen-reader users never land in it by accident.

use super::composer::Composer;
use super::header::Header;
use super::message_list::MessageList;
use super::status::{Blocked, Waiting};
use crate::controller::Widget;
use leptos::html;
use leptos::prelude::*;

/// What the panel shows, from the bot's config.
#[derive(Debug, Clone)]
pub struct PanelContent {
    /// Bot name.
    pub name: String,
    /// Avatar URL or empty.
    pub avatar: String,
    /// Welcome message.
    pub welcome: String,
    /// Composer placeholder.
    pub placeholder: String,
    /// Conversation starters.
    pub starters: Vec<String>,
    /// Show sources.
    pub citations: bool,
    /// Show "Powered by Porthole".
    pub powered_by: bool,
}

/// The panel.
#[component]
pub fn Panel(content: PanelContent) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let input = NodeRef::<html::Textarea>::new();
    leptos::task::spawn_local(widget.restored());
    // Focus the composer when the visitor opens the panel — not when it was already open on
    // page load, which would steal focus from the host page.
    Effect::new(move |was_open: Option<bool>| {
        let open = widget.is_open().get();
        let just_opened =
            was_open == Some(false) || (was_open.is_none() && widget.opened_here().get_untracked());
        if open
            && just_opened
            && let Some(el) = input.get_untracked()
        {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
        open
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            widget.close_panel(true);
        }
    };
    let PanelContent {
        name,
        avatar,
        welcome,
        placeholder,
        starters,
        citations,
        powered_by,
    } = content;
    view! {
        <section
            id="ph-panel"
            class="ph-panel"
            class:ph-open=move || widget.is_open().get()
            role="dialog"
            aria-modal="false"
            aria-labelledby="ph-title"
            inert=move || !widget.is_open().get()
            data-testid="panel"
            on:keydown=on_keydown
        >
            <Header name avatar/>
            <MessageList welcome starters citations/>
            <Waiting/>
            <Show when=move || !widget.live().with(|l| l.blocked) fallback=|| view! { <Blocked/> }>
                <Composer placeholder=placeholder.clone() input/>
            </Show>
            {powered_by.then(|| view! { <div class="ph-footer">{strings.powered_by}</div> })}
        </section>
    }
}
