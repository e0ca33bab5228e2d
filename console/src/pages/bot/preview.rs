//! The live preview: the real widget (the same program visitors load) in a frame of its own,
//! mounted with the draft settings. Every edit sends the frame the config the service would
//! answer for them, and the frame mounts the widget afresh with it — nothing is saved until
//! the owner saves.

use super::Current;
use crate::bots::Bots;
use leptos::html;
use leptos::prelude::*;
use porthole_shared::BotConfig;
use porthole_shared::api::ConfigResponse;
use wasm_bindgen::JsValue;

/// What the frame receives.
fn message(token: &str, id: &str, config: &BotConfig) -> String {
    let mut shown = config.clone();
    // A paused bot shows nothing to visitors; the preview still shows what it would look like.
    shown.enabled = true;
    let response = ConfigResponse {
        success: true,
        config: shown.public(),
        web_chat: shown.web_chat(),
        handoff: shown.handoff_available(),
        hours: None,
        available: false,
        transcripts: false,
        lead_capture: shown.lead_capture.clone(),
        id: id.to_owned(),
    };
    serde_json::json!({"token": token, "config": response}).to_string()
}

/// The preview frame for `config`.
#[component]
pub fn Preview(
    /// The settings to show (`None` until there are some).
    config: Signal<Option<BotConfig>>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let bots = expect_context::<Bots>();
    let frame = NodeRef::<html::Iframe>::new();
    let loaded = RwSignal::new(false);
    let id = Memo::new(move |_| {
        let token = current.token.get();
        bots.list.with(|l| {
            l.iter()
                .find(|b| b.token == token)
                .map(|b| b.id.clone())
                .unwrap_or_default()
        })
    });
    Effect::new(move |_| {
        let (Some(config), true) = (config.get(), loaded.get()) else {
            return;
        };
        let Some(window) = frame.get().and_then(|f| f.content_window()) else {
            return;
        };
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let text = message(&current.token.get(), &id.get(), &config);
        let _ = window.post_message(&JsValue::from_str(&text), &origin);
    });
    let paused = move || config.with(|c| c.as_ref().is_some_and(|c| !c.enabled));
    view! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title">"Preview"</h2>
            <p class="hint">
                "The real widget with your unsaved changes. Messages you send here reach the bot."
                {move || paused().then_some(" Paused: visitors do not see it now.")}
            </p>
            <iframe src="/console/preview" title="Widget preview" class="preview-frame" node_ref=frame
                data-testid="preview" on:load=move |_| loaded.set(true)></iframe>
        </section>
    }
}
