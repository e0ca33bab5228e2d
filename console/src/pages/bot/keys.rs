//! API access: the bot's API keys for the conversations API and the web-chat settings and
//! statistics API (a new key is shown once, with a copy button; any can be revoked), the bot's
//! ids and what each is for, the assistant id that clients of the widget-token API name, the
//! webhook that receives the replies of API conversations (its URL and signing secret), and the
//! log of its deliveries. The page names each API by what it does, not by its seed number.

use super::Current;
use super::form::{Draft, Kind};
use crate::api;
use crate::components::copy::CopyButton;
use crate::components::dialog::Confirm;
use crate::components::fields::TextField;
use crate::components::status::{Empty, Outcome, OutcomeLine};
use crate::format;
use crate::validate;
use leptos::prelude::*;
use porthole_shared::admin::{
    ApiKeyCreated, ApiKeyInfo, ApiKeyList, Delivery, DeliveryList, DeliveryStatus, NewApiKey,
    WebhookInput, WebhookSettings,
};
use porthole_shared::config::derived_assistant_id;

/// The API tab.
#[component]
pub fn ApiAccess() -> impl IntoView {
    view! {
        <div class="split even">
            <div class="settings">
                <Ids/>
                <Keys/>
                <Assistant/>
                <super::identity::SignedInVisitors/>
            </div>
            <Webhook/>
        </div>
    }
}

/// The bot's two ids, each with what it is for: the widget token (the snippet's, and the
/// widget-token API's credential) and the bot id (the APIs' paths and `bot_key`).
#[component]
fn Ids() -> impl IntoView {
    let current = expect_context::<Current>();
    let bot_id = bot_id_of(current);
    view! {
        <section class="card" aria-labelledby="ids-title">
            <h2 id="ids-title">"This bot's ids"</h2>
            <dl class="ids">
                <dt>"Bot id"</dt>
                <dd>
                    <code data-testid="bot-id">{bot_id}</code>
                    <p class="hint">"In the address of the widget-token API (/api/widgets/{id}/…) and of the web-chat settings and statistics API (/api/web-chats/{id}/, /api/chatbots/{id}/…), and as bot_key in the conversations API and its webhook."</p>
                </dd>
                <dt>"Widget token"</dt>
                <dd>
                    <code data-testid="widget-token">{move || current.token.get()}</code>
                    <p class="hint">"The one in the install snippet (Appearance tab), public like it. The widget-token API takes it as Authorization: Bearer <token>."</p>
                </dd>
            </dl>
        </section>
    }
}

/// The bot's public id, from the list of bots.
fn bot_id_of(current: Current) -> impl Fn() -> String + Copy {
    move || {
        let token = current.token.get();
        expect_context::<crate::bots::Bots>().list.with(|l| {
            l.iter()
                .find(|b| b.token == token)
                .map(|b| b.id.clone())
                .unwrap_or_default()
        })
    }
}

/// The assistant id that clients of the widget-token API (`/api/widgets/{id}/chat`,
/// `voice/start`) send as `assistantId`: the one the service made, or one the owner sets.
#[component]
fn Assistant() -> impl IntoView {
    let current = expect_context::<Current>();
    let saved = current.saved();
    let draft = Draft::new(&saved.get_untracked());
    let assistant = draft.field("/assistant_id", Kind::Text);
    let saving = draft.saving();
    let save = draft.submit(current, "Saved.", saving);
    let bot_id = bot_id_of(current);
    let effective = move || {
        let own = saved.with(|c| c.assistant_id.as_str().to_owned());
        if own.is_empty() {
            derived_assistant_id(&bot_id())
        } else {
            own
        }
    };
    view! {
        <form class="card" on:submit=save aria-labelledby="assistant-title" data-testid="assistant-form">
            <h2 id="assistant-title">"Assistant"</h2>
            <p class="hint">
                "Clients of the widget-token API (POST /api/widgets/{bot id}/chat) name the bot in "
                <code>"assistantId"</code> " with this assistant id: " <code data-testid="assistant-id">{effective}</code>
                " (the bot id works too)."
            </p>
            <TextField label="Assistant id" name="assistant_id" value=assistant.text error=assistant.error()
                placeholder="asst-123" hint="Set it to the id your client already sends. Empty: the one above."/>
            <div class="row">
                <button type="submit" class="button primary" data-testid="save-assistant"
                    disabled=move || !saving.dirty.get() || saving.busy.get()>"Save"</button>
                <OutcomeLine outcome=saving.outcome/>
            </div>
        </form>
    }
}

#[component]
fn Keys() -> impl IntoView {
    let current = expect_context::<Current>();
    let keys = RwSignal::new(Vec::<ApiKeyInfo>::new());
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::get::<ApiKeyList>(&current.path("/keys")).await {
                keys.set(list.keys);
            }
        });
    };
    reload();
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Outcome>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = serde_json::json!({"name": name.get_untracked()});
        if let Some(e) = validate::check::<NewApiKey>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::send::<_, ApiKeyCreated>("POST", &current.path("/keys"), &body).await {
                Ok(key) => {
                    created.set(Some(key.key));
                    name.set(String::new());
                    outcome.set(None);
                    reload();
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="keys-title">
            <h2 id="keys-title">"API keys"</h2>
            <p class="hint">
                "For your servers. The conversations API (/api/v1/conversations) takes "
                <code>"Authorization: Bearer <key>"</code> "; the web-chat settings and statistics API (/api/web-chats, /api/chatbots) takes "
                <code>"Authorization: Api-Key <key>"</code> ". The widget-token API needs no key: it takes the widget token."
            </p>
            {move || created.get().map(|key| view! {
                <div class="new-key" role="status" data-testid="new-key">
                    <p><strong>"Copy this key now: it is not shown again."</strong></p>
                    <pre class="snippet"><code data-testid="new-key-value">{key.clone()}</code></pre>
                    <CopyButton text=Signal::derive(move || key.clone()) label="Copy key" testid="copy-key"/>
                </div>
            })}
            <form class="row end" on:submit=create data-testid="new-key-form">
                <TextField label="New key for" name="key-name" value=name placeholder="CRM integration"/>
                <button type="submit" class="button primary" data-testid="create-key">"Create key"</button>
            </form>
            <OutcomeLine outcome/>
            <Show when=move || !keys.with(|k| k.is_empty()) fallback=|| view! { <Empty>"No keys yet."</Empty> }>
                <table class="table" data-testid="keys">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Starts with"</th><th scope="col">"Last used"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                    <tbody>
                        <For each=move || keys.get() key=|k| k.id.clone() let:key>
                            <KeyRow key on_revoked=Callback::new(move |_| reload())/>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn KeyRow(key: ApiKeyInfo, on_revoked: Callback<()>) -> impl IntoView {
    let current = expect_context::<Current>();
    let confirming = RwSignal::new(false);
    let id = key.id.clone();
    let revoke = Callback::new(move |_| {
        let path = current.path(&format!("/keys/{id}"));
        leptos::task::spawn_local(async move {
            if api::delete(&path).await.is_ok() {
                on_revoked.run(());
            }
        });
    });
    let name = key.name.clone();
    view! {
        <tr data-testid="key">
            <td>{key.name.clone()}</td>
            <td><code>{key.prefix.clone()}"…"</code></td>
            <td>{format::iso(key.last_used_at.as_deref())}</td>
            <td>
                <button type="button" class="button small danger-outline" data-testid="revoke-key"
                    on:click=move |_| confirming.set(true)>"Revoke"</button>
                <Confirm open=confirming title=format!("Revoke {name}?")
                    message="Calls with this key are refused within 30 seconds."
                    confirm=format!("Revoke {name}") on_confirm=revoke/>
            </td>
        </tr>
    }
}

#[component]
fn Webhook() -> impl IntoView {
    let current = expect_context::<Current>();
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let deliveries = RwSignal::new(Vec::<Delivery>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(w) = api::get::<WebhookSettings>(&current.path("/webhook")).await {
                url.set(w.url);
                secret.set(w.secret);
            }
            if let Ok(d) = api::get::<DeliveryList>(&current.path("/webhook/deliveries")).await {
                deliveries.set(d.deliveries);
            }
        });
    };
    load();
    let url_error = Signal::derive(move || {
        validate::check::<WebhookInput>(serde_json::json!({"url": url.get()}))
    });
    let save = move |rotate: bool| {
        let body = serde_json::json!({"url": url.get_untracked(), "rotate_secret": rotate});
        leptos::task::spawn_local(async move {
            match api::send::<_, WebhookSettings>("PUT", &current.path("/webhook"), &body).await {
                Ok(w) => {
                    url.set(w.url);
                    secret.set(w.secret);
                    outcome.set(Some(Outcome::Done(
                        if rotate {
                            "A new secret signs deliveries from now on."
                        } else {
                            "Saved."
                        }
                        .into(),
                    )));
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="webhook-title">
            <h2 id="webhook-title">"Webhook"</h2>
            <p class="hint">"The bot's and your operators' replies in API conversations are POSTed here, signed: "
                <code>"X-Porthole-Signature: sha256=<HMAC of the body>"</code>", and retried until your server answers 2xx."</p>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save(false); }>
                <TextField label="URL" name="webhook-url" value=url error=url_error kind="url"
                    placeholder="https://example.com/porthole" hint="Empty: no deliveries."/>
                <button type="submit" class="button primary" data-testid="save-webhook">"Save"</button>
            </form>
            <Show when=move || !secret.with(String::is_empty)>
                <div class="field">
                    <span class="label">"Signing secret"</span>
                    <pre class="snippet"><code data-testid="webhook-secret">{move || secret.get()}</code></pre>
                    <div class="actions">
                        <CopyButton text=Signal::derive(move || secret.get()) label="Copy secret" testid="copy-secret"/>
                        <button type="button" class="button" data-testid="rotate-secret" on:click=move |_| save(true)>"New secret"</button>
                    </div>
                </div>
            </Show>
            <OutcomeLine outcome/>
            <h3>"Deliveries"</h3>
            <button type="button" class="button small" on:click=move |_| load()>"Refresh"</button>
            <Show when=move || !deliveries.with(|d| d.is_empty()) fallback=|| view! { <Empty>"None yet."</Empty> }>
                <div class="table-scroll">
                    <table class="table" data-testid="deliveries">
                        <thead><tr><th scope="col">"Queued"</th><th scope="col">"Status"</th><th scope="col" class="num">"Tries"</th><th scope="col">"Last answer"</th></tr></thead>
                        <tbody>
                            {move || deliveries.get().into_iter().map(|d| view! {
                                <tr>
                                    <td>{format::iso(Some(&d.created_at))}</td>
                                    <td><span class="pill" class:off=d.status != DeliveryStatus::Delivered>{d.status.as_str()}</span></td>
                                    <td class="num">{d.attempts}</td>
                                    <td>{match (d.last_status, d.last_error.clone()) {
                                        (0, Some(e)) => e,
                                        (0, None) => "—".into(),
                                        (s, Some(e)) => format!("{s}: {e}"),
                                        (s, None) => s.to_string(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
