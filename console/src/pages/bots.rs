//! The bots: each with whether it is live, where its widget was last seen and its counts;
//! opening, pausing and resuming, deleting (after a confirmation naming the bot), and creating
//! a new one (owners).

use crate::api;
use crate::bots::Bots;
use crate::components::dialog::Confirm;
use crate::components::fields::{ColorField, TextField};
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use crate::session::auth;
use crate::validate;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use porthole_shared::ConfigPatch;
use porthole_shared::admin::{BotListItem, BotRecord};

/// The bots page.
#[component]
pub fn BotsPage() -> impl IntoView {
    let bots = expect_context::<Bots>();
    let owner = move || auth().is_owner();
    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Bots"</h1>
            </header>
            <Show when=owner>
                <NewBot/>
            </Show>
            <Show when=move || bots.loaded.get() fallback=|| view! { <Loading/> }>
                <Show when=move || !bots.list.with(|l| l.is_empty())
                    fallback=|| view! { <Empty>"No bots yet. Create one above: it answers from the knowledge you give it."</Empty> }>
                    <ul class="cards" data-testid="bot-list">
                        <For each=move || bots.list.get() key=|b| b.token.clone() let:bot>
                            <BotCard bot/>
                        </For>
                    </ul>
                </Show>
            </Show>
        </section>
    }
}

/// Creating a bot: a name and a colour, then its page.
#[component]
fn NewBot() -> impl IntoView {
    let bots = expect_context::<Bots>();
    let name = RwSignal::new(String::new());
    let color = RwSignal::new("#2563eb".to_owned());
    let outcome = RwSignal::new(None::<Outcome>);
    let name_error = Signal::derive(move || {
        let n = name.get();
        (!n.is_empty())
            .then(|| validate::check::<ConfigPatch>(serde_json::json!({"bot_name": n})))
            .flatten()
    });
    let color_error = Signal::derive(move || {
        validate::check::<ConfigPatch>(serde_json::json!({"primary_color": color.get()}))
    });
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = serde_json::json!({"bot_name": name.get_untracked(), "primary_color": color.get_untracked()});
        if let Some(e) = validate::check::<ConfigPatch>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::send::<_, BotRecord>("POST", "/api/admin/bots", &body).await {
                Ok(bot) => {
                    bots.reload();
                    navigate(&format!("/console/bots/{}", bot.token), Default::default());
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    view! {
        <form class="card inline-form" on:submit=create data-testid="new-bot">
            <h2>"New bot"</h2>
            <div class="row">
                <TextField label="Name" name="new-bot-name" value=name error=name_error
                    placeholder="Harbor Lights" required=true/>
                <ColorField label="Colour" name="new-bot-color" value=color error=color_error/>
            </div>
            <button type="submit" class="button primary" data-testid="create-bot">"Create bot"</button>
            <OutcomeLine outcome/>
        </form>
    }
}

/// One bot in the list.
#[component]
fn BotCard(bot: BotListItem) -> impl IntoView {
    let bots = expect_context::<Bots>();
    let owner = move || auth().is_owner();
    let record = RwSignal::new(None::<BotRecord>);
    let outcome = RwSignal::new(None::<Outcome>);
    let confirming = RwSignal::new(false);
    let token = bot.token.clone();
    let path = format!("/api/admin/bots/{token}");
    {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            if let Ok(r) = api::get::<BotRecord>(&path).await {
                record.set(Some(r));
            }
        });
    }
    let enabled = move || record.with(|r| r.as_ref().is_none_or(|r| r.config.enabled));
    let toggle = {
        let path = path.clone();
        move |_| {
            let path = path.clone();
            let now = !enabled();
            leptos::task::spawn_local(async move {
                match api::send::<_, BotRecord>(
                    "PATCH",
                    &path,
                    &serde_json::json!({"enabled": now}),
                )
                .await
                {
                    Ok(r) => {
                        record.update(|old| {
                            *old = Some(BotRecord {
                                status: old.as_ref().and_then(|o| o.status.clone()),
                                ..r
                            })
                        });
                        outcome.set(Some(Outcome::Done(
                            if now {
                                "Resumed: the widget shows again."
                            } else {
                                "Paused: the widget is hidden."
                            }
                            .into(),
                        )));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    };
    let name = bot.bot_name.clone();
    let delete = Callback::new({
        let path = path.clone();
        move |_| {
            let path = path.clone();
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => bots.reload(),
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let status = move || {
        record.with(|r| {
            r.as_ref().and_then(|r| r.status.clone()).map(|s| {
                let seen = match (&s.widget_last_seen_at, &s.widget_last_domain) {
                    (Some(at), Some(domain)) => {
                        format!("Widget seen on {domain}, {}", format::iso(Some(at)))
                    }
                    (Some(at), None) => format!("Widget seen {}", format::iso(Some(at))),
                    _ => "Widget not seen on a site yet".into(),
                };
                view! {
                    <p class="hint">{seen}</p>
                    <p class="counts">
                        <span>{format::plural(s.conversations, "conversation")}</span>
                        <span>{format::plural(s.documents, "document")}</span>
                    </p>
                }
            })
        })
    };
    let title = format!("Delete {name}?");
    let confirm = format!("Delete {name}");
    view! {
        <li class="card bot-card" data-testid="bot-card" data-token=token.clone()>
            <div class="bot-card-head">
                <span class="swatch" style:background=move || record.with(|r| r.as_ref().map(|r| r.config.primary_color.as_str().to_owned()).unwrap_or_default())></span>
                <h2><a href=format!("/console/bots/{token}") data-testid="open-bot">{name.clone()}</a></h2>
                <span class="pill" class:off=move || !enabled() data-testid="bot-state">
                    {move || if enabled() { "Live" } else { "Paused" }}
                </span>
            </div>
            {status}
            <Show when=owner>
                <div class="actions">
                    <button type="button" class="button" data-testid="toggle-bot" on:click=toggle.clone()>
                        {move || if enabled() { "Pause" } else { "Resume" }}
                    </button>
                    <button type="button" class="button danger-outline" data-testid="delete-bot"
                        on:click=move |_| confirming.set(true)>"Delete"</button>
                </div>
            </Show>
            <OutcomeLine outcome/>
            <Confirm open=confirming title=title.clone()
                message="Its settings and knowledge are deleted and its widget stops working on every site. This cannot be undone."
                confirm=confirm.clone() on_confirm=delete/>
        </li>
    }
}
