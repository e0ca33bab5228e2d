//! The panel's header: avatar, bot name, new-conversation and close buttons.

use crate::controller::Widget;
use crate::icons::{CloseIcon, RestartIcon};
use leptos::prelude::*;

/// The header.
#[component]
pub fn Header(
    /// The bot's name.
    name: String,
    /// The avatar URL, or empty for an initial.
    avatar: String,
) -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let close = widget.launcher_words().close_chat;
    let initial = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    let avatar = if avatar.is_empty() {
        view! { <span class="ph-avatar" aria-hidden="true">{initial}</span> }.into_any()
    } else {
        view! { <img class="ph-avatar" src=avatar alt="" /> }.into_any()
    };
    view! {
        <header class="ph-header">
            {avatar}
            <h2 class="ph-title" id="ph-title" data-testid="bot-name">{name}</h2>
            <button class="ph-icon-button" type="button" aria-label=strings.new_chat title=strings.new_chat
                data-testid="new-chat" on:click=move |_| widget.reset()>
                <RestartIcon/>
            </button>
            <button class="ph-icon-button" type="button" aria-label=close title=close
                data-testid="close" on:click=move |_| widget.close_panel(true)>
                <CloseIcon size=22/>
            </button>
        </header>
    }
}
