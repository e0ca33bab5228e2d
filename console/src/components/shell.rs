//! The frame around every signed-in page: the navigation (bots, inbox with the number of
//! visitors waiting, operators for owners), the theme switch, who is signed in and "Sign out".
//! Without a session it sends the user to the sign-in page.

use crate::components::leave::LeaveDialog;
use crate::live::Live;
use crate::session::{self, auth};
use crate::theme::Choice;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

/// The frame, with the page in it.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = auth();
    let signed_in = move || auth.session.with(|s| s.is_some());
    view! {
        <Show when=signed_in fallback=|| view! { <Redirect path="/console/login"/> }>
            <Frame/>
        </Show>
    }
}

#[component]
fn Frame() -> impl IntoView {
    let auth = auth();
    let live = expect_context::<Live>();
    let theme = expect_context::<RwSignal<Choice>>();
    let owner = move || auth.is_owner();
    let name = move || {
        auth.session.with(|s| match s {
            Some(s) if s.identity.id == "owner" => format!("{} (admin token)", s.identity.name),
            Some(s) => s.identity.name.clone(),
            None => String::new(),
        })
    };
    let waiting = move || live.waiting.with(|w| w.len());
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="topbar">
            <a class="brand" href="/console">"Porthole"</a>
            <nav aria-label="Console">
                <A href="/console" exact=true attr:data-testid="nav-bots">"Bots"</A>
                <A href="/console/inbox" attr:data-testid="nav-inbox">
                    "Inbox"
                    {move || (waiting() > 0).then(|| view! {
                        <span class="badge warn" data-testid="waiting-count"
                            aria-label=format!("{} waiting", waiting())>{waiting()}</span>
                    })}
                </A>
                <A href="/console/replies" attr:data-testid="nav-replies">"Replies"</A>
                <Show when=owner>
                    <A href="/console/operators" attr:data-testid="nav-operators">"Operators"</A>
                </Show>
            </nav>
            <div class="who">
                <span class="live-dot" class:on=move || live.connected.get()
                    title=move || if live.connected.get() { "Live" } else { "Reconnecting…" }
                    aria-label=move || if live.connected.get() { "Live updates on" } else { "Live updates reconnecting" }
                    data-testid="live-dot"></span>
                <button type="button" class="button subtle" data-testid="theme"
                    on:click=move |_| theme.update(|t| *t = t.next())>{move || theme.get().label()}</button>
                <A href="/console/profile" attr:class="name" attr:data-testid="signed-in-as" attr:title="How visitors see you">{name}</A>
                <AwayToggle/>
                <button type="button" class="button subtle" data-testid="sign-out"
                    on:click=move |_| session::sign_out()>"Sign out"</button>
            </div>
        </header>
        <main id="main" tabindex="-1">
            <Outlet/>
        </main>
        <LeaveDialog/>
    }
}

/// Available or away: while away, the widget does not count this operator as someone who can
/// answer now (`PATCH /api/auth/me {"away"}`).
#[component]
fn AwayToggle() -> impl IntoView {
    let away = move || {
        auth()
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.identity.away))
    };
    let toggle = move |_| {
        let body = serde_json::json!({"away": !away()});
        leptos::task::spawn_local(async move {
            if let Ok(me) = crate::api::send::<_, porthole_shared::operators::MeResponse>(
                "PATCH",
                "/api/auth/me",
                &body,
            )
            .await
            {
                session::renamed(me.operator);
            }
        });
    };
    view! {
        <button type="button" class="button subtle status" class:away=away data-testid="away-toggle"
            aria-pressed=move || away().to_string()
            title="Whether visitors see a person available while you have the console open"
            on:click=toggle>{move || if away() { "Away" } else { "Available" }}</button>
    }
}
