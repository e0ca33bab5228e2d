//! The inbox: every conversation of the bots the operator may see, newest activity first, kept
//! up to date by the live connection (and reloaded when it says events were missed). Visitors
//! waiting for a person, unread and resolved conversations stand out; filters narrow the list
//! (and stay in the address while a conversation is open); words search every message and
//! contact, each result showing where it matched and opening at that message; the list as it
//! is filtered exports as CSV or JSON Lines. Choosing a conversation opens it beside the list
//! (in place of it on a phone). Operators can allow browser notifications for visitors who ask
//! for a person.

pub mod choice;
pub mod conversation;
pub mod improve;
pub mod message;
pub mod saved;

use crate::api;
use crate::bots::Bots;
use crate::components::status::{Empty, Loading};
use crate::format;
use crate::latest::Latest;
use crate::live::{Live, LiveEvent};
use crate::notify;
use crate::session::auth;
use choice::{Choice, Filter};
use conversation::ConversationView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porthole_shared::events::Event;
use porthole_shared::inbox::{ConversationList, ConversationSummary, SearchHit};
use porthole_shared::message::Mode;
use std::collections::HashMap;
use web_sys::NotificationPermission;

/// Events kept to apply over a page being read (a live inbox sees a few a second).
const MAX_EVENTS_SINCE_LOAD: usize = 500;

/// The summary an event carries.
fn summary_of(event: &Event) -> Option<&ConversationSummary> {
    match event {
        Event::ConversationNew(c) | Event::ConversationQualified(c) => Some(c),
        Event::ConversationUpdated(c) => Some(&c.conversation),
        Event::MessageNew(m) => Some(&m.conversation),
        Event::CampaignProgress(_) => None,
    }
}

/// Puts `summary` where it belongs in `list` (newest activity first), or takes it out when the
/// list's filters do not `keep` it.
fn apply(list: &mut Vec<ConversationSummary>, summary: &ConversationSummary, keep: bool) {
    list.retain(|c| !(c.id == summary.id && c.bot == summary.bot));
    if keep {
        let at = list
            .iter()
            .position(|c| c.updated_at <= summary.updated_at)
            .unwrap_or(list.len());
        list.insert(at, summary.clone());
    }
}

/// The inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let params = use_params_map();
    let selected = Memo::new(move |_| params.with(|p| Some((p.get("token")?, p.get("chat")?))));
    let live = expect_context::<Live>();
    let bots = expect_context::<Bots>();
    let me = move || {
        auth().session.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.identity.id.clone())
                .unwrap_or_default()
        })
    };
    let choice = Choice::read();
    let (filter, bot, q) = (choice.filter, choice.bot, choice.q);
    let choose = choice.setter();
    let list = RwSignal::new(None::<Vec<ConversationSummary>>);
    // Where each listed conversation matched the words searched for.
    let hits = RwSignal::new(HashMap::<String, SearchHit>::new());
    let outcome = RwSignal::new(None::<String>);
    // Why the newest read of the list failed, if it did.
    let read_failure = RwSignal::new(None::<String>);
    let cursor = RwSignal::new(None::<String>);
    // Events that arrive while the list is being read again: the page read may predate them, so
    // they are applied over it when it comes.
    let since_load = StoredValue::new(Vec::<(ConversationSummary, bool)>::new());
    // A read started by new words or filters replaces the reads still in flight.
    let latest = Latest::new();
    let load = move |more: bool| {
        // The cursor is taken by the read that uses it: "Older conversations" hides until the
        // answer brings the next one, so a page is not asked twice, nor with the words or
        // filters of a list that is being replaced.
        let taken = cursor.get_untracked();
        cursor.set(None);
        let (after, ticket) = match (more, taken) {
            (true, None) => return,
            (true, after) => (after, latest.current()),
            (false, _) => {
                since_load.set_value(Vec::new());
                (None, latest.start())
            }
        };
        let query = format!(
            "/api/admin/conversations?limit=50{}{}",
            narrowing(choice),
            after
                .as_ref()
                .map(|c| format!("&cursor={}", api::encode(c)))
                .unwrap_or_default(),
        );
        leptos::task::spawn_local(async move {
            let read = api::get::<ConversationList>(&query).await;
            if !latest.holds(ticket) {
                return;
            }
            let page = match read {
                Ok(page) => page,
                Err(e) => {
                    // The newest read failed: say so where the list would be (an older page
                    // stays, and its cursor, to try again).
                    if more {
                        cursor.set(after);
                    }
                    read_failure.set(Some(e.message));
                    return;
                }
            };
            read_failure.set(None);
            let mine = me();
            let f = filter.get_untracked();
            let mut rows: Vec<ConversationSummary> = page
                .conversations
                .into_iter()
                .filter(|c| f.keeps(c, &mine))
                .collect();
            if !more {
                since_load.with_value(|events| {
                    for (summary, keep) in events {
                        apply(&mut rows, summary, *keep);
                    }
                });
            }
            let found = page
                .hits
                .into_iter()
                .map(|h| (h.conversation_id.clone(), h));
            if more {
                hits.update(|h| h.extend(found));
            } else {
                hits.set(found.collect());
            }
            list.update(|l| match (more, l) {
                (true, Some(l)) => l.extend(rows),
                (_, l) => *l = Some(rows),
            });
            cursor.set(page.next_cursor);
        });
    };
    Effect::new(move |_| {
        filter.track();
        bot.track();
        q.track();
        load(false);
    });
    live.listen(move |event| match event {
        LiveEvent::Resync => load(false),
        LiveEvent::Event(event) => {
            let Some(summary) = summary_of(event) else {
                return;
            };
            // While searching, only conversations already found are kept up to date.
            let searching = q.with_untracked(|q| !q.trim().is_empty());
            let found = hits.with_untracked(|h| h.contains_key(&summary.id));
            let wanted =
                bot.with_untracked(|b| b.is_empty() || *b == summary.bot) && (!searching || found);
            let keep = wanted && filter.get_untracked().keeps(summary, &me());
            since_load.update_value(|events| {
                if events.len() < MAX_EVENTS_SINCE_LOAD {
                    events.push((summary.clone(), keep));
                }
            });
            list.update(|l| {
                if let Some(l) = l {
                    apply(l, summary, keep);
                }
            });
        }
    });
    let granted = RwSignal::new(notify::permission() == NotificationPermission::Granted);
    let can_ask = move || !granted.get() && notify::permission() == NotificationPermission::Default;
    let tab = {
        let choose = choose.clone();
        move |f: Filter, label: &'static str, id: &'static str| {
            let choose = choose.clone();
            view! {
                <button type="button" role="radio" class="tab" data-testid=id aria-checked=move || (filter.get() == f).to_string()
                    on:click=move |_| choose(Some(f), None, None)>{label}</button>
            }
        }
    };
    view! {
        <section class="page inbox" class:has-selection=move || selected.get().is_some()>
            <div class="inbox-list" aria-label="Conversations">
                <header class="page-head">
                    <h1>"Inbox"</h1>
                    <Show when=can_ask>
                        <button type="button" class="button small" data-testid="allow-notifications"
                            on:click=move |_| notify::ask(granted)>"Notify me when a visitor asks for a person"</button>
                    </Show>
                </header>
                <div class="filters">
                    <div class="range" role="radiogroup" aria-label="Show">
                        {tab(Filter::All, "All", "filter-all")}
                        {tab(Filter::Waiting, "Waiting", "filter-waiting")}
                        {tab(Filter::Unread, "Unread", "filter-unread")}
                        {tab(Filter::Mine, "Mine", "filter-mine")}
                        {tab(Filter::Resolved, "Resolved", "filter-resolved")}
                    </div>
                    <label class="sr-only" for="inbox-bot">"Bot"</label>
                    <select id="inbox-bot" data-testid="filter-bot" prop:value=move || bot.get()
                        on:change={
                            let choose = choose.clone();
                            move |ev| choose(None, Some(event_target_value(&ev)), None)
                        }>
                        <option value="">"All bots"</option>
                        {move || bots.labels().into_iter().map(|(token, label)| {
                            let chosen = token.clone();
                            view! { <option value=token selected=move || bot.get() == chosen>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <SearchBox q choose=choose.clone()/>
                <div class="row export" data-testid="export">
                    <span class="hint">"Export this list:"</span>
                    <button type="button" class="button small" data-testid="export-csv"
                        on:click=move |_| export("csv", outcome, choice)>"CSV"</button>
                    <button type="button" class="button small" data-testid="export-jsonl"
                        on:click=move |_| export("jsonl", outcome, choice)>"JSON Lines"</button>
                    {move || outcome.get().map(|e| view! { <span class="outcome error" role="alert">{e}</span> })}
                </div>
                {move || read_failure.get().map(|e| view! {
                    <p class="outcome error" role="alert" data-testid="list-error">{format!("The list could not be read: {e}")}</p>
                })}
                <Show when=move || list.with(|l| l.is_some()) fallback=|| view! { <Loading/> }>
                    <Show when=move || list.with(|l| l.as_ref().is_some_and(|l| !l.is_empty()))
                        fallback=move || view! { <Empty>{move || if !q.with(|q| q.trim().is_empty()) {
                            "No conversation has these words (in a message or its contact details) among these filters."
                        } else if filter.get() == Filter::Resolved {
                            "No resolved conversations among the latest. One shows here once resolved, until its visitor writes again."
                        } else {
                            "No conversations here yet. They appear the moment a visitor writes."
                        }}</Empty> }>
                        <ul class="conversations" data-testid="conversations">
                            <For each=move || list.get().unwrap_or_default()
                                key=move |c| (c.bot.clone(), c.id.clone(), c.updated_at, c.unread, c.waiting, c.mode, c.resolved,
                                    hits.with_untracked(|h| h.get(&c.id).map(|h| h.snippet.clone())))
                                let:c>
                                <Row hit=hits.with_untracked(|h| h.get(&c.id).cloned()) c selected choice/>
                            </For>
                        </ul>
                        <Show when=move || cursor.with(|c| c.is_some())>
                            <button type="button" class="button wide" data-testid="older" on:click=move |_| load(true)>"Older conversations"</button>
                        </Show>
                    </Show>
                </Show>
            </div>
            <div class="inbox-view">
                {move || match selected.get() {
                    Some((token, chat)) => view! { <ConversationView token chat/> }.into_any(),
                    None => view! { <Empty>"Choose a conversation to read it and answer."</Empty> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The list's filters, bot and words as query parameters (`&…`), for the list and the export.
fn narrowing(choice: Choice) -> String {
    let bot = choice.bot.get_untracked();
    let q = choice.q.get_untracked();
    format!(
        "{}{}{}",
        choice.filter.get_untracked().query(),
        if bot.is_empty() {
            String::new()
        } else {
            format!("&bot={}", api::encode(&bot))
        },
        if q.trim().is_empty() {
            String::new()
        } else {
            format!("&q={}", api::encode(q.trim()))
        },
    )
}

/// Downloads the list as it is filtered (`format`: `csv` or `jsonl`).
fn export(format: &'static str, outcome: RwSignal<Option<String>>, choice: Choice) {
    let path = format!(
        "/api/admin/conversations/export?format={format}{}",
        narrowing(choice)
    );
    leptos::task::spawn_local(async move {
        match api::download(&path, &format!("conversations.{format}")).await {
            Ok(()) => outcome.set(None),
            Err(e) => outcome.set(Some(e.message)),
        }
    });
}

/// The search field: the words go to the address a moment after typing stops.
#[component]
fn SearchBox(
    q: Memo<String>,
    choose: impl Fn(Option<Filter>, Option<String>, Option<String>) + Clone + 'static,
) -> impl IntoView {
    let typed = RwSignal::new(q.get_untracked());
    let latest = Latest::new();
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        let mine = latest.start();
        let choose = choose.clone();
        set_timeout(
            move || {
                if latest.holds(mine) {
                    choose(None, None, Some(value));
                }
            },
            std::time::Duration::from_millis(300),
        );
    };
    view! {
        <div class="search">
            <label class="sr-only" for="inbox-search">"Search conversations"</label>
            <input id="inbox-search" type="search" data-testid="inbox-search" autocomplete="off"
                placeholder="Search messages and contacts" prop:value=move || typed.get() on:input=on_input/>
        </div>
    }
}

#[component]
fn Row(
    /// Where the conversation matched the words searched for.
    hit: Option<SearchHit>,
    c: ConversationSummary,
    selected: Memo<Option<(String, String)>>,
    choice: Choice,
) -> impl IntoView {
    let bots = expect_context::<Bots>();
    let href = {
        let path = format!("/console/inbox/{}/{}", c.bot, c.id);
        let at = hit
            .as_ref()
            .and_then(|h| h.message_id.clone())
            .map(|m| format!("#m{m}"))
            .unwrap_or_default();
        move || format!("{path}{}{at}", choice.suffix())
    };
    let is_resolved = c.resolved;
    let key = (c.bot.clone(), c.id.clone());
    let is_selected = Memo::new(move |_| selected.with(|s| s.as_ref() == Some(&key)));
    // Read when shown, so a list of bots that loads after the conversations still names them.
    let bot = c.bot.clone();
    let bot_name = move || bots.label(&bot);
    let who = format::visitor(&c);
    view! {
        <li class="conversation" class:waiting=c.waiting class:unread=(c.unread > 0) class:selected=is_selected
            class:resolved=is_resolved
            data-testid="conversation" data-id=c.id.clone()>
            <a href=href aria-current=move || is_selected.get().then_some("page")>
                <span class="who">{who}</span>
                <span class="when">{format::ago(c.updated_at)}</span>
                {match hit {
                    Some(h) => view! {
                        <span class="last hit" data-testid="hit">
                            {(h.role == "contact").then_some("Contact: ")}{h.snippet}
                        </span>
                    }.into_any(),
                    None => view! { <span class="last" data-testid="last-message">{c.last_message.clone()}</span> }.into_any(),
                }}
                <span class="tags">
                    <span class="bot-tag">{bot_name}</span>
                    {c.waiting.then(|| view! { <span class="badge warn" data-testid="waiting">"Waiting"</span> })}
                    {is_resolved.then(|| view! { <span class="badge done" data-testid="resolved-badge">"Resolved"</span> })}
                    {(c.unread > 0).then(|| view! { <span class="badge" data-testid="unread">{format!("{} new", c.unread)}</span> })}
                    {(c.mode == Mode::Operator).then(|| view! {
                        <span class="badge person">{c.assignee.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "A person".into())}</span>
                    })}
                    {c.blocked.then(|| view! { <span class="badge off">"Blocked"</span> })}
                    {c.rating.map(|r| view! { <span class="badge">{format!("{r}★")}</span> })}
                </span>
            </a>
        </li>
    }
}
