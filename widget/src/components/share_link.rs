//! The link to a shared conversation, with a copy button.

use crate::controller::Widget;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The link, once the visitor asked to share (nothing before).
#[component]
pub fn ShareLink() -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let copied = RwSignal::new(false);
    move || {
        let url = widget.shared_link().get()?;
        let copy_url = url.clone();
        let url = StoredValue::new(url);
        let copy = move |_| {
            let url = copy_url.clone();
            leptos::task::spawn_local(async move {
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                if let Some(c) = clipboard
                    && JsFuture::from(c.write_text(&url)).await.is_ok()
                {
                    copied.set(true);
                }
            });
        };
        Some(view! {
            <div class="ph-card" data-testid="share-link" role="status">
                <p class="ph-card-title">{strings.share_ready}</p>
                <a href=url.get_value() target="_blank" rel="noopener noreferrer" class="ph-link">{url.get_value()}</a>
                <div class="ph-card-actions">
                    <button type="button" class="ph-button" on:click=copy>
                        {move || if copied.get() { strings.copied } else { strings.copy }}
                    </button>
                </div>
            </div>
        })
    }
}
