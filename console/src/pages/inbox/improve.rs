//! "Improve this answer": from a bot reply in the inbox, a curated answer in two clicks — the
//! visitor's question as its first wording and the reply as its answer, to correct and save
//! (`crate::pages::bot::answers`). From then on the bot gives it to that question and its
//! paraphrases.

use crate::components::dialog::modal_while;
use crate::pages::bot::answers::AnswerForm;
pub use crate::pages::bot::answers::Draft;
use leptos::html;
use leptos::prelude::*;

/// A modal with a curated answer's form while `draft` is set, saved to the bot `token`.
#[component]
pub fn ImproveAnswer(
    /// The bot's token.
    token: String,
    /// The form's start (`None`: closed).
    draft: RwSignal<Option<Draft>>,
    /// Runs once the answer is saved.
    on_saved: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    modal_while(dialog, move || draft.with(Option::is_some));
    let path = format!("/api/admin/bots/{token}/answers");
    view! {
        <dialog class="dialog wide" node_ref=dialog aria-labelledby="improve-title"
            on:close=move |_| draft.set(None) data-testid="improve-dialog">
            <h2 id="improve-title">"Improve this answer"</h2>
            <p class="hint">"Save how the bot should answer: it gives this answer as written whenever a visitor asks this question, in these or other words."</p>
            {move || draft.get().map(|d| view! {
                <AnswerForm path=path.clone() draft=d
                    on_saved=Callback::new(move |_| {
                        draft.set(None);
                        on_saved.run(());
                    })
                    on_cancel=Callback::new(move |_| draft.set(None))/>
            })}
        </dialog>
    }
}

/// The draft of a reply: the visitor's question before it (when there was one) and the reply.
pub fn draft(question: Option<&str>, reply: &str) -> Draft {
    Draft {
        id: None,
        questions: question.map(str::trim).unwrap_or_default().to_owned(),
        answer: reply.trim().to_owned(),
        url: String::new(),
    }
}
