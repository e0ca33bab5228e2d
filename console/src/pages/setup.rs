//! A deployment's first visit (`/console/setup#<code>`, the link `wrangler deploy` printed):
//! the owner takes the admin token made here (or types their own), keeps it, and lands in the
//! console signed in. The code stays in the address's fragment, which browsers never send.

use crate::api;
use crate::components::copy::CopyButton;
use crate::components::fields::TextField;
use crate::session::{self, Attempt, auth};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use porthole_shared::api::Ack;
use porthole_shared::operators::{ADMIN_TOKEN_MIN_CHARS, SetupRequest, SetupStatus};

/// Whether the deployment still waits for its admin token (`None` while asking, or when the
/// service could not be reached).
pub fn setup_needed() -> RwSignal<Option<bool>> {
    let needed = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(status) = api::get::<SetupStatus>("/api/auth/setup").await {
            needed.set(Some(status.needed));
        }
    });
    needed
}

/// A fresh admin token: two random UUIDs' 64 hex digits (244 random bits), from the browser's
/// cryptographic source.
fn fresh_token() -> String {
    let uuid = || {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid().replace('-', ""))
            .unwrap_or_default()
    };
    format!("{}{}", uuid(), uuid())
}

/// The setup page.
#[component]
pub fn Setup() -> impl IntoView {
    let code = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default();
    let has_code = !code.is_empty();
    let needed = setup_needed();
    let token = RwSignal::new(fresh_token());
    let kept = RwSignal::new(false);
    let attempt = Attempt::new();
    let (busy, error) = (attempt.busy, attempt.error);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SetupRequest {
            code: code.clone(),
            admin_token: token.get_untracked().trim().to_owned(),
        };
        attempt.run(async move {
            api::send::<_, Ack>("POST", "/api/auth/setup", &body)
                .await
                .map_err(|e| e.message)?;
            session::sign_in_owner(&body.admin_token)
                .await
                .map_err(|e| e.message)
        });
    };
    view! {
        <Show when=move || auth().session.with(|s| s.is_some())>
            <Redirect path="/console"/>
        </Show>
        <main class="login" id="main">
            <form class="card login-card" on:submit=submit data-testid="setup-form">
                <h1>"Porthole"</h1>
                {move || match needed.get() {
                    Some(false) => view! {
                        <p class="outcome warn" role="status" data-testid="setup-done">
                            "This deployment is set up already. "<a href="/console/login">"Sign in"</a>" with its admin token."
                        </p>
                    }.into_any(),
                    _ => view! {
                        <p class="hint">"Welcome. This is your admin token: it signs you in as the owner and opens the admin API (Authorization: Bearer …). Keep it in your password manager: it is shown only now."</p>
                    }.into_any(),
                }}
                {(!has_code).then(|| view! {
                    <p class="outcome error" role="alert">"This link has no setup code: open the whole link the deploy printed."</p>
                })}
                <TextField label="Admin token" name="setup-token" value=token autocomplete="off" required=true
                    hint="Made at random here; you may type your own of 32 characters or more."/>
                <div class="actions">
                    <CopyButton text=token label="Copy the token" testid="copy-token"/>
                </div>
                <label class="check">
                    <input type="checkbox" data-testid="setup-kept" prop:checked=move || kept.get()
                        on:change=move |ev| kept.set(event_target_checked(&ev))/>
                    " I keep this token somewhere safe."
                </label>
                {move || error.get().map(|e| view! { <p class="outcome error" role="alert" data-testid="setup-error">{e}</p> })}
                <button type="submit" class="button primary wide" data-testid="setup-finish"
                    disabled=move || busy.get() || !has_code || !kept.get() || needed.get() == Some(false)
                        || token.with(|t| t.trim().chars().count() < ADMIN_TOKEN_MIN_CHARS)>
                    {move || if busy.get() { "Setting up…" } else { "Finish setup and sign in" }}
                </button>
            </form>
        </main>
    }
}
