//! A message waiting for the visitor (a proactive message, an operator's reply) as a small
//! bubble beside the closed launcher: clicking it opens the chat; it can be dismissed. The
//! launcher program (`crate::launcher`) builds the same elements before the first click.

use crate::i18n::Launcher;
use leptos::prelude::*;

/// The bubble (nothing when there is no message).
#[component]
pub fn Nudge<O: Fn() + Copy + Send + Sync + 'static, D: Fn() + Copy + Send + Sync + 'static>(
    /// The message, if any.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// Whether the panel is open (the bubble then hides).
    #[prop(into)]
    open: Signal<bool>,
    /// The launcher's words.
    strings: &'static Launcher,
    /// Opens the chat.
    on_open: O,
    /// Dismisses the bubble.
    on_dismiss: D,
) -> impl IntoView {
    move || {
        let text = text.get().filter(|_| !open.get())?;
        Some(view! {
            <div class="ph-nudge" data-testid="nudge" role="status">
                <button type="button" class="ph-nudge-text" on:click=move |_| on_open()>{text}</button>
                <button type="button" class="ph-nudge-close" aria-label=strings.dismiss title=strings.dismiss
                    on:click=move |_| on_dismiss()>"×"</button>
            </div>
        })
    }
}
