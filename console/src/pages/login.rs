//! Signing in: as an operator (email and password) or as the owner (the admin token). It says
//! why when the last session ended.

use crate::components::fields::TextField;
use crate::session::{self, Attempt, auth};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// How the user signs in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    Operator,
    Owner,
}

/// The sign-in page (the console once signed in).
#[component]
pub fn Login() -> impl IntoView {
    let auth = auth();
    let way = RwSignal::new(Way::Operator);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let attempt = Attempt::new();
    let (busy, error) = (attempt.busy, attempt.error);
    let setup_needed = crate::pages::setup::setup_needed();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.run(async move {
            let result = match way.get_untracked() {
                Way::Operator => {
                    session::sign_in_operator(&email.get_untracked(), &password.get_untracked())
                        .await
                }
                Way::Owner => session::sign_in_owner(&token.get_untracked()).await,
            };
            result.map_err(|e| match e.status {
                401 => match way.get_untracked() {
                    Way::Operator => "That email and password do not match an operator.".into(),
                    Way::Owner => "That is not the admin token of this service.".into(),
                },
                _ => e.message,
            })
        });
    };
    let tab = move |w: Way, label: &'static str, id: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" data-testid=id
                aria-selected=move || (way.get() == w).to_string()
                on:click=move |_| { way.set(w); error.set(None); }>{label}</button>
        }
    };
    view! {
        <Show when=move || auth.session.with(|s| s.is_some())>
            <Redirect path="/console"/>
        </Show>
        <main class="login" id="main">
            <form class="card login-card" on:submit=submit data-testid="login-form">
                <h1>"Porthole"</h1>
                <p class="hint">"Sign in to set up your bots and answer your visitors."</p>
                {move || (setup_needed.get() == Some(true)).then(|| view! {
                    <p class="outcome warn" role="status" data-testid="setup-needed">
                        "This deployment has no admin token yet. Open the setup link the deploy printed (…/console/setup#…) to choose it."
                    </p>
                })}
                {move || auth.notice.get().map(|n| view! { <p class="outcome warn" role="status" data-testid="session-notice">{n}</p> })}
                <div class="tabs" role="tablist" aria-label="Sign in as">
                    {tab(Way::Operator, "Operator", "as-operator")}
                    {tab(Way::Owner, "Owner token", "as-owner")}
                </div>
                <Show when=move || way.get() == Way::Operator
                    fallback=move || view! {
                        <TextField label="Admin token" name="admin-token" value=token kind="password"
                            autocomplete="current-password" required=true
                            hint="The ADMIN_TOKEN secret of this service (make dev prints it)."/>
                    }>
                    <TextField label="Email" name="email" value=email kind="email" autocomplete="username" required=true/>
                    <TextField label="Password" name="password" value=password kind="password"
                        autocomplete="current-password" required=true/>
                </Show>
                {move || error.get().map(|e| view! { <p class="outcome error" role="alert" data-testid="login-error">{e}</p> })}
                <button type="submit" class="button primary wide" data-testid="sign-in" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
