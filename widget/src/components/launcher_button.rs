//! The round launcher button with its unread badge, as the app draws it. Before the first
//! click the launcher program (`crate::launcher`, no Leptos) builds the same elements itself:
//! a change to one is a change to both.

use crate::i18n::{Launcher, with_n};
use crate::icons::{ChatIcon, CloseIcon};
use leptos::html;
use leptos::prelude::*;

/// The launcher button.
#[component]
pub fn LauncherButton<C: Fn() + 'static, P: Fn() + 'static>(
    /// Whether the panel is open (icon, label, `aria-expanded`).
    #[prop(into)]
    open: Signal<bool>,
    /// Unread replies.
    #[prop(into)]
    unread: Signal<u32>,
    /// Whether the app is loading after a click.
    #[prop(into)]
    busy: Signal<bool>,
    /// The launcher's words.
    strings: &'static Launcher,
    /// The button element, for focus.
    button: NodeRef<html::Button>,
    /// Called on click.
    on_click: C,
    /// Called when the visitor reaches for the button (hover, focus).
    on_reach: P,
) -> impl IntoView {
    let on_reach = std::rc::Rc::new(on_reach);
    let reach_by_pointer = on_reach.clone();
    let label = move || {
        if open.get() {
            strings.close_chat
        } else {
            strings.open_chat
        }
    };
    let badge = move || {
        let n = unread.get();
        (n > 0 && !open.get()).then(|| {
            view! { <span class="ph-badge" data-testid="unread" aria-label=with_n(strings.unread, n)>{n}</span> }
        })
    };
    view! {
        <button
            class="ph-launcher"
            class:ph-busy=move || busy.get()
            type="button"
            data-testid="launcher"
            node_ref=button
            aria-label=label
            aria-expanded=move || open.get().to_string()
            aria-controls="ph-panel"
            aria-busy=move || busy.get().to_string()
            on:click=move |_| on_click()
            on:pointerenter=move |_| reach_by_pointer()
            on:focus=move |_| on_reach()
        >
            <Show when=move || open.get() fallback=|| view! { <ChatIcon/> }>
                <CloseIcon size=26/>
            </Show>
            {badge}
        </button>
    }
}
