//! Saved replies: answers an operator sends often, inserted in the inbox by typing `/` and a
//! shortcut (`pages::inbox::saved`). This page lists the ones the operator may use, and adds,
//! changes and deletes them: owners for every bot or one, agents for the bots they are given.

use crate::api;
use crate::bots::Bots;
use crate::components::dialog::Confirm;
use crate::components::fields::{Select, TextField};
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::validate;
use leptos::prelude::*;
use porthole_markdown::view::render;
use porthole_shared::replies::{
    PLACEHOLDERS, SavedReply, SavedReplyInput, SavedReplyList, SavedReplySaved,
};

/// What the reply form starts with.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    /// The reply being changed, `None` for a new one.
    id: Option<String>,
    shortcut: String,
    title: String,
    text: String,
    /// A bot's token, or `""` for every bot.
    bot: String,
}

impl Draft {
    fn of(reply: &SavedReply) -> Self {
        Self {
            id: Some(reply.id.clone()),
            shortcut: reply.shortcut.clone(),
            title: reply.title.clone(),
            text: reply.text.clone(),
            bot: reply.bot.clone().unwrap_or_default(),
        }
    }
}

/// The saved replies page.
#[component]
pub fn RepliesPage() -> impl IntoView {
    let bots = expect_context::<Bots>();
    let replies = RwSignal::new(None::<Vec<SavedReply>>);
    let failed = RwSignal::new(None::<Outcome>);
    let editing = RwSignal::new(None::<Draft>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::get::<SavedReplyList>("/api/admin/replies").await {
                Ok(list) => {
                    replies.try_set(Some(list.replies));
                }
                Err(e) => {
                    failed.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    };
    reload();
    let changed = Callback::new(move |_| {
        editing.set(None);
        reload();
    });
    view! {
        <section class="page" data-testid="replies-page">
            <header class="page-head"><h1>"Saved replies"</h1></header>
            <p class="hint">"Answers you send often. In a conversation, type / and the shortcut (or part of the title) to insert one; its placeholders are filled from the conversation."</p>
            <OutcomeLine outcome=failed/>
            <Show when=move || replies.with(|r| r.is_some()) fallback=|| view! { <Loading/> }>
                <Show when=move || replies.with(|r| r.as_ref().is_some_and(|r| !r.is_empty()))
                    fallback=|| view! { <Empty>"No saved replies yet. Add the first below."</Empty> }>
                    <ul class="cards replies" data-testid="replies">
                        <For each=move || replies.get().unwrap_or_default() key=|r| (r.id.clone(), r.updated_at.clone()) let:reply>
                            <ReplyCard reply editing on_changed=changed/>
                        </For>
                    </ul>
                </Show>
            </Show>
            // The form offers the bots as its choices, read once: it waits for their list.
            {move || match editing.get() {
                _ if !bots.loaded.get() => Some(view! { <Loading/> }.into_any()),
                Some(draft) if draft.id.is_some() => None,
                _ => Some(view! {
                    <section class="card" aria-labelledby="new-reply-title">
                        <h2 id="new-reply-title">"New saved reply"</h2>
                        <ReplyForm draft=Draft::default() on_saved=changed/>
                    </section>
                }.into_any()),
            }}
        </section>
    }
}

/// One saved reply: its shortcut, title, bot and text, with Edit and Delete.
#[component]
fn ReplyCard(
    reply: SavedReply,
    editing: RwSignal<Option<Draft>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let bots = expect_context::<Bots>();
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<Outcome>);
    let id = reply.id.clone();
    let delete = {
        let id = id.clone();
        Callback::new(move |_| {
            let path = format!("/api/admin/replies/{id}");
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => on_changed.run(()),
                    Err(e) => {
                        failed.try_set(Some(Outcome::Failed(e.message)));
                    }
                }
            });
        })
    };
    let scope = match &reply.bot {
        Some(token) => bots.label(token),
        None => "Every bot".to_owned(),
    };
    let draft = Draft::of(&reply);
    let is_edited = {
        let id = id.clone();
        move || editing.with(|e| e.as_ref().and_then(|d| d.id.as_deref()) == Some(id.as_str()))
    };
    let shortcut = reply.shortcut.clone();
    view! {
        <li class="card saved-reply" data-testid="saved-reply">
            <Show when=is_edited.clone() fallback={
                let (reply, draft, scope) = (reply.clone(), draft.clone(), scope.clone());
                move || view! {
                    <div class="saved-reply-head">
                        <code class="shortcut" data-testid="reply-shortcut">{format!("/{}", reply.shortcut)}</code>
                        <strong>{reply.title.clone()}</strong>
                        <span class="badge">{scope.clone()}</span>
                    </div>
                    <div class="md saved-reply-text">{render(&reply.text)}</div>
                    <div class="actions">
                        <button type="button" class="button small" data-testid="edit-reply"
                            on:click={
                                let draft = draft.clone();
                                move |_| editing.set(Some(draft.clone()))
                            }>"Edit"</button>
                        <button type="button" class="button small danger-outline" data-testid="delete-reply"
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                    </div>
                    <OutcomeLine outcome=failed/>
                }
            }>
                <ReplyForm draft=draft.clone() on_saved=on_changed on_cancel=Callback::new(move |_| editing.set(None))/>
            </Show>
            <Confirm open=confirming title=format!("Delete /{shortcut}?")
                message="Operators can no longer insert it." confirm="Delete the reply" on_confirm=delete/>
        </li>
    }
}

/// The form of a saved reply: shortcut, title, which bot, text (Markdown, previewed).
#[component]
fn ReplyForm(
    draft: Draft,
    on_saved: Callback<()>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let bots = expect_context::<Bots>();
    let owner = crate::session::auth().is_owner();
    let (method, path) = match &draft.id {
        Some(id) => ("PUT", format!("/api/admin/replies/{id}")),
        None => ("POST", "/api/admin/replies".to_owned()),
    };
    let shortcut = RwSignal::new(draft.shortcut);
    let title = RwSignal::new(draft.title);
    let text = RwSignal::new(draft.text);
    let bot = RwSignal::new(if draft.id.is_none() && !owner {
        bots.list
            .with_untracked(|l| l.first().map(|b| b.token.clone()).unwrap_or_default())
    } else {
        draft.bot
    });
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    // Owners may share a reply with every bot; an agent's are for one of their bots.
    let mut options: Vec<(String, String)> = Vec::new();
    if owner {
        options.push((String::new(), "Every bot".into()));
    }
    options.extend(untrack(|| bots.labels()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let bot_value = bot.get_untracked();
        let body = serde_json::json!({
            "shortcut": shortcut.get_untracked(),
            "title": title.get_untracked(),
            "text": text.get_untracked(),
            "bot": if bot_value.is_empty() { serde_json::Value::Null } else { bot_value.into() },
        });
        if let Some(e) = validate::check::<SavedReplyInput>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        busy.set(true);
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::send::<_, SavedReplySaved>(method, &path, &body).await {
                Ok(saved) => {
                    outcome.try_set(Some(Outcome::Done(format!(
                        "Saved: type /{} in a conversation to insert it.",
                        saved.reply.shortcut
                    ))));
                    shortcut.try_set(String::new());
                    title.try_set(String::new());
                    text.try_set(String::new());
                    on_saved.run(());
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
            busy.try_set(false);
        });
    };
    let placeholders = PLACEHOLDERS
        .iter()
        .map(|(name, what)| view! { <li><code>{format!("{{{name}}}")}</code>" " {*what}</li> })
        .collect_view();
    view! {
        <form class="reply-form" on:submit=save data-testid="reply-form">
            <div class="pair">
                <TextField label="Shortcut" name="reply-shortcut" value=shortcut placeholder="refund"
                    hint="Typed after / in a conversation: letters, digits, - and _."/>
                <TextField label="Title (optional)" name="reply-title" value=title placeholder="How refunds work"/>
            </div>
            <Select label="For" name="reply-bot" value=bot options=options
                hint="Every bot, or the one bot whose conversations offer it."/>
            <TextField label="Reply" name="reply-text" value=text rows=5
                placeholder="Hi {visitor_first_name}, refunds reach your card within 5 working days."
                hint="Markdown. Placeholders are filled from the conversation:"/>
            <ul class="placeholders hint">{placeholders}</ul>
            <Show when=move || !text.with(|t| t.trim().is_empty())>
                <div class="answer-preview">
                    <span class="hint">"As visitors see it"</span>
                    <div class="reply md">{move || render(&text.get())}</div>
                </div>
            </Show>
            <div class="actions">
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button" on:click=move |_| cancel.run(())>"Cancel"</button>
                })}
                <button type="submit" class="button primary" data-testid="save-reply" disabled=move || busy.get()>
                    {move || if busy.get() { "Saving…" } else { "Save reply" }}
                </button>
            </div>
            <OutcomeLine outcome/>
        </form>
    }
}
