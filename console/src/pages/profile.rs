//! How the signed-in user is shown to visitors and in the inbox: their display name and avatar
//! (`PATCH /api/auth/me`), for an operator their own record, for the admin token the owner's
//! (`Support` until they say); and which emails they get ([`EmailsCard`]).

use crate::api;
use crate::components::fields::{TextField, Toggle};
use crate::components::status::{Outcome, OutcomeLine};
use crate::validate;
use leptos::prelude::*;
use porthole_shared::operators::{EmailAlerts, MeResponse, ProfilePatch};

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
            <EmailsCard/>
        </section>
    }
}

/// Which emails the user gets, and (the admin token's owner) where they go.
#[component]
fn EmailsCard() -> impl IntoView {
    let owner_token = crate::session::auth()
        .session
        .get_untracked()
        .is_some_and(|s| s.identity.id == "owner");
    let is_owner = crate::session::auth().is_owner();
    let me = LocalResource::new(|| api::get::<MeResponse>("/api/auth/me"));
    let handoff = RwSignal::new(true);
    let contact = RwSignal::new(true);
    let digest = RwSignal::new(true);
    let email = RwSignal::new(String::new());
    let enabled = RwSignal::new(true);
    // Nothing is typed into the form before it shows what is saved (which would replace it).
    let loaded = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(me)) = me.get() {
            handoff.set(me.alerts.handoff);
            contact.set(me.alerts.contact);
            digest.set(me.alerts.digest);
            email.set(me.email.clone());
            enabled.set(me.email_enabled);
            loaded.set(true);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let alerts = EmailAlerts {
            handoff: handoff.get_untracked(),
            contact: contact.get_untracked(),
            digest: digest.get_untracked(),
        };
        let mut body = serde_json::json!({ "alerts": alerts });
        if owner_token {
            body["email"] = email.get_untracked().into();
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done = api::send::<_, MeResponse>("PATCH", "/api/auth/me", &body).await;
            outcome.try_set(Some(match done {
                Ok(_) => Outcome::Done("Saved.".into()),
                Err(e) => Outcome::Failed(e.message),
            }));
            busy.try_set(false);
        });
    };
    view! {
        <form class="card profile-form" on:submit=save data-testid="emails-form">
            <h2>"Emails"</h2>
            {move || (!enabled.get()).then(|| view! {
                <p class="outcome warn" data-testid="email-off">
                    "This deployment sends no email yet: nothing below is sent until it has the EMAIL binding and EMAIL_FROM (docs/deploy.md#email)."
                </p>
            })}
            <p class="hint">"Only while nobody who answers the bot has the inbox open, and never while yours is: nothing you already saw."</p>
            <fieldset class="plain" disabled=move || !loaded.get()>
                {owner_token.then(|| view! {
                    <TextField label="Your email" name="profile-email" value=email kind="email"
                        placeholder="you@example.com" hint="Where these emails go. Empty: none."/>
                })}
                <Toggle label="A visitor asks for a person" name="alert-handoff" value=handoff/>
                <Toggle label="A visitor leaves contact details" name="alert-contact" value=contact/>
                {is_owner.then(|| view! {
                    <Toggle label="A digest each morning" name="alert-digest" value=digest
                        hint="The day's conversations, who asked for a person, who still waits, ratings."/>
                })}
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="save-emails" disabled=move || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </fieldset>
            <OutcomeLine outcome/>
        </form>
    }
}
