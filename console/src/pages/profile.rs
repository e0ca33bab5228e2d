//! How the signed-in user is shown to visitors and in the inbox: their display name and avatar
//! (`PATCH /api/auth/me`), for an operator their own record, for the admin token the owner's
//! (`Support` until they say).

use crate::api;
use crate::components::fields::TextField;
use crate::components::status::{Outcome, OutcomeLine};
use crate::validate;
use leptos::prelude::*;
use porthole_shared::operators::{MeResponse, ProfilePatch};

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = crate::session::auth();
    let now = auth.session.get_untracked().map(|s| s.identity);
    let name = RwSignal::new(now.as_ref().map(|i| i.name.clone()).unwrap_or_default());
    let avatar = RwSignal::new(now.as_ref().map(|i| i.avatar.clone()).unwrap_or_default());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            serde_json::json!({"name": name.get_untracked(), "avatar": avatar.get_untracked()});
        if let Some(e) = validate::check::<ProfilePatch>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::send::<_, MeResponse>("PATCH", "/api/auth/me", &body).await {
                Ok(me) => {
                    crate::session::renamed(me.operator);
                    outcome.try_set(Some(Outcome::Done(
                        "Saved: your next replies show this name.".into(),
                    )));
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="page" data-testid="profile-page">
            <header class="page-head"><h1>"How visitors see you"</h1></header>
            <p class="hint">"Your replies show this name and picture, in the widget and in the inbox."</p>
            <form class="card profile-form" on:submit=save data-testid="profile-form">
                <div class="profile-preview">
                    {move || {
                        let url = avatar.get();
                        let initial = name.with(|n| n.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default());
                        if url.is_empty() {
                            view! { <span class="profile-initial" aria-hidden="true">{initial}</span> }.into_any()
                        } else {
                            view! { <img class="profile-avatar" src=url alt=""/> }.into_any()
                        }
                    }}
                    <strong>{move || name.get()}</strong>
                </div>
                <TextField label="Name" name="profile-name" value=name placeholder="Ana from Harbor Lights"/>
                <TextField label="Picture (optional)" name="profile-avatar" value=avatar kind="url"
                    placeholder="https://…/ana.png" hint="The address of a square image; empty: your initial."/>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="save-profile" disabled=move || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
                <OutcomeLine outcome/>
            </form>
        </section>
    }
}
