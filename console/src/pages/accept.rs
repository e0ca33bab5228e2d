//! Accepting an invitation (`/console/accept?code=…`, the link an owner's invitation carries):
//! the invited person chooses the name visitors see and a password, and lands in the console
//! signed in.

use crate::components::fields::TextField;
use crate::session::{self, Attempt, auth};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// The acceptance page.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let query = use_query_map();
    let code = query.with_untracked(|q| q.get("code").unwrap_or_default());
    let name = RwSignal::new(query.with_untracked(|q| q.get("name").unwrap_or_default()));
    let password = RwSignal::new(String::new());
    let attempt = Attempt::new();
    let (busy, error) = (attempt.busy, attempt.error);
    let has_code = !code.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = code.clone();
        attempt.run(async move {
            session::accept_invitation(&code, &name.get_untracked(), &password.get_untracked())
                .await
                .map_err(|e| e.message)
        });
    };
    view! {
        <Show when=move || auth().session.with(|s| s.is_some())>
            <Redirect path="/console/inbox"/>
        </Show>
        <main class="login" id="main">
            <form class="card login-card" on:submit=submit data-testid="accept-form">
                <h1>"Porthole"</h1>
                <p class="hint">"You are invited to answer visitors. Choose the name they see beside your replies and a password."</p>
                {(!has_code).then(|| view! {
                    <p class="outcome error" role="alert">"This link has no invitation code: open the link from the email again."</p>
                })}
                <TextField label="Your name" name="accept-name" value=name required=true autocomplete="name"/>
                <TextField label="Password" name="accept-password" value=password kind="password"
                    autocomplete="new-password" required=true hint="10 characters or more."/>
                {move || error.get().map(|e| view! { <p class="outcome error" role="alert" data-testid="accept-error">{e}</p> })}
                <button type="submit" class="button primary wide" data-testid="accept" disabled=move || busy.get() || !has_code>
                    {move || if busy.get() { "Joining…" } else { "Join" }}
                </button>
            </form>
        </main>
    }
}
