//! The snippet a site owner pastes into their pages, with a copy button.

use super::Current;
use crate::components::copy::CopyButton;
use leptos::prelude::*;

/// The `<script>` tag for this bot on this service.
#[component]
pub fn InstallSnippet() -> impl IntoView {
    let current = expect_context::<Current>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let snippet = Signal::derive(move || {
        format!(
            "<script src=\"{origin}/widget.js\" data-token=\"{}\" defer></script>",
            current.token.get()
        )
    });
    view! {
        <section class="card install" aria-labelledby="install-title">
            <h2 id="install-title">"Install"</h2>
            <p class="hint">"Paste this before </body> on every page where the widget should appear."</p>
            <pre class="snippet" data-testid="snippet"><code>{snippet}</code></pre>
            <CopyButton text=snippet label="Copy snippet" testid="copy-snippet"/>
        </section>
    }
}
