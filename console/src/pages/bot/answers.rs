//! Curated answers: the owner's own answers to questions, each in several wordings, that the bot
//! gives as written when a visitor asks one of them closely (in the Knowledge tab: the list,
//! editing and deleting one, adding one). [`AnswerForm`] is also what the inbox's "Improve this
//! answer" opens, with the visitor's question and the bot's reply filled in.

use super::Current;
use crate::api;
use crate::components::dialog::Confirm;
use crate::components::fields::TextField;
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use crate::validate;
use leptos::prelude::*;
use porthole_markdown::view::render;
use porthole_shared::answers::{AnswerInput, AnswerList, AnswerSaved, CuratedAnswer};

/// What an answer form starts with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The answer being changed, `None` for a new one.
    pub id: Option<i64>,
    /// Its wordings, one per line.
    pub questions: String,
    /// The answer.
    pub answer: String,
    /// Its link.
    pub url: String,
}

impl Draft {
    /// The form of a stored answer.
    pub fn of(answer: &CuratedAnswer) -> Self {
        Self {
            id: Some(answer.id),
            questions: answer.questions.join("\n"),
            answer: answer.answer.clone(),
            url: answer.url.clone(),
        }
    }
}

/// The request body of a form: its wordings (one per non-blank line), answer and link.
pub fn body(questions: &str, answer: &str, url: &str) -> serde_json::Value {
    let questions: Vec<&str> = questions
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .collect();
    serde_json::json!({"questions": questions, "answer": answer, "url": url})
}

/// The curated answers section of the Knowledge tab.
#[component]
pub fn CuratedAnswers(
    /// Runs after any change (the knowledge's counts change).
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let answers = RwSignal::new(None::<Vec<CuratedAnswer>>);
    let editing = RwSignal::new(None::<Draft>);
    let reload = move || {
        let path = current.path("/answers");
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::get::<AnswerList>(&path).await {
                answers.try_set(Some(list.answers));
            }
        });
    };
    reload();
    let changed = Callback::new(move |_| {
        editing.set(None);
        reload();
        on_changed.run(());
    });
    view! {
        <section class="card" aria-labelledby="answers-title" data-testid="curated-answers">
            <h2 id="answers-title">"Curated answers"</h2>
            <p class="hint">"Your own answer to a question, in the wordings visitors use: when a visitor asks one of them (in other words or another language too), the bot gives it as you wrote it, before anything in the documents."</p>
            <Show when=move || answers.with(|a| a.is_some()) fallback=|| view! { <Loading/> }>
                <Show when=move || answers.with(|a| a.as_ref().is_some_and(|a| !a.is_empty()))
                    fallback=|| view! { <Empty>"No curated answers yet. Add one below, or use “Improve this answer” on a reply in the inbox."</Empty> }>
                    <ul class="answers" data-testid="answers">
                        <For each=move || answers.get().unwrap_or_default() key=|a| (a.id, a.updated_at.clone()) let:answer>
                            <AnswerItem answer editing on_changed=changed/>
                        </For>
                    </ul>
                </Show>
            </Show>
            {move || match editing.get() {
                Some(draft) if draft.id.is_some() => None,
                _ => Some(view! {
                    <details class="add-answer" data-testid="add-answer">
                        <summary class="button">"Add a curated answer"</summary>
                        <AnswerForm path=current.path("/answers") draft=Draft::default() on_saved=Callback::new(move |_| changed.run(()))/>
                    </details>
                }),
            }}
        </section>
    }
}

/// One curated answer: its wordings and answer, with Edit and Delete.
#[component]
fn AnswerItem(
    answer: CuratedAnswer,
    editing: RwSignal<Option<Draft>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let current = expect_context::<Current>();
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<Outcome>);
    let id = answer.id;
    let delete = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::delete(&current.path(&format!("/answers/{id}"))).await {
                Ok(()) => on_changed.run(()),
                Err(e) => failed.set(Some(Outcome::Failed(e.message))),
            }
        });
    });
    let first = answer.questions.first().cloned().unwrap_or_default();
    let others = answer.questions.len().saturating_sub(1);
    let draft = Draft::of(&answer);
    let is_edited = move || editing.with(|e| e.as_ref().and_then(|d| d.id) == Some(id));
    view! {
        <li class="answer" data-testid="answer">
            <Show when=is_edited fallback={
                let (first, answer, draft) = (first.clone(), answer.clone(), draft.clone());
                move || view! {
                    <div class="answer-head">
                        <strong data-testid="answer-question">{first.clone()}</strong>
                        {(others > 0).then(|| view! { <span class="hint">{format!(" and {}", format::plural(others as i64, "other wording"))}</span> })}
                    </div>
                    <div class="md answer-text" data-testid="answer-text">{render(&answer.answer)}</div>
                    {(!answer.url.is_empty()).then(|| view! {
                        <p class="hint">"Source: "<a href=answer.url.clone() target="_blank" rel="noopener noreferrer">{answer.url.clone()}</a></p>
                    })}
                    <div class="actions">
                        <button type="button" class="button small" data-testid="edit-answer"
                            on:click={
                                let draft = draft.clone();
                                move |_| editing.set(Some(draft.clone()))
                            }>"Edit"</button>
                        <button type="button" class="button small danger-outline" data-testid="delete-answer"
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                    </div>
                    <OutcomeLine outcome=failed/>
                }
            }>
                <AnswerForm path=current.path(&format!("/answers/{id}")) draft=draft.clone()
                    on_saved=Callback::new(move |_| on_changed.run(()))
                    on_cancel=Callback::new(move |_| editing.set(None))/>
            </Show>
            <Confirm open=confirming title=format!("Delete the answer to “{first}”?")
                message="The bot answers this question from the documents again."
                confirm="Delete the answer" on_confirm=delete/>
        </li>
    }
}

/// A curated answer's form: its wordings (one per line), the answer (Markdown, previewed as the
/// widget shows it) and its link; saved to `path` (`POST` for a new one, `PUT` for a change).
#[component]
pub fn AnswerForm(
    /// `…/answers` (new) or `…/answers/{id}` (a change).
    path: String,
    /// What the form starts with.
    draft: Draft,
    /// Runs with the saved answer.
    on_saved: Callback<CuratedAnswer>,
    /// Shows a Cancel button that runs this.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let method = if draft.id.is_some() { "PUT" } else { "POST" };
    let questions = RwSignal::new(draft.questions);
    let answer = RwSignal::new(draft.answer);
    let url = RwSignal::new(draft.url);
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = body(
            &questions.get_untracked(),
            &answer.get_untracked(),
            &url.get_untracked(),
        );
        let missing = if body["questions"].as_array().is_none_or(Vec::is_empty) {
            Some("Write the question first, as a visitor would ask it.")
        } else if answer.get_untracked().trim().is_empty() {
            Some("Write the answer first.")
        } else {
            None
        };
        if let Some(missing) = missing {
            outcome.set(Some(Outcome::Failed(missing.into())));
            return;
        }
        if let Some(e) = validate::check::<AnswerInput>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        busy.set(true);
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::send::<_, AnswerSaved>(method, &path, &body).await {
                Ok(saved) => {
                    outcome.try_set(Some(Outcome::Done(
                        "Saved: the bot gives this answer from now on.".into(),
                    )));
                    on_saved.run(saved.answer);
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="answer-form" on:submit=save data-testid="answer-form">
            <TextField label="Questions, one per line" name="answer-questions" value=questions rows=3
                placeholder="Can I return an opened bag?\nDo you take back opened coffee?"
                hint="The ways visitors ask it: other wordings and languages are matched too."/>
            <TextField label="Answer" name="answer-text" value=answer rows=5
                placeholder="Yes: within 30 days, opened or not." hint="Markdown: **bold**, lists, links and tables."/>
            <Show when=move || !answer.with(|a| a.trim().is_empty())>
                <div class="answer-preview">
                    <span class="hint">"As visitors see it"</span>
                    <div class="reply md">{move || render(&answer.get())}</div>
                </div>
            </Show>
            <TextField label="Source link (optional)" name="answer-url" value=url kind="url"
                placeholder="https://…" hint="Shown under the answer as its source."/>
            <div class="actions">
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button" on:click=move |_| cancel.run(())>"Cancel"</button>
                })}
                <button type="submit" class="button primary" data-testid="save-answer" disabled=move || busy.get()>
                    {move || if busy.get() { "Saving…" } else { "Save answer" }}
                </button>
            </div>
            <OutcomeLine outcome/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_sends_each_non_blank_line_as_a_wording() {
        let b = body(" Refunds? \n\n  \nCan I return coffee?", "Yes.", "");
        assert_eq!(
            b["questions"],
            serde_json::json!(["Refunds?", "Can I return coffee?"])
        );
        assert!(validate::check::<AnswerInput>(b).is_none());
        let none = body("\n \n", "Yes.", "");
        assert!(validate::check::<AnswerInput>(none).is_some());
    }
}
