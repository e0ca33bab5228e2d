//! Unanswered: the questions the bot could not answer (its fallback, or a reply the visitor voted
//! down), grouped when they ask the same thing, most recently asked first, with how often. One
//! click writes the answer (a curated answer with the group's wordings, `super::answers`), opens
//! the conversation, or dismisses the group. The owner's loop for teaching the bot.

use super::Current;
use crate::api;
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use crate::pages::inbox::improve::{Draft, ImproveAnswer};
use leptos::prelude::*;
use porthole_shared::gaps::{Gap, GapList};

/// The Unanswered tab.
#[component]
pub fn Unanswered() -> impl IntoView {
    let current = expect_context::<Current>();
    let gaps = RwSignal::new(None::<Vec<Gap>>);
    let outcome = RwSignal::new(None::<Outcome>);
    let writing = RwSignal::new(None::<Draft>);
    let reload = move || {
        let path = current.path("/gaps");
        leptos::task::spawn_local(async move {
            match api::get::<GapList>(&path).await {
                Ok(list) => {
                    gaps.try_set(Some(list.gaps));
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    };
    reload();
    let saved = Callback::new(move |_| {
        outcome.set(Some(Outcome::Done(
            "Answer saved: the bot gives it to these questions from now on.".into(),
        )));
        reload();
    });
    let dismissed = Callback::new(move |_| reload());
    let token = current.token.get_untracked();
    view! {
        <section class="card" aria-labelledby="gaps-title" data-testid="gaps">
            <h2 id="gaps-title">"What the bot could not answer"</h2>
            <p class="hint">"Questions that got the fallback, and replies visitors voted down, grouped when they ask the same thing. Write the answer once and the bot gives it from then on."</p>
            <OutcomeLine outcome/>
            <Show when=move || gaps.with(|g| g.is_some()) fallback=|| view! { <Loading/> }>
                <Show when=move || gaps.with(|g| g.as_ref().is_some_and(|g| !g.is_empty()))
                    fallback=|| view! { <Empty>"Nothing unanswered: every question got an answer, and no visitor voted one down."</Empty> }>
                    <ul class="gaps">
                        <For each=move || gaps.get().unwrap_or_default() key=|g| (g.key.clone(), g.last_at.clone(), g.count) let:gap>
                            <GapItem gap writing on_dismissed=dismissed/>
                        </For>
                    </ul>
                </Show>
            </Show>
            <ImproveAnswer token draft=writing on_saved=saved/>
        </section>
    }
}

/// One group: its latest wording, how often and when, its other wordings, and what to do.
#[component]
fn GapItem(
    gap: Gap,
    writing: RwSignal<Option<Draft>>,
    on_dismissed: Callback<()>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let failed = RwSignal::new(None::<Outcome>);
    let asked = js_sys::Date::parse(&gap.last_at);
    let mut said = vec![format::plural(gap.count, "time")];
    if gap.disliked > 0 {
        said.push(format!("{} voted down", gap.disliked));
    }
    if !asked.is_nan() {
        said.push(format!("last {}", format::ago(asked as i64)));
    }
    let others: Vec<String> = gap.wordings.iter().skip(1).cloned().collect();
    let draft = Draft {
        id: None,
        questions: gap.wordings.join("\n"),
        answer: String::new(),
        url: String::new(),
    };
    let key = gap.key.clone();
    let dismiss = move |_| {
        let path = current.path("/gaps/dismiss");
        let body = serde_json::json!({"key": key});
        leptos::task::spawn_local(async move {
            match api::send::<_, porthole_shared::api::Ack>("POST", &path, &body).await {
                Ok(_) => on_dismissed.run(()),
                Err(e) => {
                    failed.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    };
    let conversation = format!(
        "/console/inbox/{}/{}",
        current.token.get_untracked(),
        gap.chat_id
    );
    view! {
        <li class="gap" data-testid="gap">
            <div class="gap-head">
                <strong data-testid="gap-question">{gap.question.clone()}</strong>
                <span class="hint" data-testid="gap-count">{format!("Asked {}", said.join(" · "))}</span>
            </div>
            {(!others.is_empty()).then(|| view! {
                <p class="hint">"Also asked as: " {others.join(" · ")}</p>
            })}
            <div class="actions">
                <button type="button" class="button small primary" data-testid="write-answer"
                    on:click=move |_| writing.set(Some(draft.clone()))>"Write the answer"</button>
                <a class="button small" href=conversation data-testid="open-conversation">"Open the conversation"</a>
                <button type="button" class="button small subtle" data-testid="dismiss-gap" on:click=dismiss>"Dismiss"</button>
            </div>
            <OutcomeLine outcome=failed/>
        </li>
    }
}
