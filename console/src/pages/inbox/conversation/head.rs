//! The conversation's header: who the visitor is and who answers (the AI, a person, nobody while
//! blocked; resolved until the visitor writes again), and what a person can do: take over, hand
//! back to the AI, resolve, block for a while or unblock, and (the owner) erase it.

use super::super::choice::Choice;
use crate::api;
use crate::components::dialog::Confirm;
use crate::components::status::{Outcome, OutcomeLine};
use crate::format;
use crate::session::auth;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use porthole_shared::inbox::{ConversationDetail, ConversationResponse};
use porthole_shared::message::Mode;

/// The header of the conversation at `base` (its admin path).
#[component]
pub fn Head(
    base: String,
    detail: RwSignal<Option<ConversationDetail>>,
    outcome: RwSignal<Option<Outcome>>,
    /// The bot's name as the inbox shows it.
    bot_label: Memo<String>,
) -> impl IntoView {
    let choice = Choice::read();
    let act = Callback::new({
        let base = base.clone();
        move |(action, body, done): (&'static str, serde_json::Value, &'static str)| {
            let path = format!("{base}/{action}");
            leptos::task::spawn_local(async move {
                match api::send::<_, ConversationResponse>("POST", &path, &body).await {
                    Ok(r) => {
                        detail.update(|d| {
                            if let Some(d) = d {
                                d.conversation = r.conversation;
                            }
                        });
                        outcome.set(Some(Outcome::Done(done.into())));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let unblock = Callback::new({
        let base = base.clone();
        move |()| {
            let path = format!("{base}/block");
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => {
                        detail.update(|d| {
                            if let Some(d) = d {
                                d.conversation.blocked = false;
                                d.blocked_until = None;
                            }
                        });
                        outcome.set(Some(Outcome::Done("Unblocked.".into())));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let erasing = RwSignal::new(false);
    let erase = Callback::new({
        let navigate = use_navigate();
        move |()| {
            let path = base.clone();
            let navigate = navigate.clone();
            let back_to = format!("/console/inbox{}", choice.suffix_untracked());
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => navigate(&back_to, Default::default()),
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let summary = move || detail.with(|d| d.as_ref().map(|d| d.conversation.clone()));
    let mode = move || summary().map(|s| s.mode).unwrap_or(Mode::Ai);
    // Resolved, and (when blocked) the block said instead.
    let is_resolved = move || {
        detail.with(|d| {
            d.as_ref()
                .is_some_and(|d| !d.conversation.blocked && d.conversation.resolved)
        })
    };
    let back = move || format!("/console/inbox{}", choice.suffix());
    let block_minutes = RwSignal::new("60".to_owned());
    let owner = move || auth().is_owner();

    view! {
        <header class="conversation-head">
            <a class="button subtle back" href=back>"← All conversations"</a>
            <h2 data-testid="visitor">{move || summary().map(|s| format::visitor(&s)).unwrap_or_default()}</h2>
            <p class="hint">
                {bot_label} " · "
                {move || summary().map(|s| format!("started {}", format::ago(s.started_at))).unwrap_or_default()}
                {move || summary().and_then(|s| s.visitor_key).map(|k| format!(" · API visitor {k}"))}
            </p>
            <p class="state" data-testid="mode">
                {move || match (mode(), summary().map(|s| s.waiting).unwrap_or(false)) {
                    _ if summary().is_some_and(|s| s.blocked) => "Blocked: the visitor cannot write".to_owned(),
                    _ if is_resolved() => String::new(),
                    (Mode::Operator, _) => format!("{} answers", summary().and_then(|s| s.assignee).map(|a| a.name).unwrap_or_else(|| "A person".into())),
                    (Mode::Ai, true) => "The visitor asks for a person".to_owned(),
                    (Mode::Ai, false) => "The AI answers".to_owned(),
                }}
                {move || is_resolved().then(|| view! {
                    <span class="resolved" data-testid="conversation-resolved">
                        <span class="badge done">"Resolved"</span>
                        " The visitor was asked for a rating. If they write again, the AI answers and the conversation opens again."
                    </span>
                })}
            </p>
            <div class="actions">
                <Show when=move || mode() == Mode::Ai
                    fallback=move || view! {
                        <button type="button" class="button" data-testid="hand-back"
                            on:click=move |_| act.run(("handback", serde_json::json!({}), "The AI answers again."))>"Hand back to the AI"</button>
                    }>
                    <button type="button" class="button primary" data-testid="take-over"
                        on:click=move |_| act.run(("takeover", serde_json::json!({}), "You answer this visitor now."))>"Take over"</button>
                </Show>
                <button type="button" class="button" data-testid="resolve" disabled=is_resolved
                    title=move || if is_resolved() { "Already resolved" } else { "Done: the AI answers again and the visitor is asked for a rating" }
                    on:click=move |_| act.run(("resolve", serde_json::json!({}), "Resolved: the visitor is asked for a rating."))>"Resolve"</button>
                <Show when=move || !summary().is_some_and(|s| s.blocked)
                    fallback=move || view! {
                        <button type="button" class="button" data-testid="unblock" on:click=move |_| unblock.run(())>"Unblock"</button>
                    }>
                        <span class="block">
                            <label class="sr-only" for="block-for">"Block for"</label>
                            <select id="block-for" data-testid="block-for" prop:value=move || block_minutes.get()
                                on:change=move |ev| block_minutes.set(event_target_value(&ev))>
                                <option value="60">"1 hour"</option>
                                <option value="1440">"1 day"</option>
                                <option value="10080">"1 week"</option>
                                <option value="">"Until unblocked"</option>
                            </select>
                            <button type="button" class="button danger-outline" data-testid="block"
                                on:click=move |_| {
                                    let minutes = block_minutes.get_untracked().parse::<u32>().ok();
                                    act.run(("block", serde_json::json!({"minutes": minutes}), "Blocked: the visitor cannot write."));
                                }>"Block"</button>
                        </span>
                </Show>
                <Show when=owner>
                    <button type="button" class="button danger-outline" data-testid="erase"
                        on:click=move |_| erasing.set(true)>"Erase…"</button>
                </Show>
            </div>
            <Confirm open=erasing title="Erase this conversation?"
                message="Its messages, contact details and images are deleted for good. Use this for a visitor's erasure request."
                confirm="Erase the conversation" on_confirm=erase/>
            <OutcomeLine outcome/>
        </header>
    }
}
