//! Status messages: what a save did, what failed and why, and "loading".

use leptos::prelude::*;

/// The outcome of an action, shown beside its button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It worked.
    Done(String),
    /// It failed, with the reason.
    Failed(String),
}

/// Shows an [`Outcome`] (nothing while there is none), announced to screen readers.
#[component]
pub fn OutcomeLine(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Outcome::Done(text) => {
                view! { <p class="outcome ok" role="status">{text}</p> }.into_any()
            }
            Outcome::Failed(text) => {
                view! { <p class="outcome error" role="alert">{text}</p> }.into_any()
            }
        })
    }
}

/// "Loading…" while something is fetched.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Loading…"</p> }
}

/// What a list shows when it is empty.
#[component]
pub fn Empty(children: Children) -> impl IntoView {
    view! { <div class="empty">{children()}</div> }
}
