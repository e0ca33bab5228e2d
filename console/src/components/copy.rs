//! A button that copies a text to the clipboard and says so.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// "Copy" (then "Copied") for `text`.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// The button's label.
    #[prop(default = "Copy")]
    label: &'static str,
    /// Its test id.
    #[prop(default = "copy")]
    testid: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                return;
            };
            if JsFuture::from(clipboard.write_text(&value)).await.is_ok() {
                copied.set(true);
                gloo_timers::future::TimeoutFuture::new(2_000).await;
                copied.set(false);
            }
        });
    };
    view! {
        <button type="button" class="button" data-testid=testid on:click=copy>
            {move || if copied.get() { "Copied" } else { label }}
        </button>
    }
}
