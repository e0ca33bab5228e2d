//! Signed-in visitors: the bot's identity secret (made or rotated here, shown once with a copy
//! button), whether the widget requires a valid `user_hash`, turning verification off, and the
//! two lines a site needs: the page's `Porthole('identify', …)` and the server's HMAC.

use super::Current;
use crate::api;
use crate::components::copy::CopyButton;
use crate::components::dialog::Confirm;
use crate::components::status::{Outcome, OutcomeLine};
use crate::format;
use leptos::prelude::*;
use porthole_shared::identity::{IdentitySecret, IdentitySettings};

/// The page's call, as the card shows it.
const PAGE_CALL: &str = "Porthole('identify', {\n  user_id: '42',\n  email: 'ann@example.com',\n  name: 'Ann',\n  user_hash: '<from your server>',\n});";
/// The server's line (Node), as the card shows it; the README has Python, PHP, Ruby and Rust.
const SERVER_LINE: &str =
    "crypto.createHmac('sha256', PORTHOLE_IDENTITY_SECRET).update(userId).digest('hex')";

/// The card.
#[component]
pub fn SignedInVisitors() -> impl IntoView {
    let current = expect_context::<Current>();
    let settings = RwSignal::new(None::<IdentitySettings>);
    let shown = RwSignal::new(None::<String>);
    let required = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let rotating = RwSignal::new(false);
    let stopping = RwSignal::new(false);
    let apply = move |s: IdentitySettings| {
        required.set(s.required);
        settings.set(Some(s));
    };
    leptos::task::spawn_local(async move {
        if let Ok(s) = api::get::<IdentitySettings>(&current.path("/identity")).await {
            apply(s);
        }
    });
    let make = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            let path = current.path("/identity/secret");
            match api::send::<_, IdentitySecret>("POST", &path, &serde_json::json!({})).await {
                Ok(made) => {
                    shown.set(Some(made.secret));
                    apply(made.settings);
                    outcome.set(None);
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    });
    let stop = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::call::<IdentitySettings>("DELETE", &current.path("/identity"), None).await {
                Ok(s) => {
                    shown.set(None);
                    apply(s);
                    outcome.set(Some(Outcome::Done(
                        "Visitors are no longer verified.".into(),
                    )));
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    });
    let require = move |on: bool| {
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({"required": on});
            match api::send::<_, IdentitySettings>("PATCH", &current.path("/identity"), &body).await
            {
                Ok(s) => {
                    apply(s);
                    outcome.set(Some(Outcome::Done("Saved.".into())));
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    let enabled = move || settings.with(|s| s.as_ref().is_some_and(|s| s.enabled));
    view! {
        <section class="card" aria-labelledby="identity-title" data-testid="identity">
            <h2 id="identity-title">"Signed-in visitors"</h2>
            <p class="hint">
                "When your site knows who its visitor is, tell the widget: their conversation then follows them to every device and browser, and the inbox shows their name and email as verified. Your server signs the user id with this bot's identity secret; a page without the right signature is refused."
            </p>
            {move || shown.get().map(|secret| view! {
                <div class="new-key" role="status" data-testid="new-identity-secret">
                    <p><strong>"Copy this secret now: it is not shown again. Keep it on your server, never in a page."</strong></p>
                    <pre class="snippet"><code data-testid="identity-secret">{secret.clone()}</code></pre>
                    <CopyButton text=Signal::derive(move || secret.clone()) label="Copy secret" testid="copy-identity-secret"/>
                </div>
            })}
            <Show when=enabled fallback=move || view! {
                <p>"Off: visitors are anonymous, each browser its own conversation."</p>
                <button type="button" class="button primary" data-testid="identity-on"
                    on:click=move |_| make.run(())>"Make a secret and turn on"</button>
            }>
                <p data-testid="identity-state">{move || settings.with(|s| s.as_ref().map(|s| format!(
                    "On. Secret ending in …{}, made {}.",
                    s.hint.clone().unwrap_or_default(),
                    format::iso(s.created_at.as_deref()),
                )))}</p>
                <div class="toggle">
                    <input id="identity-required" type="checkbox" data-testid="identity-required"
                        aria-describedby="identity-required-hint"
                        prop:checked=move || required.get()
                        on:change=move |ev| require(event_target_checked(&ev))/>
                    <label for="identity-required">"Require a signature"</label>
                    <p class="hint" id="identity-required-hint">"On: identify without a valid user_hash is refused. Off: it is accepted, the name and email kept as unverified."</p>
                </div>
                <div class="actions">
                    <button type="button" class="button" data-testid="identity-rotate"
                        on:click=move |_| rotating.set(true)>"New secret"</button>
                    <button type="button" class="button danger-outline" data-testid="identity-off"
                        on:click=move |_| stopping.set(true)>"Turn off"</button>
                </div>
                <Confirm open=rotating title="Make a new identity secret?"
                    message="The current secret stops working at once: update your server with the new one."
                    confirm="Make a new secret" on_confirm=make/>
                <Confirm open=stopping title="Stop verifying visitors?"
                    message="The secret is forgotten; identify calls with a signature are refused until you make a new one. Conversations verified so far stay verified."
                    confirm="Turn off" on_confirm=stop/>
            </Show>
            <OutcomeLine outcome/>
            <h3>"On your pages, once the visitor is signed in"</h3>
            <pre class="snippet"><code>{PAGE_CALL}</code></pre>
            <p class="hint">"On sign-out: " <code>"Porthole('logout')"</code> "."</p>
            <h3>"On your server (Node)"</h3>
            <pre class="snippet"><code>{SERVER_LINE}</code></pre>
            <p class="hint">"Python, PHP, Ruby and Rust: in the README, under Signed-in visitors."</p>
        </section>
    }
}
